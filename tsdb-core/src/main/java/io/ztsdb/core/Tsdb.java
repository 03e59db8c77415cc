// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An embeddable time-series database: the entry point of {@code tsdb-core}.
 * <p>
 * Thread-safe: any number of threads may write and read concurrently.
 * <p>
 * Points are {@code (seriesId u64, timestampMillis i64, value f64)}. Within a series, a point whose
 * timestamp is older than the newest stored one is rejected and counted; an equal timestamp replaces the
 * stored value (last write wins).
 */
public final class Tsdb implements AutoCloseable {
    /** Size of one point record in a batch buffer: the wire protocol's data point layout. */
    public static final int POINT_LENGTH = 24;

    private final Path directory;
    private final ConcurrentHashMap<Long, Series> seriesById = new ConcurrentHashMap<>();
    private final AtomicLong rejectedPoints = new AtomicLong();
    private volatile boolean closed;

    private Tsdb(final Path directory) {
        this.directory = directory;
    }

    /**
     * Opens (creating if needed) the database in {@code directory} with default settings.
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
     */
    public static Tsdb open(final Path directory, final TsdbConfig config) {
        return new Tsdb(directory);
    }

    /** @return the data directory. */
    public Path directory() {
        return directory;
    }

    /**
     * Stores one point.
     *
     * @return the outcome: one accepted or one rejected point.
     */
    public WriteResult insert(final long seriesId, final long timestampMillis, final double value) {
        ensureOpen();
        final boolean ok = seriesById.computeIfAbsent(seriesId, Series::new).append(timestampMillis, value);
        if (!ok) {
            rejectedPoints.incrementAndGet();
        }
        return ok ? new WriteResult(1, 0) : new WriteResult(0, 1);
    }

    /**
     * Stores {@code pointCount} points laid out as 24-byte little-endian records
     * {@code seriesId u64 | timestampMillis i64 | value f64} starting at {@code offset}.
     *
     * @return the outcome.
     */
    public WriteResult insertBatch(final DirectBuffer buffer, final int offset, final int pointCount) {
        ensureOpen();
        int accepted = 0;
        for (int i = 0; i < pointCount; i++) {
            final int at = offset + i * POINT_LENGTH;
            final long seriesId = buffer.getLong(at, ByteOrder.LITTLE_ENDIAN);
            final long ts = buffer.getLong(at + 8, ByteOrder.LITTLE_ENDIAN);
            final double value = buffer.getDouble(at + 16, ByteOrder.LITTLE_ENDIAN);
            if (seriesById.computeIfAbsent(seriesId, Series::new).append(ts, value)) {
                accepted++;
            }
        }
        final int rejected = pointCount - accepted;
        if (rejected > 0) {
            rejectedPoints.addAndGet(rejected);
        }
        return new WriteResult(accepted, rejected);
    }

    /**
     * Like {@link #insertBatch(DirectBuffer, int, int)}, for callers that must not block: the buffer is
     * consumed before this method returns, the future completes when the write is durable.
     *
     * @return a future completed with the outcome.
     */
    public CompletableFuture<WriteResult> insertBatchAsync(
        final DirectBuffer buffer, final int offset, final int pointCount) {
        return CompletableFuture.completedFuture(insertBatch(buffer, offset, pointCount));
    }

    /**
     * Reads the samples of one series with {@code startMillis <= timestamp <= endMillis}.
     *
     * @return a cursor in time order; empty when the series is unknown.
     */
    public SampleCursor query(final long seriesId, final long startMillis, final long endMillis) {
        ensureOpen();
        final Series series = seriesById.get(seriesId);
        return series == null ? new ArrayCursor(new long[0], new double[0], 0, 0) :
            series.read(startMillis, endMillis);
    }

    /** @return every series known, in no particular order. */
    public List<SeriesInfo> series() {
        final List<SeriesInfo> result = new ArrayList<>(seriesById.size());
        for (final Series series : seriesById.values()) {
            result.add(series.info());
        }
        return result;
    }

    /** @return a snapshot of the counters. */
    public TsdbStats stats() {
        long points = 0;
        for (final Series series : seriesById.values()) {
            points += series.info().pointCount();
        }
        return new TsdbStats(seriesById.size(), points, points * POINT_LENGTH, rejectedPoints.get());
    }

    @Override
    public void close() {
        closed = true;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Tsdb is closed: directory=" + directory);
        }
    }

    /** Walking-skeleton series: on-heap arrays, replaced by the off-heap Gorilla head. */
    private static final class Series {
        private final long id;
        private long[] timestamps = new long[16];
        private double[] values = new double[16];
        private int size;

        Series(final long id) {
            this.id = id;
        }

        synchronized boolean append(final long ts, final double value) {
            if (size > 0 && ts < timestamps[size - 1]) {
                return false;
            }
            if (size > 0 && ts == timestamps[size - 1]) {
                values[size - 1] = value;
                return true;
            }
            if (size == timestamps.length) {
                timestamps = Arrays.copyOf(timestamps, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            timestamps[size] = ts;
            values[size] = value;
            size++;
            return true;
        }

        synchronized SampleCursor read(final long start, final long end) {
            int from = Arrays.binarySearch(timestamps, 0, size, start);
            from = from < 0 ? -from - 1 : from;
            int to = from;
            while (to < size && timestamps[to] <= end) {
                to++;
            }
            return new ArrayCursor(Arrays.copyOfRange(timestamps, from, to),
                Arrays.copyOfRange(values, from, to), 0, to - from);
        }

        synchronized SeriesInfo info() {
            return new SeriesInfo(id, size, size == 0 ? Long.MAX_VALUE : timestamps[0],
                size == 0 ? Long.MIN_VALUE : timestamps[size - 1]);
        }
    }

    private static final class ArrayCursor implements SampleCursor {
        private final long[] timestamps;
        private final double[] values;
        private final int end;
        private int index;

        ArrayCursor(final long[] timestamps, final double[] values, final int start, final int end) {
            this.timestamps = timestamps;
            this.values = values;
            this.index = start - 1;
            this.end = end;
        }

        @Override
        public boolean next() {
            return ++index < end;
        }

        @Override
        public long timestampMillis() {
            return timestamps[index];
        }

        @Override
        public double value() {
            return values[index];
        }

        @Override
        public void close() {
        }
    }
}
