// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.engine;

import io.ztsdb.core.block.Block;
import io.ztsdb.core.head.Head;
import org.agrona.collections.Long2LongHashMap;

import java.util.List;

/**
 * Per series, the newest timestamp persisted in blocks (its floor): the WAL checkpoint keeps only the points above
 * their series' floor, and the head rejects points at or below it. Used by one thread at a time (recovery, then
 * the maintenance thread).
 */
final class PersistedFloors {
    private final Long2LongHashMap floors = new Long2LongHashMap(Long.MIN_VALUE);

    /**
     * @param seriesId a series.
     * @return its newest persisted timestamp, {@link Long#MIN_VALUE} when none.
     */
    long floor(final long seriesId) {
        return floors.get(seriesId);
    }

    /** Raises the floor of a series to {@code timestampMillis} if that is newer. */
    void raise(final long seriesId, final long timestampMillis) {
        if (timestampMillis > floors.get(seriesId)) {
            floors.put(seriesId, timestampMillis);
        }
    }

    /**
     * Raises every series' floor to the newest time of its chunks in {@code blocks} (recovery), then the head's
     * floors to match, so that points already in blocks are not taken back from the WAL.
     *
     * @return the newest timestamp in the blocks, {@link Long#MIN_VALUE} when there are none.
     */
    long seed(final List<Block> blocks, final Head head) {
        long newest = Long.MIN_VALUE;
        for (final Block block : blocks) {
            for (int s = 0; s < block.seriesCount(); s++) {
                final int last = block.firstChunk(s) + block.chunkCount(s) - 1;
                raise(block.seriesId(s), block.chunkMaxTime(last));
            }
            newest = Math.max(newest, block.meta().maxTimeMillis());
        }
        final Long2LongHashMap.EntryIterator entries = floors.entrySet().iterator();
        while (entries.hasNext()) {
            entries.next();
            head.raisePersistedFloor(entries.getLongKey(), entries.getLongValue());
        }
        return newest;
    }
}
