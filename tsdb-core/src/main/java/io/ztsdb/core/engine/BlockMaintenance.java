// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.engine;

import io.ztsdb.core.CorruptionException;
import io.ztsdb.core.block.Block;
import io.ztsdb.core.block.BlockStore;
import io.ztsdb.core.compact.CompactionPlanner;
import io.ztsdb.core.compact.Compactor;
import io.ztsdb.core.compact.RetentionPolicy;
import io.ztsdb.core.io.FileOps;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * What maintenance does to the blocks once they are written: retention deletes the blocks that fell out of the
 * retention period, compaction merges small adjacent blocks (see {@link CompactionPlanner}). Both measure time
 * against the newest stored timestamp. Runs on the maintenance thread.
 */
final class BlockMaintenance {
    private static final System.Logger LOG = System.getLogger(BlockMaintenance.class.getName());

    private final BlockStore blocks;
    private final FileOps fileOps;
    private final NewestTimestamp newest;
    private final CompactionPlanner planner;
    private final RetentionPolicy retention;
    /** Sequences of blocks found corrupt by a compaction: left out of compaction from then on. */
    private final Set<Long> uncompactable = ConcurrentHashMap.newKeySet();

    BlockMaintenance(final BlockStore blocks, final FileOps fileOps, final NewestTimestamp newest,
        final long partitionMillis, final long retentionMillis) {
        this.blocks = blocks;
        this.fileOps = fileOps;
        this.newest = newest;
        this.planner = CompactionPlanner.forPartition(partitionMillis);
        this.retention = new RetentionPolicy(retentionMillis);
    }

    /** Deletes the blocks whose newest point is older than the retention period allows. */
    void applyRetention() {
        final long cutoff = retention.cutoffMillis(newest.millis());
        if (cutoff != Long.MIN_VALUE) {
            final List<Block> removed = blocks.deleteOlderThan(cutoff);
            if (!removed.isEmpty()) {
                LOG.log(System.Logger.Level.INFO, "retention deleted " + removed.size() + " blocks before " + cutoff);
            }
        }
    }

    /** Merges blocks until nothing is left to merge. */
    void compactAll() {
        while (compactOnce()) {
            // until nothing is left to merge
        }
    }

    /**
     * Merges blocks until nothing is left to merge, the database is closing, {@code budgetNanos} have passed or
     * something more urgent is due (the last two checked after each merge). Merging more than once per call keeps a
     * backlog of N blocks from taking N maintenance ticks.
     *
     * @param closing    true when the database is closing: stop before the next merge.
     * @param urgentWork true when a persist is due: stop after the current merge.
     */
    void compactFor(final long budgetNanos, final BooleanSupplier closing, final BooleanSupplier urgentWork) {
        final long start = System.nanoTime();
        while (!closing.getAsBoolean() && compactOnce()) {
            if (System.nanoTime() - start >= budgetNanos || urgentWork.getAsBoolean()) {
                return;
            }
        }
    }

    /** @return true when blocks were merged (or a corrupt one set aside), false when nothing is left to merge. */
    boolean compactOnce() {
        final List<Block> candidates = new ArrayList<>();
        for (final Block block : blocks.blocks()) {
            if (!uncompactable.contains(block.meta().sequence())) {
                candidates.add(block);
            }
        }
        final List<Block> plan = planner.plan(candidates, newest.millis());
        if (plan.isEmpty()) {
            return false;
        }
        try {
            new Compactor(fileOps).compact(blocks, plan);
        } catch (final CorruptionException ex) {
            // Reported once and left out of compaction; its sound chunks are still served, and reading its bad
            // ones keeps failing with the same report.
            uncompactable.add(ex.segment());
            LOG.log(System.Logger.Level.ERROR, "block left out of compaction: " + ex.getMessage());
        }
        return true;
    }
}
