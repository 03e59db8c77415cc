// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import io.ztsdb.core.head.ChunkListCursor;
import io.ztsdb.core.head.Head;
import io.ztsdb.core.head.HeadStats;
import org.agrona.DirectBuffer;

import java.nio.file.Path;
import java.util.List;
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
    /** Size of one point record in a batch buffer: the wire protocol's data point layout. */
    public static final int POINT_LENGTH = 24;

    private static final WriteResult ACCEPTED_ONE = new WriteResult(1, 0);
    private static final WriteResult REJECTED_ONE = new WriteResult(0, 1);

    private final Path directory;
    private final Head head;
    private volatile boolean closed;

    private Tsdb(final Path directory, final TsdbConfig config) {
        this.directory = directory;
        this.head = new Head(config.shardCount(), config.chunkMaxSamples(), config.chunkMaxBytes(),
            config.chunkMaxSpanMillis());
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
        return new Tsdb(directory, config);
    }

    /** @return the data directory. */
    public Path directory() {
        return directory;
    }

    /**
     * Stores one point.
     *
     * @return the outcome: one accepted or one rejected point.
     * @throws IllegalStateException when closed.
     */
    public WriteResult insert(final long seriesId, final long timestampMillis, final double value) {
        ensureOpen();
        return head.append(seriesId, timestampMillis, value) ? ACCEPTED_ONE : REJECTED_ONE;
    }

    /**
     * Stores {@code pointCount} points laid out as 24-byte little-endian records
     * {@code seriesId u64 | timestampMillis i64 | value f64} starting at {@code offset}.
     *
     * @return the outcome.
     * @throws IllegalStateException when closed.
     */
    public WriteResult insertBatch(final DirectBuffer buffer, final int offset, final int pointCount) {
        ensureOpen();
        final int accepted = head.appendBatch(buffer, offset, pointCount);
        return new WriteResult(accepted, pointCount - accepted);
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
     * @throws IllegalStateException when closed.
     */
    public SampleCursor query(final long seriesId, final long startMillis, final long endMillis) {
        ensureOpen();
        return head.query(seriesId, startMillis, endMillis, new ChunkListCursor().reset(startMillis, endMillis));
    }

    /** @return every series known, in no particular order. */
    public List<SeriesInfo> series() {
        ensureOpen();
        return head.series();
    }

    /** @return a snapshot of the counters; all zero once closed. */
    public TsdbStats stats() {
        final HeadStats stats = head.stats();
        return new TsdbStats(stats.seriesCount(), stats.pointCount(), stats.compressedBytes(),
            stats.rejectedPoints(), stats.memoryBytes(), stats.sealedChunks() + stats.openChunks());
    }

    /** Frees all memory held; idempotent. */
    @Override
    public void close() {
        closed = true;
        head.close();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Tsdb is closed: directory=" + directory);
        }
    }
}
