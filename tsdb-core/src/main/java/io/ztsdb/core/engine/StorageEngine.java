// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.engine;

import io.ztsdb.core.MaintenanceStats;
import io.ztsdb.core.PointDescriptor;
import io.ztsdb.core.SampleCursor;
import io.ztsdb.core.SeriesInfo;
import io.ztsdb.core.SeriesLimitException;
import io.ztsdb.core.StorageStats;
import io.ztsdb.core.TsdbConfig;
import io.ztsdb.core.TsdbException;
import io.ztsdb.core.TsdbStats;
import io.ztsdb.core.WriteResult;
import io.ztsdb.core.block.BlockStore;
import io.ztsdb.core.chunks.ChunkRewriter;
import io.ztsdb.core.compact.BlockWindows;
import io.ztsdb.core.head.ChunkListCursor;
import io.ztsdb.core.head.Head;
import io.ztsdb.core.head.HeadStats;
import io.ztsdb.core.io.FileOps;
import io.ztsdb.core.memory.NativeMemory;
import io.ztsdb.core.wal.WalConfig;
import io.ztsdb.core.wal.WalRecordType;
import io.ztsdb.core.wal.WalWriter;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The storage engine behind {@link io.ztsdb.core.Tsdb}: the only owner of the head, the WAL, the blocks, the data
 * directory lock and the maintenance thread.
 * <p>
 * Data directory layout:
 * <pre>
 * &lt;dir&gt;/LOCK                      held (flock) while open: one process per directory
 * &lt;dir&gt;/wal/%020d.wal              WAL segments; checkpoint.%020d = folded older segments
 * &lt;dir&gt;/blocks/b-%020d/            immutable blocks: chunks, index, meta
 * </pre>
 * <b>Design note:</b> the WAL record of a batch is appended before the batch goes into the head, and the caller
 * is released once the record is durable. Persistence runs on one thread ({@link Maintenance}): rotate the WAL to
 * segment S, copy every sealed head chunk into one block per time partition, then, under the swap lock, so that a
 * query sees each chunk exactly once, publish the blocks and drop the chunks from the head (which raises each
 * series' persisted floor), and finally fold the segments below S into a checkpoint that keeps only the points
 * above the floors ({@link Persister}). {@link Recovery} mirrors it at open: open the blocks, raise every series'
 * floor to its newest persisted time, replay checkpoint and segments into the head (points at or below a floor are
 * in blocks already).
 */
public final class StorageEngine implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StorageEngine.class.getName());
    private static final WriteResult ACCEPTED_ONE = new WriteResult(1, 0);
    private static final WriteResult REJECTED_ONE = new WriteResult(0, 1);
    private static final WriteResult EMPTY = new WriteResult(0, 0);
    private static final ThreadLocal<MemorySegment> POINT_SCRATCH =
        ThreadLocal.withInitial(() -> MemorySegment.ofArray(new byte[PointDescriptor.LENGTH]));

    private final Head head;
    private final DirectoryLock lock;
    private final BlockStore blocks;
    private final WalWriter wal;
    private final Maintenance maintenance;
    private final SeriesReader reader;
    private final SeriesSummaries summaries;
    private final StorageStatsReader storageStats;
    private final WriteActivity writes;
    private final ChunkRewriter rewriter;
    private final Backfill backfill;
    private final long maxSeries;
    private volatile boolean closed;

    private StorageEngine(final Parts parts, final WalWriter wal, final Maintenance maintenance,
        final StorageStatsReader storageStats, final Backfill backfill, final long maxSeries) {
        this.head = parts.head;
        this.lock = parts.lock;
        this.blocks = parts.blocks;
        this.wal = wal;
        this.maintenance = maintenance;
        this.reader = new SeriesReader(parts.head, parts.blocks, parts.swapLock);
        this.summaries = new SeriesSummaries(parts.blocks);
        this.storageStats = storageStats;
        this.writes = parts.writes;
        this.rewriter = parts.rewriter;
        this.backfill = backfill;
        this.maxSeries = maxSeries;
    }

    /** What {@link #open} builds before the WAL: closed in reverse order if opening fails. */
    private static final class Parts {
        final Head head;
        final MaintenanceClock clock;
        final WriteActivity writes;
        final ReadWriteLock swapLock = new ReentrantReadWriteLock();
        final Lock blockWriteLock = new ReentrantLock();
        DirectoryLock lock;
        BlockStore blocks;
        ChunkRewriter rewriter;

        Parts(final TsdbConfig config, final MaintenanceClock clock) {
            this.head = new Head(config.shardCount(), config.chunkMaxSamples(), config.chunkMaxBytes(),
                config.chunkMaxSpanMillis());
            this.clock = clock;
            this.writes = new WriteActivity(clock);
        }

        void close() {
            if (rewriter != null) {
                rewriter.close();
            }
            if (blocks != null) {
                blocks.close();
            }
            if (lock != null) {
                lock.close();
            }
            head.close();
        }
    }

    /**
     * Locks the directory, opens the blocks, replays the WAL into a new head and starts maintenance.
     *
     * @param directory the data directory, created if missing.
     * @param config    settings.
     * @param fileOps   file-system calls.
     * @return the open engine.
     * @throws TsdbException when the directory is in use or cannot be read, or {@link
     *                       io.ztsdb.core.CorruptionException} when the WAL is damaged before its tail.
     */
    public static StorageEngine open(final Path directory, final TsdbConfig config, final FileOps fileOps) {
        final StorageEngine engine = open(directory, config, fileOps, MaintenanceClock.SYSTEM);
        engine.maintenance.start();
        return engine;
    }

    /**
     * Opens the engine without starting the maintenance thread, on the given clock: tests drive {@link
     * #maintenanceTick()} themselves.
     */
    static StorageEngine open(final Path directory, final TsdbConfig config, final FileOps fileOps,
        final MaintenanceClock clock) {
        final long start = System.nanoTime();
        final Parts parts = new Parts(config, clock);
        try {
            parts.lock = DirectoryLock.acquire(directory);
            parts.blocks = BlockStore.open(fileOps, directory.resolve("blocks"));
            parts.rewriter = new ChunkRewriter();
            final BlockWindows windows = BlockWindows.forRetention(config.blockPartitionMillis(),
                config.retentionMillis());
            final Path walDirectory = directory.resolve("wal");
            final PersistedFloors floors = new PersistedFloors();
            final NewestTimestamp newest = new NewestTimestamp();
            final Persister persister = new Persister(parts.head, parts.blocks, fileOps, windows, floors, newest,
                parts.swapLock, parts.rewriter);
            final Recovery.Result recovered = Recovery.recover(parts.blocks, floors, walDirectory, fileOps,
                parts.head, persister, newest, config.headMemoryLimitBytes());
            final WalWriter wal = WalWriter.open(walDirectory, fileOps, new WalConfig().sync(config.walSync())
                .syncListener(config.walSyncListener())
                .segmentLengthBytes(config.walSegmentLengthBytes()), recovered.replay().nextSequence());
            final Maintenance maintenance = new Maintenance(config, parts.head, wal, walDirectory, fileOps, persister,
                floors, new BlockMaintenance(parts.blocks, fileOps, newest, windows, config.retentionMillis(),
                parts.rewriter, parts.blockWriteLock, clock), newest, parts.writes, clock);
            final StorageEngine engine = new StorageEngine(parts, wal, maintenance,
                new StorageStatsReader(directory, walDirectory, fileOps, config.walSync(), wal, parts.blocks),
                new Backfill(parts.head, parts.blocks, fileOps, windows, newest, parts.swapLock, parts.blockWriteLock),
                config.maxSeries());
            LOG.log(System.Logger.Level.INFO, "opened " + directory + ": " + parts.blocks.blocks().size() +
                " blocks, " + recovered.replay().records() + " WAL records replayed (" +
                recovered.replay().payloadBytes() + " bytes" + (recovered.persists() == 0 ? "" : ", head persisted " +
                recovered.persists() + " times into " + recovered.blocks() + " blocks on the way") + ") in " +
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
            return engine;
        } catch (final IOException | RuntimeException ex) {
            parts.close();
            if (ex instanceof TsdbException tsdbException) {
                throw tsdbException;
            }
            throw new TsdbException("cannot open data directory: " + directory + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Stores one point: WAL first, then the head, then waits until the WAL record is durable.
     *
     * @return one accepted or one rejected point.
     */
    public WriteResult insert(final long seriesId, final long timestampMillis, final double value) {
        final MemorySegment point = POINT_SCRATCH.get();
        point.set(PointDescriptor.LONG, PointDescriptor.SERIES_ID_OFFSET, seriesId);
        point.set(PointDescriptor.LONG, PointDescriptor.TIMESTAMP_OFFSET, timestampMillis);
        point.set(PointDescriptor.DOUBLE, PointDescriptor.VALUE_OFFSET, value);
        final long position = log(point, 0, 1);
        writes.wrote();
        final boolean accepted = head.append(seriesId, timestampMillis, value);
        wal.awaitDurable(position);
        return accepted ? ACCEPTED_ONE : REJECTED_ONE;
    }

    /**
     * Stores a batch of {@link PointDescriptor} records and waits until it is durable.
     *
     * @return the outcome.
     */
    public WriteResult insertBatch(final MemorySegment buffer, final long offset, final int pointCount) {
        if (pointCount == 0) {
            return EMPTY;
        }
        final long position = log(buffer, offset, pointCount);
        writes.wrote();
        final int accepted = head.appendBatch(buffer, offset, pointCount);
        wal.awaitDurable(position);
        return new WriteResult(accepted, pointCount - accepted);
    }

    /**
     * Stores a batch of {@link PointDescriptor} records, consuming the buffer before it returns.
     *
     * @return a future completed with the outcome once the batch is durable.
     */
    public CompletableFuture<WriteResult> insertBatchAsync(final MemorySegment buffer, final long offset,
        final int pointCount) {
        if (pointCount == 0) {
            return CompletableFuture.completedFuture(EMPTY);
        }
        final long position = log(buffer, offset, pointCount);
        writes.wrote();
        final int accepted = head.appendBatch(buffer, offset, pointCount);
        return wal.whenDurable(position, new WriteResult(accepted, pointCount - accepted));
    }

    private long log(final MemorySegment buffer, final long offset, final int pointCount) {
        checkSeriesLimit(buffer, offset, pointCount);
        return wal.append(WalRecordType.POINTS, buffer, offset, pointCount * PointDescriptor.LENGTH);
    }

    /**
     * Refuses a batch that would take the head past the series limit, before anything of it is written. Far below
     * the limit this is one sum of the shards' counts; near it the batch's series are looked up. Batches checked at
     * the same time may overshoot the limit together by at most their new series.
     */
    private void checkSeriesLimit(final MemorySegment buffer, final long offset, final int pointCount) {
        if (maxSeries <= 0) {
            return;
        }
        final long series = head.seriesCountEstimate();
        if (series + pointCount <= maxSeries) {
            return;
        }
        final int added = head.newSeriesIn(buffer, offset, pointCount);
        if (added > 0 && series + added > maxSeries) {
            throw new SeriesLimitException("series limit reached: the head holds " + series + " series, the write "
                + "would add " + added + ", maxSeries=" + maxSeries + "; nothing of it is stored (points of "
                + "existing series are accepted)", maxSeries);
        }
    }

    /**
     * Writes history below a series' stored data straight into blocks (see {@link Backfill}).
     *
     * @return the number of blocks written.
     */
    public int backfill(final long seriesId, final long[] timestamps, final double[] values, final int from,
        final int to) {
        return backfill.write(seriesId, timestamps, values, from, to);
    }

    /** @return the samples of a series with {@code startMillis <= timestamp <= endMillis}, blocks then head. */
    public SampleCursor read(final long seriesId, final long startMillis, final long endMillis) {
        return reader.read(seriesId, startMillis, endMillis);
    }

    /**
     * Like {@link #read(long, long, long)}, refilling a cursor this method returned before (its buffers are kept).
     *
     * @param reuse a cursor no longer read, or null for a new one.
     * @return the samples.
     */
    public SampleCursor read(final long seriesId, final long startMillis, final long endMillis,
        final SampleCursor reuse) {
        return reuse instanceof ChunkListCursor cursor ? reader.read(seriesId, startMillis, endMillis, cursor) :
            reader.read(seriesId, startMillis, endMillis);
    }

    /** @return a summary of every stored series (without names), in no particular order. */
    public List<SeriesInfo> series() {
        return summaries.merge(head.series());
    }

    /** @return the summary of one stored series (without name), null when nothing of it is stored. */
    public SeriesInfo seriesInfo(final long seriesId) {
        return summaries.seriesInfo(seriesId, head.info(seriesId));
    }

    /** @return a snapshot of the counters; all zero once closed. */
    public TsdbStats stats() {
        final HeadStats stats = head.stats();
        final SeriesSummaries.BlockTotals blockTotals = closed ? SeriesSummaries.BlockTotals.EMPTY :
            summaries.blockTotals();
        return new TsdbStats(stats.seriesCount(), stats.pointCount() + blockTotals.pointCount(),
            stats.compressedBytes() + blockTotals.chunkBytes(), stats.rejectedPoints(), stats.memoryBytes(),
            stats.sealedChunks() + stats.openChunks());
    }

    /** @return disk usage, WAL state and the list of blocks. */
    public StorageStats storageStats() {
        return storageStats.read();
    }

    /** Runs one whole maintenance pass in the calling thread: persist, checkpoint, retention, compaction. */
    public void maintainNow() {
        maintenance.runNow();
    }

    /** Runs one tick of the maintenance thread in the calling thread (tests that drive the clock). */
    void maintenanceTick() {
        maintenance.tick();
    }

    /** @return what maintenance did, and why it waits when it failed. */
    public MaintenanceStats maintenanceStats() {
        return maintenance.stats();
    }

    /** Stops maintenance, forces and closes the WAL, unmaps the blocks, frees the head, unlocks; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        maintenance.close();
        try {
            wal.close();
        } finally {
            try {
                rewriter.close();
                backfill.close();
                blocks.close();
                lock.close();
            } finally {
                head.close();
                NativeMemory.releaseFreeRegions();
            }
        }
    }
}
