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

    /** Releases what the cursor holds; idempotent. */
    @Override
    void close();
}
