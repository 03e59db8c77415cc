// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.compact;

/**
 * Which blocks retention deletes: whole blocks whose newest point is older than the newest stored time minus
 * the retention period. Data time, not wall-clock time, so a replayed or back-filled data set is not wiped
 * at startup (Prometheus measures retention from its newest block too).
 *
 * @param retentionMillis how long data is kept; 0 or less keeps everything.
 */
public record RetentionPolicy(long retentionMillis) {
    /**
     * @param newestTimeMillis newest timestamp stored.
     * @return blocks with a max time below this are deleted; {@link Long#MIN_VALUE} when nothing is.
     */
    public long cutoffMillis(final long newestTimeMillis) {
        if (retentionMillis <= 0 || newestTimeMillis == Long.MIN_VALUE) {
            return Long.MIN_VALUE;
        }
        return newestTimeMillis - retentionMillis;
    }
}
