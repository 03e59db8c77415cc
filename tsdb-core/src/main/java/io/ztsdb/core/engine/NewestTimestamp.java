// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.engine;

/**
 * The newest timestamp stored, in blocks or the WAL: the clock that retention and compaction measure against
 * (data time, not wall-clock time). Raised by recovery, each persist and each backfill; read by maintenance.
 */
final class NewestTimestamp {
    private volatile long millis = Long.MIN_VALUE;

    /** @return the newest timestamp, {@link Long#MIN_VALUE} when nothing is stored. */
    long millis() {
        return millis;
    }

    /**
     * Raises the clock to {@code timestampMillis} if that is newer. Called by one thread at a time: recovery, then
     * a persist or a backfill under the swap lock's write side.
     */
    void raise(final long timestampMillis) {
        if (timestampMillis > millis) {
            millis = timestampMillis;
        }
    }
}
