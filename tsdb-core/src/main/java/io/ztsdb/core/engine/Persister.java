// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.engine;

import io.ztsdb.core.block.BlockMeta;
import io.ztsdb.core.block.BlockStore;
import io.ztsdb.core.block.BlockWriter;
import io.ztsdb.core.codec.ChunkDescriptor;
import io.ztsdb.core.head.Head;
import io.ztsdb.core.head.HeadStats;
import io.ztsdb.core.io.FileOps;
import org.agrona.collections.Long2LongHashMap;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * Moves the head's sealed chunks into blocks: writes one level-0 block per time partition, then publishes them and
 * drops the chunks from the head in one step under the swap lock's write side, so that a reader, which holds the
 * read side, sees each chunk exactly once (in the head before, in a block after). Runs on one thread at a time
 * (recovery, then the maintenance thread).
 */
final class Persister {
    private final Head head;
    private final BlockStore blocks;
    private final FileOps fileOps;
    private final long partitionMillis;
    private final PersistedFloors floors;
    private final NewestTimestamp newest;
    private final ReadWriteLock swapLock;

    Persister(final Head head, final BlockStore blocks, final FileOps fileOps, final long partitionMillis,
        final PersistedFloors floors, final NewestTimestamp newest, final ReadWriteLock swapLock) {
        this.head = head;
        this.blocks = blocks;
        this.fileOps = fileOps;
        this.partitionMillis = partitionMillis;
        this.floors = floors;
        this.newest = newest;
        this.swapLock = swapLock;
    }

    /**
     * @param stats            the head's counters.
     * @param memoryLimitBytes the head memory limit.
     * @return true when the head holds sealed chunks and half of its memory limit or more: time to persist.
     */
    static boolean overMemoryLimit(final HeadStats stats, final long memoryLimitBytes) {
        return stats.sealedChunks() > 0 && stats.memoryBytes() >= memoryLimitBytes / 2;
    }

    /**
     * Copies every sealed head chunk into one level-0 block per time partition, then publishes the blocks and drops
     * the chunks from the head (raising the persisted floors).
     *
     * @return the number of blocks published.
     */
    int persistSealedChunks() {
        // Finished in ascending partition order: a crash mid-way leaves a time prefix of the chunks in blocks,
        // so every series' floor (its newest persisted time) stays below all of its points left in the WAL.
        final TreeMap<Long, BlockWriter> writers = new TreeMap<>();
        final Long2LongHashMap flushedMax = new Long2LongHashMap(Long.MIN_VALUE);
        final List<BlockMeta> metas = new ArrayList<>();
        try {
            head.forEachSealedChunk((seriesId, minTime, maxTime, count, chunk, offset, length) -> {
                final long partition = Math.floorDiv(minTime, partitionMillis);
                BlockWriter writer = writers.get(partition);
                if (writer == null) {
                    writer = BlockWriter.create(fileOps, blocks.directory(), blocks.newSequence(), 0);
                    writers.put(partition, writer);
                }
                writer.addChunk(seriesId, minTime, maxTime, count,
                    chunk.get(ValueLayout.JAVA_BYTE, offset + ChunkDescriptor.ENCODING_OFFSET), chunk, offset, length);
                if (maxTime > flushedMax.get(seriesId)) {
                    flushedMax.put(seriesId, maxTime);
                }
            });
            for (final BlockWriter writer : writers.values()) {
                metas.add(writer.finish());
            }
        } catch (final RuntimeException | OutOfMemoryError ex) {
            // Blocks finished but not published would duplicate the head's chunks after a restart.
            for (final BlockMeta meta : metas) {
                try {
                    fileOps.deleteRecursively(blocks.directory().resolve(BlockMeta.directoryName(meta.sequence())));
                } catch (final IOException suppressed) {
                    ex.addSuppressed(suppressed);
                }
            }
            throw ex;
        } finally {
            for (final BlockWriter writer : writers.values()) {
                writer.close();
            }
        }
        if (!metas.isEmpty()) {
            publish(metas, flushedMax);
        }
        return metas.size();
    }

    private void publish(final List<BlockMeta> metas, final Long2LongHashMap flushedMax) {
        swapLock.writeLock().lock();
        try {
            for (final BlockMeta meta : metas) {
                blocks.add(meta);
                newest.raise(meta.maxTimeMillis());
            }
            final Long2LongHashMap.EntryIterator entries = flushedMax.entrySet().iterator();
            while (entries.hasNext()) {
                entries.next();
                head.dropSealedChunks(entries.getLongKey(), entries.getLongValue());
                floors.raise(entries.getLongKey(), entries.getLongValue());
            }
        } finally {
            swapLock.writeLock().unlock();
        }
    }
}
