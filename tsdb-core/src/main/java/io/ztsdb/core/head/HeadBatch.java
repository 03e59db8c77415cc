// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.head;

import io.ztsdb.core.PointDescriptor;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * One thread's working copy of (part of) a batch of {@link PointDescriptor} records, grouped by shard: the
 * records are copied out of the caller's segment in one bulk copy, then hashed and ordered by shard with a stable
 * counting sort, so the shards read plain {@code long[]} elements.
 * <p>
 * <b>Design note:</b> the batch arrives as whatever segment its caller has (a network buffer, a heap array, a
 * WAL mapping). Read in place, every field load pays that segment's liveness, bounds and alignment checks, which
 * the JIT cannot hoist out of the shard's loops (they run under a lock, through several calls): on the server's
 * TCP path that was a fifth of the ingest thread's time. One bulk copy of 24 bytes per point (a {@code memcpy}
 * on little-endian hardware) costs a fraction of it. At most {@link #MAX_POINTS} points are loaded at a time, so
 * the scratch arrays stay bounded whatever the batch size. Not thread-safe: one per thread.
 */
final class HeadBatch {
    /** Points loaded at a time: the scratch is at most 44 bytes per point of it. */
    static final int MAX_POINTS = 16 * 1024;
    private static final int FIELDS = PointDescriptor.LENGTH / Long.BYTES;

    /** Per point, in batch order: series id, timestamp and value bits. */
    private long[] points = new long[0];
    /** Point indexes, grouped by shard, batch order kept within a shard. */
    int[] order = new int[0];
    /** Per point: the low 32 bits of {@link HeadShard#hash(long)} of its series id. */
    int[] hashes = new int[0];
    /** Scratch of the shards: the next point of the same series. */
    int[] next = new int[0];
    /** Scratch of the shards: ordinals of the series in the batch. */
    int[] touched = new int[0];
    private int[] shardOf = new int[0];
    /** Per shard, where its points end in {@link #order}; the shard before's end is where they start. */
    private int[] ends = new int[0];

    /** Loads {@code pointCount} records, at most {@link #MAX_POINTS}, and groups them by shard. */
    void load(final MemorySegment buffer, final long offset, final int pointCount, final int shardMask) {
        ensure(pointCount, shardMask + 1);
        final long[] points = this.points;
        MemorySegment.copy(buffer, PointDescriptor.LONG, offset, points, 0, pointCount * FIELDS);
        final int[] order = this.order;
        final int[] hashes = this.hashes;
        final int[] ends = this.ends;
        if (shardMask == 0) {
            for (int i = 0; i < pointCount; i++) {
                hashes[i] = (int) HeadShard.hash(points[i * FIELDS]);
                order[i] = i;
            }
            ends[0] = pointCount;
            return;
        }
        final int[] shardOf = this.shardOf;
        Arrays.fill(ends, 0, shardMask + 2, 0);
        for (int i = 0; i < pointCount; i++) {
            final long hash = HeadShard.hash(points[i * FIELDS]);
            final int shard = HeadShard.shardIndex(hash, shardMask);
            hashes[i] = (int) hash;
            shardOf[i] = shard;
            ends[shard + 1]++;
        }
        for (int s = 0; s <= shardMask; s++) {
            ends[s + 1] += ends[s];
        }
        // ends[s] is the start of shard s here; placing its points moves it to the start of shard s + 1.
        for (int i = 0; i < pointCount; i++) {
            order[ends[shardOf[i]]++] = i;
        }
    }

    /** @return where the points of shard {@code s} start in {@link #order}. */
    int shardStart(final int s) {
        return s == 0 ? 0 : ends[s - 1];
    }

    /** @return where the points of shard {@code s} end in {@link #order}. */
    int shardEnd(final int s) {
        return ends[s];
    }

    long seriesId(final int point) {
        return points[point * FIELDS];
    }

    long timestamp(final int point) {
        return points[point * FIELDS + 1];
    }

    double value(final int point) {
        return Double.longBitsToDouble(points[point * FIELDS + 2]);
    }

    private void ensure(final int pointCount, final int shardCount) {
        if (order.length < pointCount) {
            points = new long[pointCount * FIELDS];
            order = new int[pointCount];
            shardOf = new int[pointCount];
            hashes = new int[pointCount];
            next = new int[pointCount];
            touched = new int[pointCount];
        }
        if (ends.length < shardCount + 1) {
            ends = new int[shardCount + 1];
        }
    }
}
