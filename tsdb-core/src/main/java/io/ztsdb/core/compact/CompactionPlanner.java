// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.compact;

import io.ztsdb.core.block.Block;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Chooses blocks to merge: small adjacent blocks of one time window into one block (Prometheus
 * {@code LeveledCompactor} ranges).
 * <p>
 * Windows are aligned multiples of the partition length: {@code partition x 3^i} up to a maximum. The
 * smallest window first: the blocks whose min time falls in one window are merged when there are at least
 * two of them and the window has closed, that is the newest data is at least one partition past its end (no
 * more head flushes land in it).
 */
public final class CompactionPlanner {
    /**
     * Largest window of a compacted block, in partitions: {@code 27 = 3^3}, the fourth step of the ladder
     * {@code 1, 3, 9, 27} (with two-hour partitions: 2 h, 6 h, 18 h, 54 h, the ranges of Prometheus' leveled
     * compactor). Bigger blocks would save little index per point and make retention, which drops whole
     * blocks, coarser.
     */
    public static final int MAX_RANGE_PARTITIONS = 27;

    private final long partitionMillis;
    private final long maxRangeMillis;

    /**
     * Plans windows from one partition up to {@link #MAX_RANGE_PARTITIONS} partitions.
     *
     * @param partitionMillis length of a head partition (smallest window).
     * @return the planner.
     */
    public static CompactionPlanner forPartition(final long partitionMillis) {
        final long maxRange = partitionMillis > Long.MAX_VALUE / MAX_RANGE_PARTITIONS ? Long.MAX_VALUE :
            partitionMillis * MAX_RANGE_PARTITIONS;
        return new CompactionPlanner(partitionMillis, maxRange);
    }

    /**
     * @param partitionMillis length of a head partition (smallest window).
     * @param maxRangeMillis  largest window a compacted block may cover.
     */
    public CompactionPlanner(final long partitionMillis, final long maxRangeMillis) {
        if (partitionMillis <= 0 || maxRangeMillis < partitionMillis) {
            throw new IllegalArgumentException("bad compaction ranges: partitionMillis=" + partitionMillis +
                " maxRangeMillis=" + maxRangeMillis);
        }
        this.partitionMillis = partitionMillis;
        this.maxRangeMillis = maxRangeMillis;
    }

    /**
     * @param blocks          the current blocks.
     * @param newestTimeMillis newest timestamp stored (head or blocks).
     * @return blocks to merge into one, empty when there is nothing to do.
     */
    public List<Block> plan(final List<Block> blocks, final long newestTimeMillis) {
        for (long range = partitionMillis; range <= maxRangeMillis; range *= 3) {
            final Map<Long, List<Block>> windows = new TreeMap<>();
            for (final Block block : blocks) {
                final long window = Math.floorDiv(block.meta().minTimeMillis(), range);
                windows.computeIfAbsent(window, w -> new ArrayList<>()).add(block);
            }
            for (final Map.Entry<Long, List<Block>> entry : windows.entrySet()) {
                final long windowEnd = (entry.getKey() + 1) * range;
                if (entry.getValue().size() >= 2 && windowEnd + partitionMillis <= newestTimeMillis) {
                    return entry.getValue();
                }
            }
            if (range > Long.MAX_VALUE / 3) {
                break;
            }
        }
        return List.of();
    }
}
