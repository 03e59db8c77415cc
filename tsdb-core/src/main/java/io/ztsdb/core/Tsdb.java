// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import io.ztsdb.core.engine.StorageEngine;
import io.ztsdb.core.io.DefaultFileOps;
import io.ztsdb.core.io.FileOps;
import io.ztsdb.core.query.QueryExecutor;
import io.ztsdb.core.series.RegisteredSeries;
import io.ztsdb.core.series.SeriesCatalog;
import io.ztsdb.core.series.SeriesIds;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * An embeddable time-series database: the entry point of {@code tsdb-core}.
 * <p>
 * Thread-safe: any number of threads may write and read concurrently. Writes are sharded by series id (no global
 * lock), samples are stored as Gorilla-compressed chunks in native memory (see {@code docs/storage.md}).
 * <p>
 * Points are {@code (seriesId u64, timestampMillis i64, value f64)}; every double bit pattern is stored exactly.
 * Out-of-order rule, per series: a point whose timestamp is older than the newest stored one is rejected and
 * counted in {@link TsdbStats#rejectedPoints()}; a point at the newest timestamp replaces the stored value (last
 * write wins) and counts as accepted.
 */
public final class Tsdb implements AutoCloseable {
    private final Path directory;
    private final StorageEngine engine;
    private final SeriesCatalog catalog;
    private final QueryExecutor queries;
    private volatile boolean closed;

    private Tsdb(final Path directory, final TsdbConfig config, final FileOps fileOps) {
        this.directory = directory;
        this.engine = StorageEngine.open(directory, config, fileOps);
        try {
            this.catalog = SeriesCatalog.open(directory);
        } catch (final RuntimeException ex) {
            engine.close();
            throw ex;
        }
        this.queries = new QueryExecutor(catalog, this::query);
    }

    /**
     * Opens (creating if needed) the database in {@code directory} with default settings: loads the blocks and
     * replays the WAL (see {@code docs/storage.md}).
     *
     * @param directory data directory.
     * @return the open database.
     */
    public static Tsdb open(final Path directory) {
        return open(directory, new TsdbConfig());
    }

    /**
     * Opens (creating if needed) the database in {@code directory}.
     *
     * @param directory data directory.
     * @param config    settings.
     * @return the open database.
     * @throws TsdbException when the directory is in use by another process or cannot be read, or
     *                       {@link CorruptionException} when the WAL is damaged before its tail.
     */
    public static Tsdb open(final Path directory, final TsdbConfig config) {
        return new Tsdb(directory, config, DefaultFileOps.INSTANCE);
    }

    /** Test seam: opens with file-system calls that fail on demand (fault injection). */
    static Tsdb open(final Path directory, final TsdbConfig config, final FileOps fileOps) {
        return new Tsdb(directory, config, fileOps);
    }

    /** {@return the data directory} */
    public Path directory() {
        return directory;
    }

    /**
     * Stores one point.
     *
     * @param seriesId        the series: a registered one ({@link #registerSeries(String, Labels)}) or a raw id.
     * @param timestampMillis the sample time, ms since the epoch.
     * @param value           the sample value.
     * @return the outcome: one accepted or one rejected point.
     * @throws IllegalStateException when closed.
     */
    public WriteResult insert(final long seriesId, final long timestampMillis, final double value) {
        ensureOpen();
        return engine.insert(seriesId, timestampMillis, value);
    }

    /**
     * Stores {@code pointCount} points laid out as {@link PointDescriptor} records (24 bytes, little-endian:
     * {@code seriesId u64 | timestampMillis i64 | value f64}, no alignment) from {@code offset} in {@code batch},
     * and returns once they are durable (see {@link WalSync}).
     * <p>
     * Any memory segment will do: a heap array ({@code MemorySegment.ofArray(bytes)}), a heap or direct {@link
     * java.nio.ByteBuffer} ({@code MemorySegment.ofBuffer(buffer)}, which starts at the buffer's position), or native
     * memory from an {@link java.lang.foreign.Arena}. The points are copied before the method returns; the segment
     * is not kept.
     *
     * @param batch      the points.
     * @param offset     where the first point starts in {@code batch}.
     * @param pointCount points to store, 0 or more.
     * @return the outcome.
     * @throws IndexOutOfBoundsException when the points do not lie inside {@code batch}; nothing is stored.
     * @throws IllegalStateException     when closed.
     */
    public WriteResult insertBatch(final MemorySegment batch, final long offset, final int pointCount) {
        ensureOpen();
        checkBatch(batch, offset, pointCount);
        return engine.insertBatch(batch, offset, pointCount);
    }

    /**
     * Like {@link #insertBatch(MemorySegment, long, int)}, for callers that must not block: the points are copied
     * before this method returns, the future completes when the write is durable (on the WAL's sync thread: keep
     * dependent actions short or hand them off).
     *
     * @param batch      the points, {@link PointDescriptor} records.
     * @param offset     where the first point starts in {@code batch}.
     * @param pointCount points to store, 0 or more.
     * @return a future completed with the outcome.
     * @throws IndexOutOfBoundsException when the points do not lie inside {@code batch}; nothing is stored.
     * @throws IllegalStateException     when closed.
     */
    public CompletableFuture<WriteResult> insertBatchAsync(final MemorySegment batch, final long offset,
        final int pointCount) {
        ensureOpen();
        checkBatch(batch, offset, pointCount);
        return engine.insertBatchAsync(batch, offset, pointCount);
    }

    private static void checkBatch(final MemorySegment batch, final long offset, final int pointCount) {
        if (pointCount < 0) {
            throw new IllegalArgumentException("pointCount must not be negative: pointCount=" + pointCount);
        }
        Objects.checkFromIndexSize(offset, (long) pointCount * PointDescriptor.LENGTH, batch.byteSize());
    }

    /**
     * Reads the samples of one series with {@code startMillis <= timestamp <= endMillis}.
     *
     * @param seriesId    the series.
     * @param startMillis range start, inclusive.
     * @param endMillis   range end, inclusive.
     * @return a cursor in time order; empty when the series is unknown.
     * @throws IllegalStateException when closed.
     */
    public SampleCursor query(final long seriesId, final long startMillis, final long endMillis) {
        ensureOpen();
        return engine.read(seriesId, startMillis, endMillis);
    }

    /**
     * Like {@link #query(long, long, long)}, but refills the cursor a previous call returned, keeping its buffers:
     * reading many series one after the other then allocates nothing per series.
     *
     * @param seriesId    the series.
     * @param startMillis range start, inclusive.
     * @param endMillis   range end, inclusive.
     * @param reuse       a cursor returned by this method or {@link #query(long, long, long)} and no longer read,
     *                    or null.
     * @return the cursor, refilled (a new one when {@code reuse} cannot be refilled).
     * @throws IllegalStateException when closed.
     */
    public SampleCursor query(final long seriesId, final long startMillis, final long endMillis,
        final SampleCursor reuse) {
        ensureOpen();
        return engine.read(seriesId, startMillis, endMillis, reuse);
    }

    /** {@return every series known, in no particular order; named series with their name and labels} */
    public List<SeriesInfo> series() {
        ensureOpen();
        return catalog.describe(engine.series());
    }

    /** {@return a snapshot of the counters; all zero once closed} */
    public TsdbStats stats() {
        return engine.stats();
    }

    /** {@return disk usage, WAL state and the list of blocks, for {@code /stats}} */
    public StorageStats storageStats() {
        ensureOpen();
        return engine.storageStats();
    }

    /**
     * Imports history of one series below its stored data: the explicit path for out-of-order backfill (the write
     * path rejects points older than a series' newest). Samples {@code [from, to)}, timestamps strictly ascending,
     * must all be older than the oldest sample stored for the series; they go straight into blocks (no WAL, no head),
     * one per window of the compaction ladder they fall in, and are durable when the call returns. Compaction merges
     * the small blocks of many backfills on its next tick. For a series with nothing stored, points at or before the
     * range's end are rejected by the write path afterwards, as after a persist. Thread-safe; backfills run one at
     * a time.
     *
     * @param seriesId   the series.
     * @param timestamps timestamps in ms, strictly ascending over {@code [from, to)}.
     * @param values     values (any bit pattern is kept).
     * @param from       first sample, inclusive.
     * @param to         last sample, exclusive; more than {@code from}.
     * @return the number of blocks written.
     * @throws IllegalArgumentException when the timestamps are not ascending or the range reaches the series'
     *                                  stored data: nothing is written.
     * @throws TsdbException            when writing fails (nothing of the failed block is visible).
     */
    public int backfill(final long seriesId, final long[] timestamps, final double[] values, final int from,
        final int to) {
        ensureOpen();
        return engine.backfill(seriesId, timestamps, values, from, to);
    }

    /**
     * Runs the background maintenance now, in the calling thread: persists the sealed head chunks into blocks,
     * checkpoints the WAL, applies retention and compacts until nothing is left to merge. Ingest and queries go
     * on meanwhile. For tools, tests and benchmarks; the background thread does the same on its own schedule.
     *
     * @throws TsdbException when writing fails (nothing is lost: the data stays in the head and the WAL).
     */
    public void persistNow() {
        ensureOpen();
        engine.maintainNow();
    }

    /**
     * Reports the background maintenance.
     *
     * @return what the background maintenance did since open (persists, merges, their CPU cost), and, while a
     *     persist keeps failing, its reason and the wait before the next attempt.
     */
    public MaintenanceStats maintenanceStats() {
        ensureOpen();
        return engine.maintenanceStats();
    }

    /**
     * Forces and closes the WAL, stops background persistence, unmaps the blocks and frees all memory held;
     * idempotent. Everything acknowledged is recovered by the next {@link #open(Path)}.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            engine.close();
        } finally {
            catalog.close();
        }
    }

    // ---- Named series, labels and aggregated queries (see docs/query.md) ----

    /** Default of the {@code maxPoints} limit of selector queries. */
    public static final long QUERY_MAX_POINTS_DEFAULT = 1_000_000;

    /**
     * Registers a named series, or finds it registered: its id is the stable hash of the metric name and the
     * sorted labels (see {@code docs/storage.md}), durable in the data directory before this returns.
     *
     * @param metric metric name, {@code [A-Za-z_:][A-Za-z0-9_:.]*}.
     * @param labels its labels.
     * @return the series id, to insert points with.
     * @throws SeriesCollisionException when a different series already has this id.
     * @throws IllegalArgumentException on a bad metric name.
     */
    public long registerSeries(final String metric, final Labels labels) {
        ensureOpen();
        return catalog.register(metric, labels);
    }

    /**
     * Computes the stable id of a named series without registering it: agents on many hosts derive the same id
     * from the same name without coordination (see {@code docs/storage.md}, "Series and labels").
     *
     * @param metric metric name.
     * @param labels its labels.
     * @return {@code XXH64(canonical form) | 1 << 63}.
     * @throws IllegalArgumentException on a bad metric name.
     */
    public static long seriesId(final String metric, final Labels labels) {
        return SeriesIds.id(Labels.checkMetricName(metric), labels);
    }

    /**
     * Registers many named series with one fsync, all or none.
     *
     * @param metrics metric names.
     * @param labels  their labels, one per metric.
     * @return the ids, in input order.
     * @throws SeriesCollisionException when one has the id of a different series.
     */
    public long[] registerSeries(final String[] metrics, final Labels[] labels) {
        ensureOpen();
        return catalog.register(metrics, labels);
    }

    /**
     * Finds the named series a selector matches, through the label index.
     *
     * @param selector e.g. {@code SeriesSelector.parse("container.cpu.usage{runtime=~\"docker|podman\"}")}.
     * @return their summaries with name and labels, in registration order.
     */
    public List<SeriesInfo> select(final SeriesSelector selector) {
        ensureOpen();
        final List<RegisteredSeries> named = catalog.select(selector);
        final List<SeriesInfo> result = new ArrayList<>(named.size());
        for (final RegisteredSeries series : named) {
            final SeriesInfo info = engine.seriesInfo(series.seriesId());
            result.add(info == null ? SeriesCatalog.empty(series) : info.withName(series.metric(), series.labels()));
        }
        return result;
    }

    /**
     * Looks up one series by id.
     *
     * @param seriesId a series id.
     * @return the summary of the series with its name and labels when it is a registered named series, without
     *     them for a raw-id series with samples; null when the id is neither registered nor stored.
     */
    public SeriesInfo findSeries(final long seriesId) {
        ensureOpen();
        final RegisteredSeries named = catalog.find(seriesId);
        final SeriesInfo info = engine.seriesInfo(seriesId);
        if (named == null) {
            return info;
        }
        return info == null ? SeriesCatalog.empty(named) : info.withName(named.metric(), named.labels());
    }

    /** {@return the label names of the named series, sorted, {@code __name__} (metric names) included} */
    public List<String> labelNames() {
        ensureOpen();
        return catalog.labelNames();
    }

    /**
     * Lists the values one label takes over all named series.
     *
     * @param name a label name, or {@code __name__} for the metric names.
     * @return the values it takes, sorted.
     */
    public List<String> labelValues(final String name) {
        ensureOpen();
        return catalog.labelValues(name);
    }

    /**
     * Lists the label names of the series a selector selects.
     *
     * @param selector the series to look at.
     * @return the label names the selected series carry, sorted, {@code __name__} included.
     */
    public List<String> labelNames(final SeriesSelector selector) {
        ensureOpen();
        return catalog.labelNames(selector);
    }

    /**
     * Lists the values one label takes over the series a selector selects.
     *
     * @param name     a label name, or {@code __name__} for the metric names.
     * @param selector the series to look at.
     * @return the values the label takes on the selected series, sorted.
     */
    public List<String> labelValues(final String name, final SeriesSelector selector) {
        ensureOpen();
        return catalog.labelValues(name, selector);
    }

    /**
     * Reads one series reduced by step: see {@link Aggregation} for the buckets and functions.
     *
     * @param seriesId    the series.
     * @param startMillis range start, inclusive.
     * @param endMillis   range end, inclusive.
     * @param stepMillis  bucket width, 0 for one bucket over the range.
     * @param aggregation the reduction.
     * @return one sample per non-empty bucket, in time order.
     */
    public SampleCursor query(final long seriesId, final long startMillis, final long endMillis,
        final long stepMillis, final Aggregation aggregation) {
        ensureOpen();
        return queries.samples(seriesId, startMillis, endMillis, stepMillis, aggregation);
    }

    /**
     * Queries the series a selector matches, with the default limit {@link #QUERY_MAX_POINTS_DEFAULT}.
     *
     * @param selector    the series.
     * @param startMillis range start, inclusive.
     * @param endMillis   range end, inclusive.
     * @param stepMillis  bucket width (0: one bucket); must be 0 without aggregation.
     * @param aggregation the reduction, or null for raw samples.
     * @return the series with their samples.
     * @throws QueryLimitException before any point is returned, when the result would exceed the limit.
     * @see #query(SeriesSelector, long, long, long, Aggregation, long)
     */
    public SeriesCursor query(final SeriesSelector selector, final long startMillis, final long endMillis,
        final long stepMillis, final Aggregation aggregation) {
        return query(selector, startMillis, endMillis, stepMillis, aggregation, QUERY_MAX_POINTS_DEFAULT);
    }

    /**
     * Queries the series a selector matches.
     *
     * @param selector    the series.
     * @param startMillis range start, inclusive.
     * @param endMillis   range end, inclusive.
     * @param stepMillis  bucket width (0: one bucket); must be 0 without aggregation.
     * @param aggregation the reduction, or null for raw samples.
     * @param maxPoints   most points the result may hold.
     * @return the series with their samples.
     * @throws QueryLimitException before any point is returned, when the result would exceed {@code maxPoints}.
     */
    public SeriesCursor query(final SeriesSelector selector, final long startMillis, final long endMillis,
        final long stepMillis, final Aggregation aggregation, final long maxPoints) {
        ensureOpen();
        return queries.query(selector, startMillis, endMillis, stepMillis, aggregation, maxPoints);
    }

    /**
     * Queries series by id (named or raw), like {@link #query(SeriesSelector, long, long, long, Aggregation, long)}.
     *
     * @param seriesIds   the series, in result order.
     * @param startMillis range start, inclusive.
     * @param endMillis   range end, inclusive.
     * @param stepMillis  bucket width (0: one bucket); must be 0 without aggregation.
     * @param aggregation the reduction, or null for raw samples.
     * @param maxPoints   most points the result may hold.
     * @return the series with their samples.
     * @throws QueryLimitException before any point is returned, when the result would exceed {@code maxPoints}.
     */
    public SeriesCursor query(final long[] seriesIds, final long startMillis, final long endMillis,
        final long stepMillis, final Aggregation aggregation, final long maxPoints) {
        ensureOpen();
        return queries.query(seriesIds, startMillis, endMillis, stepMillis, aggregation, maxPoints);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Tsdb is closed: directory=" + directory);
        }
    }
}
