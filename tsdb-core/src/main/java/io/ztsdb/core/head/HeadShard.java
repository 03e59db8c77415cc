// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.head;

import io.ztsdb.core.codec.GorillaDecoder;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * One write shard of the head: the series hashed to it, their counters and a scratch decoder, all guarded by
 * the shard's monitor ({@code synchronized (shard)}). Writers of different shards never contend.
 */
final class HeadShard {
    final Long2ObjectHashMap<HeadSeries> seriesById = new Long2ObjectHashMap<>();
    final GorillaDecoder scratchDecoder = new GorillaDecoder();
    final int chunkMaxSamples;
    final int chunkMaxBytes;
    final long chunkMaxSpanMillis;
    long pointCount;
    long rejectedPoints;
    long memoryBytes;
    long sealedBytes;
    long sealedChunks;
    boolean closed;

    HeadShard(final int chunkMaxSamples, final int chunkMaxBytes, final long chunkMaxSpanMillis) {
        this.chunkMaxSamples = chunkMaxSamples;
        this.chunkMaxBytes = chunkMaxBytes;
        this.chunkMaxSpanMillis = chunkMaxSpanMillis;
    }

    /** @return the series, created when absent. */
    HeadSeries getOrCreate(final long seriesId) {
        HeadSeries series = seriesById.get(seriesId);
        if (series == null) {
            series = new HeadSeries(seriesId);
            seriesById.put(seriesId, series);
        }
        return series;
    }

    /**
     * Appends under the shard lock, which the caller holds.
     *
     * @return true when accepted (appended or replaced by last-write-wins).
     */
    boolean append(final long seriesId, final long timestampMillis, final double value) {
        final int outcome = getOrCreate(seriesId).append(timestampMillis, value, this);
        if (outcome == HeadSeries.APPENDED) {
            pointCount++;
            return true;
        }
        if (outcome == HeadSeries.REPLACED) {
            return true;
        }
        rejectedPoints++;
        return false;
    }
}
