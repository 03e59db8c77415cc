// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

/**
 * What the background maintenance of a {@link Tsdb} did since open, and why it is waiting when it failed, for
 * {@code /stats}.
 *
 * @param persists              persists that wrote at least one block.
 * @param blocksPersisted       blocks written by persists.
 * @param pointsPersisted       points moved from the head into blocks.
 * @param persistCpuMillis      CPU time of the persists (thread CPU time of the maintenance thread).
 * @param persistFailures       persists that failed.
 * @param consecutiveFailures   persists that failed since the last one that succeeded; 0 when healthy.
 * @param lastFailure           the reason of the last failed persist, null when there was none.
 * @param lastFailureAtMillis   when it failed (epoch ms), 0 when there was none.
 * @param nextRetryInMillis     while failing: time until the next attempt (the wait doubles after every failure,
 *                              from 1 s up to {@link #MAX_BACKOFF_MILLIS}); 0 when healthy.
 * @param compactions           merges of blocks.
 * @param pointsCompacted       points written by merges, re-encoded or copied.
 * @param pointsReencoded       of those, points decoded and encoded again (into long columnar chunks).
 * @param compactionCpuMillis   CPU time of the merges.
 * @param idleFlushes           times the open chunks of an idle database were sealed and persisted.
 */
public record MaintenanceStats(long persists, long blocksPersisted, long pointsPersisted, long persistCpuMillis,
    long persistFailures, long consecutiveFailures, String lastFailure, long lastFailureAtMillis,
    long nextRetryInMillis, long compactions, long pointsCompacted, long pointsReencoded, long compactionCpuMillis,
    long idleFlushes) {
    /** Longest wait between two attempts of a failing persist. */
    public static final long MAX_BACKOFF_MILLIS = 60_000;
}
