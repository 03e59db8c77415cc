// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

/**
 * Forward-only cursor over the samples of one series in time order:
 * {@code while (cursor.next()) { use(cursor.timestampMillis(), cursor.value()); }}.
 */
public interface SampleCursor extends AutoCloseable {
    /**
     * Advances to the next sample.
     *
     * @return false when there are no more samples.
     */
    boolean next();

    /** {@return timestamp of the current sample, milliseconds since the epoch} */
    long timestampMillis();

    /** {@return value of the current sample} */
    double value();

    /**
     * Reads the next samples in bulk: equivalent to calling {@link #next()} up to {@code length} times and copying
     * each sample, but implementations may copy whole runs at once.
     *
     * @param timestampsMillis where the timestamps go.
     * @param values           where the values go.
     * @param offset           first index written in both arrays.
     * @param length           most samples read.
     * @return the number of samples read; 0 only at the end.
     */
    default int read(final long[] timestampsMillis, final double[] values, final int offset, final int length) {
        int n = 0;
        while (n < length && next()) {
            timestampsMillis[offset + n] = timestampMillis();
            values[offset + n] = value();
            n++;
        }
        return n;
    }

    /**
     * {@return how many samples {@link #read} can take in one piece: the rest of a decoded chunk, or the whole
     * next chunk, which a read of at least that length decodes straight into the caller's arrays; 0 when the
     * cursor does not know}
     */
    default int preferredReadLength() {
        return 0;
    }

    /** Releases what the cursor holds; idempotent. */
    @Override
    void close();
}
