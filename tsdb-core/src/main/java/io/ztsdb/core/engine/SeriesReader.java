// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.engine;

import io.ztsdb.core.SampleCursor;
import io.ztsdb.core.block.Block;
import io.ztsdb.core.block.BlockChunkRefs;
import io.ztsdb.core.block.BlockStore;
import io.ztsdb.core.head.ChunkListCursor;
import io.ztsdb.core.head.Head;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * Reads the samples of one series: its chunks in the blocks, in time order, then its chunks in the head, all
 * copied into one cursor under the swap lock's read side, so that a concurrent persist (which moves chunks from
 * the head into a block under the write side) shows each chunk exactly once.
 */
final class SeriesReader {
    private final Head head;
    private final BlockStore blocks;
    private final ReadWriteLock swapLock;

    SeriesReader(final Head head, final BlockStore blocks, final ReadWriteLock swapLock) {
        this.head = head;
        this.blocks = blocks;
        this.swapLock = swapLock;
    }

    /** @return a cursor over the samples of a series with {@code startMillis <= timestamp <= endMillis}. */
    SampleCursor read(final long seriesId, final long startMillis, final long endMillis) {
        return read(seriesId, startMillis, endMillis, new ChunkListCursor());
    }

    /** Like {@link #read(long, long, long)}, refilling a cursor used before (its buffers are kept). */
    SampleCursor read(final long seriesId, final long startMillis, final long endMillis,
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
        BlockChunkRefs found = null;
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
                    if (found == null) {
                        found = new BlockChunkRefs();
                    }
                    found.add(block.chunkMinTime(c), b, c);
                }
            }
        }
        if (found == null) {
            return;
        }
        found.sortByMinTime();
        for (int i = 0; i < found.size(); i++) {
            final MemorySegment data = snapshot.get(found.block(i)).chunkData(found.chunk(i));
            cursor.addChunk(data, 0, (int) data.byteSize());
        }
    }
}
