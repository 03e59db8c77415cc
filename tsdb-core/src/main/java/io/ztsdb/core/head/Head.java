// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.head;

import io.ztsdb.core.PointDescriptor;
import io.ztsdb.core.SeriesInfo;
import io.ztsdb.core.codec.GorillaEncoder;
import io.ztsdb.core.memory.NativeMemory;

import java.lang.foreign.MemorySegment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import static io.ztsdb.core.PointDescriptor.DOUBLE;
import static io.ztsdb.core.PointDescriptor.LENGTH;
import static io.ztsdb.core.PointDescriptor.LONG;
import static io.ztsdb.core.PointDescriptor.SERIES_ID_OFFSET;
import static io.ztsdb.core.PointDescriptor.TIMESTAMP_OFFSET;
import static io.ztsdb.core.PointDescriptor.VALUE_OFFSET;

/**
 * The in-memory head of the database: per series an open Gorilla chunk in native memory and a list of sealed,
 * immutable chunks, sharded by series id.
 * <p>
 * <b>Concurrency.</b> Series are hashed to {@code shardCount} shards; every operation on a series holds its
 * shard's monitor, briefly: an append is a hash lookup and a few dozen bit operations, a query copies the
 * encoded bytes of the overlapping chunks (time pushdown) into its cursor and decodes them after releasing the
 * lock. There is no global lock. The append path allocates nothing per point (the open chunk grows by doubling,
 * sealing allocates one chunk per {@code chunkMaxSamples} points).
 * <p>
 * <b>Chunk life cycle.</b> A series' open chunk is sealed when a strictly newer sample arrives and the chunk
 * holds {@code chunkMaxSamples} samples, or at least {@code chunkMaxBytes} bytes, or spans
 * {@code chunkMaxSpanMillis}; sealing copies it into an exact-size native block.
 * <p>
 * <b>Out-of-order rule.</b> Per series: a sample older than the newest accepted timestamp, or at or before the
 * series' persisted floor, is rejected and counted; a sample at the newest timestamp replaces its value (last
 * write wins).
 * <p>
 * <b>Persistence seam.</b> A persister (one thread) calls {@link #forEachSealedChunk(SealedChunkConsumer)},
 * writes the chunks, then {@link #dropSealedChunks(long, long)}, which raises the series' persisted floor;
 * recovery raises the floors with {@link #raisePersistedFloor(long, long)}, and block readers add their chunks to
 * a query's {@link ChunkListCursor} ahead of the head's.
 */
public final class Head implements AutoCloseable {
    private static final ThreadLocal<HeadBatch> HEAD_BATCH = ThreadLocal.withInitial(HeadBatch::new);

    private final HeadShard[] shards;
    private final int shardMask;

    /**
     * Creates an empty head.
     *
     * @param shardCount         number of write shards, a power of two.
     * @param chunkMaxSamples    samples after which an open chunk is sealed, 1 to 65535.
     * @param chunkMaxBytes      encoded bytes after which an open chunk is sealed.
     * @param chunkMaxSpanMillis time span after which an open chunk is sealed.
     */
    public Head(final int shardCount, final int chunkMaxSamples, final int chunkMaxBytes,
        final long chunkMaxSpanMillis) {
        if (shardCount <= 0 || Integer.bitCount(shardCount) != 1) {
            throw new IllegalArgumentException("shardCount must be a positive power of two: shardCount=" + shardCount);
        }
        final ChunkLimits limits = new ChunkLimits(chunkMaxSamples, chunkMaxBytes, chunkMaxSpanMillis);
        shards = new HeadShard[shardCount];
        for (int i = 0; i < shardCount; i++) {
            shards[i] = new HeadShard(limits);
        }
        shardMask = shardCount - 1;
    }

    private HeadShard shardFor(final long seriesId) {
        return shards[HeadShard.shardIndex(HeadShard.hash(seriesId), shardMask)];
    }

    /**
     * Appends one sample under the out-of-order rule.
     *
     * @return true when accepted, false when rejected (and counted).
     * @throws IllegalStateException when the head is closed.
     */
    public boolean append(final long seriesId, final long timestampMillis, final double value) {
        final HeadShard shard = shardFor(seriesId);
        synchronized (shard) {
            ensureOpen(shard);
            return shard.append(seriesId, timestampMillis, value);
        }
    }

    /**
     * Appends {@code pointCount} {@link PointDescriptor} records starting at {@code offset}.
     * <p>
     * The records are grouped by shard first (a stable counting sort into a per-thread scratch array), so each
     * shard lock is taken once per batch rather than once per point; under the lock, the shard resolves the
     * series of all its points and then appends series by series. The order of the points of one series is
     * kept, so the outcome is the same as appending the records one by one.
     *
     * @return points accepted; the others were rejected and counted.
     * @throws IllegalStateException when the head is closed.
     */
    public int appendBatch(final MemorySegment buffer, final long offset, final int pointCount) {
        if (pointCount <= 2) {
            int accepted = 0;
            long at = offset;
            for (int i = 0; i < pointCount; i++, at += LENGTH) {
                if (append(buffer.get(LONG, at + SERIES_ID_OFFSET), buffer.get(LONG, at + TIMESTAMP_OFFSET),
                    buffer.get(DOUBLE, at + VALUE_OFFSET))) {
                    accepted++;
                }
            }
            return accepted;
        }
        final HeadBatch batch = HEAD_BATCH.get();
        int accepted = 0;
        for (int done = 0; done < pointCount; done += HeadBatch.MAX_POINTS) {
            final int points = Math.min(HeadBatch.MAX_POINTS, pointCount - done);
            batch.load(buffer, offset + (long) done * LENGTH, points, shardMask);
            for (int s = 0; s < shards.length; s++) {
                final int from = batch.shardStart(s);
                final int to = batch.shardEnd(s);
                if (to > from) {
                    final HeadShard shard = shards[s];
                    synchronized (shard) {
                        ensureOpen(shard);
                        accepted += shard.appendBatch(batch, from, to);
                    }
                }
            }
        }
        return accepted;
    }

    /**
     * Fills {@code cursor} with the chunks of a series that overlap {@code [startMillis, endMillis]}.
     *
     * @param cursor the cursor to reset and fill; chunks from storage may be added to it before this call only
     *               if they are all older than the head's.
     * @return the cursor.
     */
    public ChunkListCursor query(final long seriesId, final long startMillis, final long endMillis,
        final ChunkListCursor cursor) {
        final HeadShard shard = shardFor(seriesId);
        synchronized (shard) {
            ensureOpen(shard);
            final HeadSeries series = shard.get(seriesId);
            if (series != null) {
                series.collect(startMillis, endMillis, cursor);
            }
        }
        return cursor;
    }

    /** @return a summary of every series, in no particular order. */
    public List<SeriesInfo> series() {
        final List<SeriesInfo> result = new ArrayList<>();
        for (final HeadShard shard : shards) {
            synchronized (shard) {
                ensureOpen(shard);
                for (int o = 0; o < shard.seriesCount(); o++) {
                    final HeadSeries series = shard.seriesAt(o);
                    result.add(new SeriesInfo(series.seriesId, series.pointCount(), series.minTimeMillis(),
                        series.maxTimeMillis()));
                }
            }
        }
        return result;
    }

    /**
     * @param seriesId a series id.
     * @return the summary of that series, or null when the head has no samples for it.
     */
    public SeriesInfo info(final long seriesId) {
        final HeadShard shard = shardFor(seriesId);
        synchronized (shard) {
            ensureOpen(shard);
            final HeadSeries series = shard.get(seriesId);
            return series == null ? null : new SeriesInfo(series.seriesId, series.pointCount(),
                series.minTimeMillis(), series.maxTimeMillis());
        }
    }

    /**
     * The number of series in the head, read without the shard locks: a batch appended meanwhile may be counted in
     * part. For the series limit's fast path.
     *
     * @return series in the head.
     */
    public long seriesCountEstimate() {
        long count = 0;
        for (final HeadShard shard : shards) {
            count += shard.seriesCount();
        }
        return count;
    }

    /**
     * Counts the distinct series of a batch that the head does not hold yet.
     *
     * @param buffer     the {@link PointDescriptor} records.
     * @param offset     of the first record.
     * @param pointCount records.
     * @return distinct series ids of the batch absent from the head.
     */
    public int newSeriesIn(final MemorySegment buffer, final long offset, final int pointCount) {
        final java.util.Set<Long> seen = new java.util.HashSet<>();
        int unknown = 0;
        long at = offset + SERIES_ID_OFFSET;
        for (int i = 0; i < pointCount; i++, at += LENGTH) {
            final long seriesId = buffer.get(LONG, at);
            if (seen.add(seriesId)) {
                final HeadShard shard = shardFor(seriesId);
                synchronized (shard) {
                    ensureOpen(shard);
                    if (shard.get(seriesId) == null) {
                        unknown++;
                    }
                }
            }
        }
        return unknown;
    }

    /** @return a snapshot of the head's counters. */
    public HeadStats stats() {
        long seriesCount = 0;
        long points = 0;
        long rejected = 0;
        long memory = 0;
        long compressed = 0;
        long sealedChunks = 0;
        long openChunks = 0;
        for (final HeadShard shard : shards) {
            synchronized (shard) {
                if (shard.closed) {
                    continue;
                }
                final ShardCounters counters = shard.counters;
                seriesCount += shard.seriesCount();
                points += counters.pointCount;
                rejected += counters.rejectedPoints;
                memory += counters.memoryBytes;
                compressed += counters.sealedBytes;
                sealedChunks += counters.sealedChunks;
                for (int o = 0; o < shard.seriesCount(); o++) {
                    final HeadSeries series = shard.seriesAt(o);
                    final long open = series.openLengthBytes();
                    compressed += open;
                    openChunks += open > 0 ? 1 : 0;
                }
            }
        }
        return new HeadStats(seriesCount, points, compressed, rejected, memory, sealedChunks, openChunks);
    }

    /**
     * Calls {@code consumer} for every sealed chunk, series by series, oldest chunk first per series.
     * <p>
     * The consumer runs outside the shard locks: ingest and queries go on meanwhile. Sealed chunks are freed only
     * by {@link #dropSealedChunks(long, long)} and {@link #close()}, so call those from the same thread (the
     * persister), not concurrently with this method.
     */
    public void forEachSealedChunk(final SealedChunkConsumer consumer) {
        long[] ids = new long[64];
        HeadChunk[] chunks = new HeadChunk[64];
        for (final HeadShard shard : shards) {
            int count = 0;
            synchronized (shard) {
                ensureOpen(shard);
                for (int o = 0; o < shard.seriesCount(); o++) {
                    final HeadSeries series = shard.seriesAt(o);
                    for (int i = 0; i < series.sealedCount(); i++) {
                        if (count == ids.length) {
                            ids = Arrays.copyOf(ids, count * 2);
                            chunks = Arrays.copyOf(chunks, count * 2);
                        }
                        ids[count] = series.seriesId;
                        chunks[count] = series.sealedAt(i);
                        count++;
                    }
                }
            }
            for (int i = 0; i < count; i++) {
                final HeadChunk chunk = chunks[i];
                consumer.accept(ids[i], chunk.minTimeMillis, chunk.maxTimeMillis, chunk.sampleCount,
                    NativeMemory.segment(chunk.handle), NativeMemory.offset(chunk.handle), chunk.lengthBytes);
                chunks[i] = null;
            }
        }
    }

    /**
     * Calls {@code consumer} once per series that has sealed chunks whose first sample lies in {@code
     * [fromMillis, toMillis)}, with those chunks, oldest first: the persister's view of one time window. Like
     * {@link #forEachSealedChunk(SealedChunkConsumer)}, the consumer runs outside the shard locks and must be the
     * only thread that frees sealed chunks; the list is valid during the call only.
     * <p>
     * A series that also holds sealed chunks older than {@code fromMillis} is left out: the persister dropped
     * everything older than the window before, so such chunks were sealed after it planned its windows (a series
     * that appeared meanwhile), and persisting the window's chunks alone would raise the series' floor above them
     * and drop them unwritten. They wait for the next persist, which plans them.
     */
    public void forEachSeriesSealedChunks(final long fromMillis, final long toMillis,
        final Consumer<SealedChunkList> consumer) {
        final SealedChunkList list = new SealedChunkList();
        long[] ids = new long[16];
        int[] starts = new int[17];
        HeadChunk[] chunks = new HeadChunk[64];
        for (final HeadShard shard : shards) {
            int seriesFound = 0;
            int chunkCount = 0;
            synchronized (shard) {
                ensureOpen(shard);
                for (int o = 0; o < shard.seriesCount(); o++) {
                    final HeadSeries series = shard.seriesAt(o);
                    final int first = series.firstSealedFrom(fromMillis);
                    if (first > 0) {
                        continue;
                    }
                    int last = first;
                    while (last < series.sealedCount() && series.sealedAt(last).minTimeMillis < toMillis) {
                        last++;
                    }
                    if (last == first) {
                        continue;
                    }
                    if (seriesFound == ids.length) {
                        ids = Arrays.copyOf(ids, 2 * seriesFound);
                        starts = Arrays.copyOf(starts, 2 * seriesFound + 1);
                    }
                    if (chunkCount + last - first > chunks.length) {
                        chunks = Arrays.copyOf(chunks, Math.max(2 * chunks.length, chunkCount + last - first));
                    }
                    ids[seriesFound] = series.seriesId;
                    starts[seriesFound] = chunkCount;
                    for (int i = first; i < last; i++) {
                        chunks[chunkCount++] = series.sealedAt(i);
                    }
                    seriesFound++;
                }
            }
            starts[seriesFound] = chunkCount;
            for (int k = 0; k < seriesFound; k++) {
                consumer.accept(list.wrap(ids[k], chunks, starts[k], starts[k + 1] - starts[k]));
            }
            Arrays.fill(chunks, 0, chunkCount, null);
        }
    }

    /**
     * Seals the open chunk of every series whose newest sample is older than {@code newestBeforeMillis} (a series
     * that stopped receiving data while others went on), or of every series when it is {@link Long#MAX_VALUE} (an
     * idle database), so that persistence can move them to blocks and the WAL can be folded away. A sample at the
     * newest timestamp of such a series is then rejected rather than replacing the value (last write wins only
     * applies within the open chunk).
     *
     * @return open chunks sealed.
     */
    public int sealOpenChunks(final long newestBeforeMillis) {
        int sealed = 0;
        for (final HeadShard shard : shards) {
            synchronized (shard) {
                ensureOpen(shard);
                for (int o = 0; o < shard.seriesCount(); o++) {
                    final HeadSeries series = shard.seriesAt(o);
                    if (series.openSampleCount() > 0 && series.maxTimeMillis() < newestBeforeMillis &&
                        series.sealOpenChunk(shard.counters)) {
                        sealed++;
                    }
                }
            }
        }
        return sealed;
    }

    /**
     * Frees the sealed chunks of a series whose newest sample is at or before {@code maxTimeMillis}, after they
     * were persisted: their points leave the head's counts, and samples at or before them are rejected from now
     * on (the persisted floor). The open chunk is never dropped.
     *
     * @return chunks dropped.
     */
    public int dropSealedChunks(final long seriesId, final long maxTimeMillis) {
        final HeadShard shard = shardFor(seriesId);
        synchronized (shard) {
            ensureOpen(shard);
            final HeadSeries series = shard.get(seriesId);
            return series == null ? 0 : series.dropSealedThrough(maxTimeMillis, shard.counters);
        }
    }

    /**
     * Declares that a series' samples up to {@code floorMillis} are persisted in blocks (recovery): samples at
     * or before it are rejected from now on, as they would have been before the restart.
     *
     * @param seriesId    the series, created when absent.
     * @param floorMillis newest persisted timestamp of the series.
     */
    public void raisePersistedFloor(final long seriesId, final long floorMillis) {
        final HeadShard shard = shardFor(seriesId);
        synchronized (shard) {
            ensureOpen(shard);
            shard.getOrCreate(seriesId).raiseFloor(floorMillis);
        }
    }

    /** @return the worst-case bytes one sample takes in a chunk. */
    public static int maxSampleBytes() {
        return (GorillaEncoder.MAX_SAMPLE_BITS + 7) / 8;
    }

    private static void ensureOpen(final HeadShard shard) {
        if (shard.closed) {
            throw new IllegalStateException("head is closed");
        }
    }

    /** Frees every chunk; idempotent. Later calls other than {@code close} and {@code stats} throw. */
    @Override
    public void close() {
        for (final HeadShard shard : shards) {
            synchronized (shard) {
                if (shard.closed) {
                    continue;
                }
                shard.closed = true;
                for (int o = 0; o < shard.seriesCount(); o++) {
                    final HeadSeries series = shard.seriesAt(o);
                    series.free(shard.counters);
                }
                shard.clear();
            }
        }
    }
}
