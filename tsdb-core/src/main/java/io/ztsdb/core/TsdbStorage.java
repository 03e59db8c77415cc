// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import io.ztsdb.core.block.Block;
import io.ztsdb.core.block.BlockMeta;
import io.ztsdb.core.block.BlockStore;
import io.ztsdb.core.block.BlockWriter;
import io.ztsdb.core.codec.ChunkDescriptor;
import io.ztsdb.core.compact.CompactionPlanner;
import io.ztsdb.core.compact.Compactor;
import io.ztsdb.core.compact.RetentionPolicy;
import io.ztsdb.core.head.ChunkListCursor;
import io.ztsdb.core.head.Head;
import io.ztsdb.core.head.HeadStats;
import io.ztsdb.core.io.FileOps;
import io.ztsdb.core.memory.FreePageReleaser;
import io.ztsdb.core.wal.WalCheckpoint;
import io.ztsdb.core.wal.WalConfig;
import io.ztsdb.core.wal.WalReader;
import io.ztsdb.core.wal.WalRecordType;
import io.ztsdb.core.wal.WalReplayResult;
import io.ztsdb.core.wal.WalSyncPolicy;
import io.ztsdb.core.wal.WalWriter;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The durable side of a {@link Tsdb}: the data directory lock, the WAL, the blocks, and the maintenance thread
 * that persists sealed head chunks into blocks, checkpoints the WAL, applies retention and compacts blocks.
 * <p>
 * Data directory layout:
 * <pre>
 * &lt;dir&gt;/LOCK                      held (flock) while open: one process per directory
 * &lt;dir&gt;/wal/%020d.wal              WAL segments; checkpoint.%020d = folded older segments
 * &lt;dir&gt;/blocks/b-%020d/            immutable blocks: chunks, index, meta
 * </pre>
 * <b>Design note:</b> the WAL record of a batch is appended before the batch goes into the head, and the caller
 * is released once the record is durable. Persistence runs on one thread: rotate the WAL to segment S, copy
 * every sealed head chunk into one block per time partition, then - under the swap lock, so that a query sees
 * each chunk exactly once - publish the blocks and drop the chunks from the head (which raises each series'
 * persisted floor), and finally fold the segments below S into a checkpoint that keeps only the points above
 * the floors. Recovery mirrors it: open the blocks, raise every series' floor to its newest persisted time,
 * replay checkpoint and segments into the head (points at or below a floor are in blocks already).
 */
final class TsdbStorage implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TsdbStorage.class.getName());
    private static final long MAINTENANCE_TICK_MILLIS = 1000;
    private static final long FREE_PAGES_RELEASE_BYTES = 16L << 20;
    private static final long FREE_PAGES_RELEASE_INTERVAL_MILLIS = 60_000;
    /** WAL payload replayed between two checks of the head memory (the check walks every series). */
    private static final long REPLAY_CHECK_BYTES = 1024 * 1024;
    /** Longest time one maintenance tick keeps compacting before it looks at persistence again. */
    private static final long COMPACTION_BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final Path directory;
    private final Path walDirectory;
    private final TsdbConfig config;
    private final FileOps fileOps;
    private final Head head;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final BlockStore blocks;
    private final WalConfig walConfig;
    private final WalWriter wal;
    private final Long2LongHashMap persistedMax = new Long2LongHashMap(Long.MIN_VALUE);
    private final ReentrantReadWriteLock swapLock = new ReentrantReadWriteLock();
    private final CompactionPlanner planner;
    private final RetentionPolicy retention;
    private final Thread maintenance;
    private final Object maintenanceMonitor = new Object();
    private final Object wakeup = new Object();
    private volatile boolean stopping;
    private volatile long newestTimeMillis = Long.MIN_VALUE;
    private long lastPersistNanos = System.nanoTime();
    private long walPositionAtCheckpoint;
    private final AtomicLong persists = new AtomicLong();
    private final AtomicLong maintenanceErrors = new AtomicLong();
    /** Persisting frees head chunks by the tens of MB; their pages go back to the system from here. */
    private final FreePageReleaser freePages = new FreePageReleaser(FREE_PAGES_RELEASE_BYTES,
        FREE_PAGES_RELEASE_INTERVAL_MILLIS);
    private final Set<Long> uncompactable = ConcurrentHashMap.newKeySet();
    private final WalReplayResult replay;
    private long replayBytesSinceCheck;
    private int replayPersists;
    private int replayBlocks;

    private TsdbStorage(final Path directory, final TsdbConfig config, final Head head, final FileChannel lockChannel,
        final FileLock lock, final BlockStore blocks) {
        this.directory = directory;
        this.walDirectory = directory.resolve("wal");
        this.config = config;
        this.fileOps = config.fileOps();
        this.head = head;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.blocks = blocks;
        this.walConfig = WalSyncPolicy.parse(config.walSync(), new WalConfig())
            .segmentLengthBytes(config.walSegmentLengthBytes());
        this.planner = new CompactionPlanner(config.blockPartitionMillis(), config.blockPartitionMillis() * 27);
        this.retention = new RetentionPolicy(config.retentionMillis());
        seedFloors();
        this.replay = WalReader.replay(walDirectory, fileOps, this::replayRecord);
        this.wal = WalWriter.open(walDirectory, fileOps, walConfig, replay.nextSequence());
        this.maintenance = Thread.ofPlatform().name("ztsdb-maintenance").daemon(true).unstarted(this::runMaintenance);
    }

    /**
     * Locks the directory, opens the blocks, replays the WAL into {@code head} and starts maintenance.
     *
     * @throws TsdbException when the directory is in use or cannot be read.
     */
    static TsdbStorage open(final Path directory, final TsdbConfig config, final Head head) {
        FileChannel lockChannel = null;
        BlockStore blocks = null;
        try {
            Files.createDirectories(directory);
            lockChannel = FileChannel.open(directory.resolve("LOCK"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
            final FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (final OverlappingFileLockException ex) {
                throw new TsdbException("data directory already open in this process: " + directory);
            }
            if (lock == null) {
                throw new TsdbException("data directory in use by another process: " + directory);
            }
            blocks = BlockStore.open(config.fileOps(), directory.resolve("blocks"));
            final long start = System.nanoTime();
            final TsdbStorage storage = new TsdbStorage(directory, config, head, lockChannel, lock, blocks);
            LOG.log(System.Logger.Level.INFO, "opened " + directory + ": " + blocks.blocks().size() + " blocks, " +
                storage.replay.records() + " WAL records replayed (" + storage.replay.payloadBytes() + " bytes" +
                (storage.replayPersists == 0 ? "" : ", head persisted " + storage.replayPersists + " times into " +
                    storage.replayBlocks + " blocks on the way") + ") in " +
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
            storage.maintenance.start();
            return storage;
        } catch (final IOException | RuntimeException ex) {
            if (blocks != null) {
                blocks.close();
            }
            closeQuietly(lockChannel);
            if (ex instanceof TsdbException tsdbException) {
                throw tsdbException;
            }
            throw new TsdbException("cannot open data directory: " + directory + ": " + ex.getMessage(), ex);
        }
    }

    private void seedFloors() {
        for (final Block block : blocks.blocks()) {
            for (int s = 0; s < block.seriesCount(); s++) {
                final int last = block.firstChunk(s) + block.chunkCount(s) - 1;
                final long seriesId = block.seriesId(s);
                final long max = block.chunkMaxTime(last);
                if (max > persistedMax.get(seriesId)) {
                    persistedMax.put(seriesId, max);
                }
            }
            newestTimeMillis = Math.max(newestTimeMillis, block.meta().maxTimeMillis());
        }
        final Long2LongHashMap.EntryIterator entries = persistedMax.entrySet().iterator();
        while (entries.hasNext()) {
            entries.next();
            head.raisePersistedFloor(entries.getLongKey(), entries.getLongValue());
        }
    }

    private void replayRecord(final long segment, final byte type, final DirectBuffer buffer, final int offset,
        final int length) {
        if (type != WalRecordType.POINTS) {
            return;
        }
        final int points = length / WalRecordType.POINT_LENGTH;
        long newest = newestTimeMillis;
        for (int i = 0; i < points; i++) {
            newest = Math.max(newest, buffer.getLong(offset + i * WalRecordType.POINT_LENGTH + 8,
                ByteOrder.LITTLE_ENDIAN));
        }
        newestTimeMillis = newest;
        head.appendBatch(buffer, offset, points);
        replayBytesSinceCheck += length;
        if (replayBytesSinceCheck >= REPLAY_CHECK_BYTES) {
            replayBytesSinceCheck = 0;
            if (headOverLimit(head.stats())) {
                persistDuringReplay();
            }
        }
    }

    /**
     * Keeps a replay within the head memory limit: writes the sealed chunks replayed so far into blocks and drops
     * them from the head, as a persist does, but leaves the WAL alone (it is being read; the first persist after
     * open folds it). A crash in here leaves blocks that are a time prefix of each series' WAL points, published
     * in ascending partition order, and the next recovery skips what they hold by the floor rule.
     */
    private void persistDuringReplay() {
        final int written = persistSealedChunks();
        if (written > 0) {
            replayPersists++;
            replayBlocks += written;
        }
    }

    /** @return what the WAL replay at open found. */
    WalReplayResult replayResult() {
        return replay;
    }

    /**
     * Appends a batch of 24-byte points to the WAL.
     *
     * @return the position to wait for.
     */
    long log(final DirectBuffer buffer, final int offset, final int pointCount) {
        return wal.append(WalRecordType.POINTS, buffer, offset, pointCount * WalRecordType.POINT_LENGTH);
    }

    void awaitDurable(final long position) {
        wal.awaitDurable(position);
    }

    <T> CompletableFuture<T> whenDurable(final long position, final T value) {
        return wal.whenDurable(position, value);
    }

    /** Fills a cursor with the block chunks and then the head chunks of a series overlapping the range. */
    SampleCursor query(final long seriesId, final long startMillis, final long endMillis) {
        return query(seriesId, startMillis, endMillis, new ChunkListCursor());
    }

    /** Like {@link #query(long, long, long)}, refilling a cursor (and its buffers) used before. */
    SampleCursor query(final long seriesId, final long startMillis, final long endMillis,
        final ChunkListCursor reused) {
        final ChunkListCursor cursor = reused.reset(startMillis, endMillis);
        swapLock.readLock().lock();
        try {
            try (BlockStore.Snapshot snapshot = blocks.snapshot()) {
                addBlockChunks(snapshot.blocks(), seriesId, startMillis, endMillis, cursor);
            }
            head.query(seriesId, startMillis, endMillis, cursor);
        } finally {
            swapLock.readLock().unlock();
        }
        return cursor;
    }

    private static void addBlockChunks(final List<Block> snapshot, final long seriesId, final long startMillis,
        final long endMillis, final ChunkListCursor cursor) {
        long[] found = null;
        int count = 0;
        for (int b = 0; b < snapshot.size(); b++) {
            final Block block = snapshot.get(b);
            if (block.meta().maxTimeMillis() < startMillis || block.meta().minTimeMillis() > endMillis) {
                continue;
            }
            final int series = block.findSeries(seriesId);
            if (series < 0) {
                continue;
            }
            final int first = block.firstChunk(series);
            for (int c = first; c < first + block.chunkCount(series); c++) {
                if (block.chunkMaxTime(c) >= startMillis && block.chunkMinTime(c) <= endMillis) {
                    if (found == null || count * 2 == found.length) {
                        found = found == null ? new long[32] : Arrays.copyOf(found, found.length * 2);
                    }
                    found[count * 2] = block.chunkMinTime(c);
                    found[count * 2 + 1] = (long) b << 32 | c;
                    count++;
                }
            }
        }
        if (count == 0) {
            return;
        }
        sortPairs(found, count);
        final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        for (int i = 0; i < count; i++) {
            final long ref = found[i * 2 + 1];
            final Block block = snapshot.get((int) (ref >>> 32));
            block.chunkData((int) ref, view);
            cursor.addChunk(view, 0, view.capacity());
        }
    }

    /** Insertion sort of (key, value) pairs by key: the chunks of a series come nearly sorted. */
    private static void sortPairs(final long[] pairs, final int count) {
        for (int i = 1; i < count; i++) {
            final long key = pairs[i * 2];
            final long value = pairs[i * 2 + 1];
            int j = i - 1;
            while (j >= 0 && pairs[j * 2] > key) {
                pairs[(j + 1) * 2] = pairs[j * 2];
                pairs[(j + 1) * 2 + 1] = pairs[j * 2 + 1];
                j--;
            }
            pairs[(j + 1) * 2] = key;
            pairs[(j + 1) * 2 + 1] = value;
        }
    }

    /** Adds the block part of each series to the head's summaries; series only in blocks are added too. */
    List<SeriesInfo> mergeSeries(final List<SeriesInfo> headSeries) {
        final Long2ObjectHashMap<long[]> totals = new Long2ObjectHashMap<>();
        try (BlockStore.Snapshot snapshot = blocks.snapshot()) {
            for (final Block block : snapshot.blocks()) {
                for (int s = 0; s < block.seriesCount(); s++) {
                    final long[] total = totals.computeIfAbsent(block.seriesId(s),
                        id -> new long[] {0, Long.MAX_VALUE, Long.MIN_VALUE});
                    final int first = block.firstChunk(s);
                    final int last = first + block.chunkCount(s) - 1;
                    for (int c = first; c <= last; c++) {
                        total[0] += block.chunkPointCount(c);
                    }
                    total[1] = Math.min(total[1], block.chunkMinTime(first));
                    total[2] = Math.max(total[2], block.chunkMaxTime(last));
                }
            }
        }
        if (totals.isEmpty()) {
            return headSeries;
        }
        final List<SeriesInfo> result = new ArrayList<>(Math.max(headSeries.size(), totals.size()));
        for (final SeriesInfo info : headSeries) {
            final long[] total = totals.remove(info.seriesId());
            if (total == null) {
                result.add(info);
            } else {
                result.add(new SeriesInfo(info.seriesId(), info.pointCount() + total[0],
                    Math.min(info.minTimestampMillis(), total[1]),
                    info.pointCount() == 0 ? total[2] : Math.max(info.maxTimestampMillis(), total[2])));
            }
        }
        totals.forEach((id, total) -> result.add(new SeriesInfo(id, total[0], total[1], total[2])));
        return result;
    }

    /**
     * Adds the block part of one series to its head summary (labels: the named-series lookups).
     *
     * @param headInfo the head's summary of the series, null when the head has none.
     * @return the whole summary, null when neither the head nor a block holds the series.
     */
    SeriesInfo seriesInfo(final long seriesId, final SeriesInfo headInfo) {
        long points = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        try (BlockStore.Snapshot snapshot = blocks.snapshot()) {
            for (final Block block : snapshot.blocks()) {
                final int s = block.findSeries(seriesId);
                if (s < 0) {
                    continue;
                }
                final int first = block.firstChunk(s);
                final int last = first + block.chunkCount(s) - 1;
                for (int c = first; c <= last; c++) {
                    points += block.chunkPointCount(c);
                }
                min = Math.min(min, block.chunkMinTime(first));
                max = Math.max(max, block.chunkMaxTime(last));
            }
        }
        if (points == 0) {
            return headInfo;
        }
        if (headInfo == null || headInfo.pointCount() == 0) {
            return new SeriesInfo(seriesId, points, min, max);
        }
        return new SeriesInfo(seriesId, headInfo.pointCount() + points, Math.min(headInfo.minTimestampMillis(), min),
            Math.max(headInfo.maxTimestampMillis(), max));
    }

    /** @return points and chunk bytes in blocks. */
    long[] blockTotals() {
        long points = 0;
        long bytes = 0;
        for (final Block block : blocks.blocks()) {
            points += block.meta().pointCount();
            bytes += block.meta().chunksLengthBytes();
        }
        return new long[] {points, bytes};
    }

    StorageStats storageStats() {
        long walBytes = 0;
        int walSegments = 0;
        try {
            for (final Path file : fileOps.list(walDirectory)) {
                walBytes += Files.size(file);
                walSegments++;
            }
        } catch (final IOException ex) {
            LOG.log(System.Logger.Level.DEBUG, "cannot size WAL", ex);
        }
        final List<BlockInfo> infos = blocks.infos();
        long blockBytes = 0;
        long persisted = 0;
        for (final BlockInfo info : infos) {
            blockBytes += info.diskBytes();
            persisted += info.pointCount();
        }
        return new StorageStats(directory.toString(), blockBytes + walBytes, blockBytes, walBytes, walSegments,
            config.walSync(), wal.appendedPosition(), wal.durablePosition(), persisted, blocks.corruptBlocks(),
            infos);
    }

    /** Runs one maintenance pass now (tests, benchmarks): persist, checkpoint, retention, compaction. */
    void maintainNow() {
        synchronized (maintenanceMonitor) {
            persist();
            applyRetention();
            while (compactOnce()) {
                // until nothing is left to merge
            }
        }
    }

    private void runMaintenance() {
        // Never interrupted: an interrupt during FileChannel I/O would close the WAL's channel.
        while (!stopping) {
            synchronized (wakeup) {
                try {
                    wakeup.wait(MAINTENANCE_TICK_MILLIS);
                } catch (final InterruptedException ex) {
                    return;
                }
            }
            try {
                synchronized (maintenanceMonitor) {
                    if (stopping) {
                        return;
                    }
                    freePages.maybeRelease(); // sees the head at its fullest, before persisting frees it
                    if (shouldPersist()) {
                        persist();
                    }
                    applyRetention();
                    compactForAWhile();
                    freePages.maybeRelease();
                }
            } catch (final RuntimeException | OutOfMemoryError ex) {
                // An OutOfMemoryError (e.g. direct memory for block writers) must not end the thread: persistence
                // would stop silently and the head would grow without bound. The next tick retries.
                maintenanceErrors.incrementAndGet();
                LOG.log(System.Logger.Level.ERROR, "maintenance failed, will retry: " + ex.getMessage(), ex);
            }
        }
    }

    private boolean shouldPersist() {
        final HeadStats stats = head.stats();
        if (stats.sealedChunks() == 0) {
            return false;
        }
        return headOverLimit(stats) ||
            wal.appendedPosition() - walPositionAtCheckpoint >= config.walCheckpointBytes() ||
            System.nanoTime() - lastPersistNanos >= TimeUnit.MILLISECONDS.toNanos(config.persistIntervalMillis());
    }

    /** @return true when the head holds sealed chunks and half of its memory limit or more. */
    private boolean headOverLimit(final HeadStats stats) {
        return stats.sealedChunks() > 0 && stats.memoryBytes() >= config.headMemoryLimitBytes() / 2;
    }

    private void persist() {
        lastPersistNanos = System.nanoTime();
        final long walPosition = wal.appendedPosition();
        final long checkpointSequence = wal.rotate();
        if (persistSealedChunks() > 0) {
            final WalCheckpoint.Result result = WalCheckpoint.create(walDirectory, fileOps, checkpointSequence,
                (seriesId, timestampMillis) -> timestampMillis > persistedMax.get(seriesId));
            walPositionAtCheckpoint = walPosition;
            LOG.log(System.Logger.Level.DEBUG, "persisted; WAL checkpoint " + result);
        }
        persists.incrementAndGet();
    }

    /**
     * Copies every sealed head chunk into one level-0 block per time partition, then publishes the blocks and drops
     * the chunks from the head (raising the persisted floors).
     *
     * @return the number of blocks published.
     */
    private int persistSealedChunks() {
        // Finished in ascending partition order: a crash mid-way leaves a time prefix of the chunks in blocks,
        // so every series' floor (its newest persisted time) stays below all of its points left in the WAL.
        final TreeMap<Long, BlockWriter> writers = new TreeMap<>();
        final Long2LongHashMap flushedMax = new Long2LongHashMap(Long.MIN_VALUE);
        final List<BlockMeta> metas = new ArrayList<>();
        try {
            head.forEachSealedChunk((seriesId, minTime, maxTime, count, chunk, offset, length) -> {
                final long partition = Math.floorDiv(minTime, config.blockPartitionMillis());
                BlockWriter writer = writers.get(partition);
                if (writer == null) {
                    writer = BlockWriter.create(fileOps, blocks.directory(), blocks.newSequence(), 0);
                    writers.put(partition, writer);
                }
                writer.addChunk(seriesId, minTime, maxTime, count, chunk.getByte(offset + ChunkDescriptor.ENCODING_OFFSET),
                    chunk, offset, length);
                if (maxTime > flushedMax.get(seriesId)) {
                    flushedMax.put(seriesId, maxTime);
                }
            });
            for (final BlockWriter writer : writers.values()) {
                metas.add(writer.finish());
            }
        } catch (final RuntimeException | OutOfMemoryError ex) {
            // Blocks finished but not published would duplicate the head's chunks after a restart.
            for (final BlockMeta meta : metas) {
                try {
                    fileOps.deleteRecursively(blocks.directory().resolve(BlockMeta.directoryName(meta.sequence())));
                } catch (final IOException suppressed) {
                    ex.addSuppressed(suppressed);
                }
            }
            throw ex;
        } finally {
            for (final BlockWriter writer : writers.values()) {
                writer.close();
            }
        }
        if (!metas.isEmpty()) {
            publish(metas, flushedMax);
        }
        return metas.size();
    }

    private void publish(final List<BlockMeta> metas, final Long2LongHashMap flushedMax) {
        swapLock.writeLock().lock();
        try {
            for (final BlockMeta meta : metas) {
                blocks.add(meta);
                newestTimeMillis = Math.max(newestTimeMillis, meta.maxTimeMillis());
            }
            final Long2LongHashMap.EntryIterator entries = flushedMax.entrySet().iterator();
            while (entries.hasNext()) {
                entries.next();
                head.dropSealedChunks(entries.getLongKey(), entries.getLongValue());
                if (entries.getLongValue() > persistedMax.get(entries.getLongKey())) {
                    persistedMax.put(entries.getLongKey(), entries.getLongValue());
                }
            }
        } finally {
            swapLock.writeLock().unlock();
        }
    }

    private void applyRetention() {
        final long cutoff = retention.cutoffMillis(newestTimeMillis);
        if (cutoff != Long.MIN_VALUE) {
            final List<Block> removed = blocks.deleteOlderThan(cutoff);
            if (!removed.isEmpty()) {
                LOG.log(System.Logger.Level.INFO, "retention deleted " + removed.size() + " blocks before " + cutoff);
            }
        }
    }

    /**
     * Merges blocks until nothing is left to merge, the time budget of a tick is spent, or the head needs a persist:
     * one merge per tick made a backlog of N blocks take N seconds (NAB: 1,498 partitions).
     */
    private void compactForAWhile() {
        final long start = System.nanoTime();
        while (!stopping && compactOnce()) {
            if (System.nanoTime() - start >= COMPACTION_BUDGET_NANOS || shouldPersist()) {
                return;
            }
        }
    }

    private boolean compactOnce() {
        final List<Block> candidates = new ArrayList<>();
        for (final Block block : blocks.blocks()) {
            if (!uncompactable.contains(block.meta().sequence())) {
                candidates.add(block);
            }
        }
        final List<Block> plan = planner.plan(candidates, newestTimeMillis);
        if (plan.isEmpty()) {
            return false;
        }
        try {
            new Compactor(fileOps).compact(blocks, plan);
        } catch (final CorruptionException ex) {
            // Reported once and left out of compaction from now on; its sound chunks are still served, and
            // reading its bad ones keeps failing with the same report.
            uncompactable.add(ex.segment());
            LOG.log(System.Logger.Level.ERROR, "block left out of compaction: " + ex.getMessage());
        }
        return true;
    }

    /** Stops maintenance, forces and closes the WAL, unmaps the blocks, releases the directory; idempotent. */
    @Override
    public void close() {
        if (stopping) {
            return;
        }
        stopping = true;
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
        boolean interrupted = false;
        while (maintenance.isAlive()) {
            try {
                maintenance.join();
            } catch (final InterruptedException ex) {
                interrupted = true;
            }
        }
        try {
            wal.close();
        } finally {
            blocks.close();
            try {
                lock.release();
            } catch (final IOException ex) {
                LOG.log(System.Logger.Level.WARNING, "cannot release directory lock", ex);
            }
            closeQuietly(lockChannel);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(final FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (final IOException ex) {
                LOG.log(System.Logger.Level.WARNING, "cannot close lock file", ex);
            }
        }
    }
}
