// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.head;

import io.ztsdb.core.codec.GorillaDecoder;

import java.util.Arrays;

/**
 * One write shard of the head: the series hashed to it, their counters and a scratch decoder, all guarded by
 * the shard's monitor ({@code synchronized (shard)}). Writers of different shards never contend.
 * <p>
 * <b>Series index.</b> Series get a dense ordinal in creation order (series are never removed from a shard
 * before {@link #clear()}). An open-addressing table with linear probing maps a series id to its ordinal:
 * {@code table[2 * slot]} is the id, {@code table[2 * slot + 1]} the ordinal plus one (0: empty slot), so a probe
 * reads one 16-byte entry and never dereferences a series. The slot comes from the low 32 bits of
 * {@link #hash(long)}, the shard from the high 32 bits (see {@link #shardIndex(long, int)}): the two are
 * independent, so every slot of every shard's table can be a home slot.
 * <p>
 * <b>Batches.</b> {@link #appendBatch} first resolves every point of the batch to its series and threads the
 * points of each series into a list (batch order kept), then appends series by series: the state of a series
 * (its object, its encoder, the tail of its open chunk) is brought into the cache once per batch, not once per
 * point, although a time-major batch interleaves the series point by point.
 */
final class HeadShard {
    private static final int INITIAL_SLOTS = 16;
    private static final int INITIAL_SERIES = 8;

    final ShardCounters counters = new ShardCounters();
    private final GorillaDecoder scratchDecoder = new GorillaDecoder();
    private final ChunkLimits limits;
    boolean closed;

    private long[] table = new long[2 * INITIAL_SLOTS];
    private int slotMask = INITIAL_SLOTS - 1;
    private int resizeAt = resizeThreshold(INITIAL_SLOTS);
    private HeadSeries[] series = new HeadSeries[INITIAL_SERIES];
    private int seriesCount;
    /** Per ordinal: {@code [2 * o]} first, {@code [2 * o + 1]} last point of the series in the batch, or -1. */
    private int[] runs = newRuns(INITIAL_SERIES);

    HeadShard(final ChunkLimits limits) {
        this.limits = limits;
    }

    /**
     * A 64-bit mix of a series id (the finaliser of MurmurHash3): the high half picks the shard, the low half the
     * slot in the shard's table.
     */
    static long hash(final long seriesId) {
        long h = seriesId;
        h = (h ^ (h >>> 33)) * 0xFF51AFD7ED558CCDL;
        h = (h ^ (h >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }

    /** @return the shard of a series, from the high half of its {@link #hash(long)}. */
    static int shardIndex(final long hash, final int shardMask) {
        return (int)(hash >>> 32) & shardMask;
    }

    private static int resizeThreshold(final int slots) {
        return slots - (slots >>> 2) - (slots >>> 3);  // load factor 0.625
    }

    private static int[] newRuns(final int length) {
        final int[] runs = new int[2 * length];
        Arrays.fill(runs, -1);
        return runs;
    }

    /** @return series in this shard. */
    int seriesCount() {
        return seriesCount;
    }

    /** @return the series of an ordinal, 0 to {@link #seriesCount()} - 1. */
    HeadSeries seriesAt(final int ordinal) {
        return series[ordinal];
    }

    /** @return the series, or null when absent. */
    HeadSeries get(final long seriesId) {
        final long[] table = this.table;
        final int mask = slotMask;
        int slot = (int)hash(seriesId) & mask;
        while (true) {
            final long entry = table[2 * slot + 1];
            if (entry == 0) {
                return null;
            }
            if (table[2 * slot] == seriesId) {
                return series[(int)entry - 1];
            }
            slot = (slot + 1) & mask;
        }
    }

    /** @return the series, created when absent. */
    HeadSeries getOrCreate(final long seriesId) {
        final int ordinal = ordinalOf(seriesId, (int)hash(seriesId));
        return series[ordinal];  // read after ordinalOf, which may grow the array
    }

    /**
     * @param hashLow the low 32 bits of {@link #hash(long)} of the id.
     * @return the ordinal of the series, created when absent.
     */
    private int ordinalOf(final long seriesId, final int hashLow) {
        final long[] table = this.table;
        final int mask = slotMask;
        int slot = hashLow & mask;
        while (true) {
            final long entry = table[2 * slot + 1];
            if (entry == 0) {
                return create(seriesId, slot);
            }
            if (table[2 * slot] == seriesId) {
                return (int)entry - 1;
            }
            slot = (slot + 1) & mask;
        }
    }

    private int create(final long seriesId, final int slot) {
        final int ordinal = seriesCount;
        if (ordinal == series.length) {
            series = Arrays.copyOf(series, ordinal * 2);
            final int[] grown = Arrays.copyOf(runs, ordinal * 4);
            Arrays.fill(grown, ordinal * 2, ordinal * 4, -1);
            runs = grown;
        }
        series[ordinal] = new HeadSeries(seriesId);
        seriesCount = ordinal + 1;
        table[2 * slot] = seriesId;
        table[2 * slot + 1] = ordinal + 1;
        if (seriesCount > resizeAt) {
            rehash((slotMask + 1) * 2);
        }
        return ordinal;
    }

    private void rehash(final int slots) {
        final long[] old = table;
        final long[] grown = new long[2 * slots];
        final int mask = slots - 1;
        for (int i = 0; i < old.length; i += 2) {
            if (old[i + 1] != 0) {
                int slot = (int)hash(old[i]) & mask;
                while (grown[2 * slot + 1] != 0) {
                    slot = (slot + 1) & mask;
                }
                grown[2 * slot] = old[i];
                grown[2 * slot + 1] = old[i + 1];
            }
        }
        table = grown;
        slotMask = mask;
        resizeAt = resizeThreshold(slots);
    }

    /** Forgets every series (their memory must have been freed). */
    void clear() {
        Arrays.fill(series, 0, seriesCount, null);
        seriesCount = 0;
        Arrays.fill(table, 0);
    }

    /**
     * Appends one sample under the shard lock, which the caller holds.
     *
     * @return true when accepted (appended or replaced by last-write-wins).
     */
    boolean append(final long seriesId, final long timestampMillis, final double value) {
        final int outcome = getOrCreate(seriesId).append(timestampMillis, value, limits, counters, scratchDecoder);
        if (outcome == HeadSeries.APPENDED) {
            counters.pointCount++;
            return true;
        }
        if (outcome == HeadSeries.REPLACED) {
            return true;
        }
        counters.rejectedPoints++;
        return false;
    }

    /**
     * Appends the points {@code batch.order[from]} to {@code batch.order[to - 1]} under the shard lock, which the
     * caller holds; the points of one series are appended in batch order.
     *
     * @return points accepted.
     */
    int appendBatch(final HeadBatch batch, final int from, final int to) {
        final int[] order = batch.order;
        final int[] hashes = batch.hashes;
        final int[] next = batch.next;
        final int[] touched = batch.touched;
        int touchedCount = 0;
        try {
            for (int j = from; j < to; j++) {
                final int point = order[j];
                final int ordinal = ordinalOf(batch.seriesId(point), hashes[point]);
                final int[] runs = this.runs;
                final int at = 2 * ordinal;
                if (runs[at] < 0) {
                    runs[at] = j;
                    touched[touchedCount++] = ordinal;
                } else {
                    next[runs[at + 1]] = j;
                }
                runs[at + 1] = j;
                next[j] = -1;
            }
            int appended = 0;
            int replaced = 0;
            int rejected = 0;
            try {
                for (int k = 0; k < touchedCount; k++) {
                    final int ordinal = touched[k];
                    final HeadSeries target = series[ordinal];
                    for (int j = runs[2 * ordinal]; j >= 0; j = next[j]) {
                        final int point = order[j];
                        final int outcome = target.append(batch.timestamp(point), batch.value(point), limits,
                            counters, scratchDecoder);
                        appended += outcome == HeadSeries.APPENDED ? 1 : 0;
                        replaced += outcome == HeadSeries.REPLACED ? 1 : 0;
                        rejected += outcome == HeadSeries.REJECTED ? 1 : 0;
                    }
                }
            } finally {
                counters.pointCount += appended;
                counters.rejectedPoints += rejected;
            }
            return appended + replaced;
        } finally {
            final int[] runs = this.runs;
            for (int k = 0; k < touchedCount; k++) {
                runs[2 * touched[k]] = -1;
            }
        }
    }
}
