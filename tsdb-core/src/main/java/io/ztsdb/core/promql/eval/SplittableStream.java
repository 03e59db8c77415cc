// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.eval;

/**
 * A stream whose remaining series can be divided among threads: each part is a stream of its own (own buffers)
 * over a disjoint share of the series, in the original order within the part.
 */
interface SplittableStream extends SeriesStream {
    /** @return how many series remain. */
    int remaining();

    /**
     * Divides the remaining series; this stream must not be read afterwards.
     *
     * @param parts number of parts, at least 1.
     * @return the parts, in series order.
     */
    SeriesStream[] split(int parts);

    /** @return the bounds of part {@code p} of {@code parts} over {@code [from, to)}. */
    static int bound(final int from, final int to, final int p, final int parts) {
        return from + (int) ((long) (to - from) * p / parts);
    }
}
