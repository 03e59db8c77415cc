// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.compact;

/**
 * The time windows blocks are cut and merged by: aligned multiples of the partition length, {@code partition x
 * 3^i} (2 h, 6 h, 18 h, 54 h, 162 h, 486 h, 1,458 h with two-hour partitions), up to a largest window that is
 * {@link #MAX_RANGE_PARTITIONS} partitions (60.75 days) or less: with a retention period, at most a tenth of it
 * (Prometheus' rule), so that retention, which drops whole blocks, keeps at most ~10 % more than asked.
 * <p>
 * A window is <em>closed</em> once the newest stored data is at least one partition past its end: no head flush
 * of live data lands in it any more. Compaction merges the blocks of closed windows; persistence writes the chunks
 * of a closed window (old data: a backfill, an import, a head that spans months) straight into the largest closed
 * window that holds them, instead of one block per partition.
 */
public final class BlockWindows {
    /** Largest window, in partitions: {@code 729 = 3^6}. */
    public static final int MAX_RANGE_PARTITIONS = 729;
    /** Longest window length as a fraction of the retention period: one tenth. */
    private static final int RETENTION_FRACTION = 10;

    private final long partitionMillis;
    private final long maxRangeMillis;

    /**
     * @param partitionMillis length of a head partition (smallest window).
     * @param maxRangeMillis  largest window; rounded down to a step of the ladder, at least the partition.
     */
    public BlockWindows(final long partitionMillis, final long maxRangeMillis) {
        if (partitionMillis <= 0 || maxRangeMillis < partitionMillis) {
            throw new IllegalArgumentException("bad block windows: partitionMillis=" + partitionMillis +
                " maxRangeMillis=" + maxRangeMillis);
        }
        this.partitionMillis = partitionMillis;
        long range = partitionMillis;
        while (range <= Long.MAX_VALUE / 3 && range * 3 <= maxRangeMillis) {
            range *= 3;
        }
        this.maxRangeMillis = range;
    }

    /**
     * The windows for a partition length and a retention period.
     *
     * @param partitionMillis length of a head partition.
     * @param retentionMillis retention period, 0 or less for none.
     * @return windows up to {@link #MAX_RANGE_PARTITIONS} partitions, and at most a tenth of the retention.
     */
    public static BlockWindows forRetention(final long partitionMillis, final long retentionMillis) {
        long max = partitionMillis > Long.MAX_VALUE / MAX_RANGE_PARTITIONS ? Long.MAX_VALUE :
            partitionMillis * MAX_RANGE_PARTITIONS;
        if (retentionMillis > 0) {
            max = Math.min(max, retentionMillis / RETENTION_FRACTION);
        }
        return new BlockWindows(partitionMillis, Math.max(partitionMillis, max));
    }

    /** @return the smallest window: one partition. */
    public long partitionMillis() {
        return partitionMillis;
    }

    /** @return the largest window. */
    public long maxRangeMillis() {
        return maxRangeMillis;
    }

    /**
     * @return whether the window of {@code lengthMillis} starting at {@code startMillis} is closed when the newest
     *     data is at {@code newestMillis}.
     */
    public boolean closed(final long startMillis, final long lengthMillis, final long newestMillis) {
        final long end = startMillis + lengthMillis;
        if (end < startMillis || newestMillis < Long.MIN_VALUE + partitionMillis) {
            return false;
        }
        return end <= newestMillis - partitionMillis;
    }

    /** @return the start of the window of {@code lengthMillis} that holds {@code timeMillis}. */
    public static long start(final long timeMillis, final long lengthMillis) {
        return Math.floorDiv(timeMillis, lengthMillis) * lengthMillis;
    }

    /**
     * The window a chunk starting at {@code timeMillis} is persisted into: the largest closed window that holds it,
     * else its partition.
     *
     * @return the window's length; its start is {@link #start(long, long)} of the time and that length.
     */
    public long persistWindow(final long timeMillis, final long newestMillis) {
        long best = partitionMillis;
        for (long range = partitionMillis; range <= maxRangeMillis; range *= 3) {
            if (closed(start(timeMillis, range), range, newestMillis)) {
                best = range;
            }
            if (range > Long.MAX_VALUE / 3) {
                break;
            }
        }
        return best;
    }
}
