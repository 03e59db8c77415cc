// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

/**
 * Told of every WAL fsync (group commit): how long it took and how much it made durable. Called on the WAL's sync
 * thread after each force, so it must be short and must not block (a counter or a histogram update).
 */
@FunctionalInterface
public interface WalSyncListener {
    /** Ignores every sync. */
    WalSyncListener NONE = (durationNanos, bytes, records) -> {
    };

    /**
     * Called after each fsync of the WAL, on the thread that made it.
     *
     * @param durationNanos time spent in the fsync call.
     * @param bytes         bytes of the log it made durable.
     * @param records       WAL records (write batches) it made durable: the group-commit batch size.
     */
    void synced(long durationNanos, long bytes, long records);
}
