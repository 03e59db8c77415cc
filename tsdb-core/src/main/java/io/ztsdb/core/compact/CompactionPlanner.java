// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.compact;

import io.ztsdb.core.block.Block;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Chooses blocks to merge: small adjacent blocks of one time window into one block (Prometheus
 * {@code LeveledCompactor} ranges, on the ladder of {@link BlockWindows}).
 * <p>
 * The smallest window first: the blocks whose min time falls in one window are merged when there are at least
 * two of them and the window is closed (no more head flushes land in it). When the database is idle (nothing
 * written for a while), open windows are merged too: a quiet database ends up in few large blocks, at the cost of
 * merging such a window once more if data comes back to it. With nothing to merge, a block directory of an older
 * format is planned alone, to be rewritten as a block file.
 */
public final class CompactionPlanner {
    private final BlockWindows windows;

    /**
     * @param windows the window ladder.
     */
    public CompactionPlanner(final BlockWindows windows) {
        this.windows = windows;
    }

    /**
     * @param partitionMillis length of a head partition (smallest window).
     * @param maxRangeMillis  largest window a compacted block may cover.
     */
    public CompactionPlanner(final long partitionMillis, final long maxRangeMillis) {
        this(new BlockWindows(partitionMillis, maxRangeMillis));
    }

    /**
     * @param blocks           the current blocks.
     * @param newestTimeMillis newest timestamp stored (head or blocks).
     * @return blocks to merge into one, empty when there is nothing to do.
     */
    public List<Block> plan(final List<Block> blocks, final long newestTimeMillis) {
        return plan(blocks, newestTimeMillis, false);
    }

    /**
     * @param blocks           the current blocks.
     * @param newestTimeMillis newest timestamp stored (head or blocks).
     * @param idle             true when nothing was written for a while: open windows may be merged too.
     * @return blocks to merge into one, empty when there is nothing to do.
     */
    public List<Block> plan(final List<Block> blocks, final long newestTimeMillis, final boolean idle) {
        for (long range = windows.partitionMillis(); range <= windows.maxRangeMillis(); range *= 3) {
            final Map<Long, List<Block>> byWindow = new TreeMap<>();
            for (final Block block : blocks) {
                final long window = BlockWindows.start(block.meta().minTimeMillis(), range);
                byWindow.computeIfAbsent(window, w -> new ArrayList<>()).add(block);
            }
            for (final Map.Entry<Long, List<Block>> entry : byWindow.entrySet()) {
                if (entry.getValue().size() >= 2 &&
                    (idle || windows.closed(entry.getKey(), range, newestTimeMillis))) {
                    return entry.getValue();
                }
            }
            if (range > Long.MAX_VALUE / 3) {
                break;
            }
        }
        for (final Block block : blocks) {
            if (!block.meta().isFile()) {
                return List.of(block);
            }
        }
        return List.of();
    }
}
