// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.engine;

import io.ztsdb.core.CorruptionException;
import io.ztsdb.core.block.Block;
import io.ztsdb.core.block.BlockMeta;
import io.ztsdb.core.block.BlockStore;
import io.ztsdb.core.chunks.ChunkRewriter;
import io.ztsdb.core.compact.BlockWindows;
import io.ztsdb.core.compact.CompactionPlanner;
import io.ztsdb.core.compact.Compactor;
import io.ztsdb.core.compact.RetentionPolicy;
import io.ztsdb.core.io.FileOps;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.function.BooleanSupplier;

/**
 * What maintenance does to the blocks once they are written: retention deletes the blocks that fell out of the
 * retention period, compaction merges small adjacent blocks (see {@link CompactionPlanner}) and rewrites their chunks
 * into long columnar ones ({@link Compactor}). Both measure time against the newest stored timestamp. Runs on the
 * maintenance thread; a merge holds the block write lock, which any other writer of blocks into a time range the
 * store already covers must take, so that the chunks it puts into the gaps of a series are never swallowed by a
 * merged chunk.
 */
final class BlockMaintenance {
    private static final System.Logger LOG = System.getLogger(BlockMaintenance.class.getName());

    private final BlockStore blocks;
    private final NewestTimestamp newest;
    private final CompactionPlanner planner;
    private final RetentionPolicy retention;
    private final Compactor compactor;
    private final Lock blockWriteLock;
    private final MaintenanceClock clock;
    /** Sequences of blocks found corrupt by a compaction: left out of compaction from then on. */
    private final Set<Long> uncompactable = ConcurrentHashMap.newKeySet();
    private volatile long compactions;
    private volatile long pointsCompacted;
    private volatile long cpuNanos;

    BlockMaintenance(final BlockStore blocks, final FileOps fileOps, final NewestTimestamp newest,
        final BlockWindows windows, final long retentionMillis, final ChunkRewriter rewriter,
        final Lock blockWriteLock, final MaintenanceClock clock) {
        this.blocks = blocks;
        this.newest = newest;
        this.planner = new CompactionPlanner(windows);
        this.retention = new RetentionPolicy(retentionMillis);
        this.compactor = new Compactor(fileOps, rewriter);
        this.blockWriteLock = blockWriteLock;
        this.clock = clock;
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

    /**
     * Merges blocks until nothing is left to merge.
     *
     * @param idle true to merge open windows too.
     */
    void compactAll(final boolean idle) {
        while (compactOnce(idle)) {
            // until nothing is left to merge
        }
    }

    /**
     * Merges blocks until nothing is left to merge, the database is closing, {@code budgetNanos} have passed on the
     * maintenance clock or something more urgent is due (the last two checked after each merge). Merging more than
     * once per call keeps a backlog of N blocks from taking N maintenance ticks.
     *
     * @param closing    true when the database is closing: stop before the next merge.
     * @param urgentWork true when a persist is due: stop after the current merge.
     * @param idle       true to merge open windows too.
     */
    void compactFor(final long budgetNanos, final BooleanSupplier closing, final BooleanSupplier urgentWork,
        final boolean idle) {
        final long start = clock.nanoTime();
        while (!closing.getAsBoolean() && compactOnce(idle)) {
            if (clock.nanoTime() - start >= budgetNanos || urgentWork.getAsBoolean()) {
                return;
            }
        }
    }

    /** @return true when blocks were merged (or a corrupt one set aside), false when nothing is left to merge. */
    boolean compactOnce(final boolean idle) {
        blockWriteLock.lock();
        try {
            final List<Block> current = blocks.blocks();
            final List<Block> candidates = new ArrayList<>();
            for (final Block block : current) {
                if (!uncompactable.contains(block.meta().sequence())) {
                    candidates.add(block);
                }
            }
            final List<Block> plan = planner.plan(candidates, newest.millis(), idle);
            if (plan.isEmpty()) {
                return false;
            }
            final List<Block> others = new ArrayList<>(current);
            others.removeAll(plan);
            final long cpuStart = CpuTime.threadNanos();
            try {
                final BlockMeta merged = compactor.compact(blocks, plan, others);
                compactions++;
                pointsCompacted += merged.pointCount();
            } catch (final CorruptionException ex) {
                // Reported once and left out of compaction; its sound chunks are still served, and reading its bad
                // ones keeps failing with the same report.
                uncompactable.add(ex.segment());
                LOG.log(System.Logger.Level.ERROR, "block left out of compaction: " + ex.getMessage());
            } finally {
                cpuNanos += CpuTime.threadNanos() - cpuStart;
            }
            return true;
        } finally {
            blockWriteLock.unlock();
        }
    }

    long compactions() {
        return compactions;
    }

    long pointsCompacted() {
        return pointsCompacted;
    }

    long pointsReencoded() {
        return compactor.samplesRewritten();
    }

    long compactionCpuNanos() {
        return cpuNanos;
    }
}
