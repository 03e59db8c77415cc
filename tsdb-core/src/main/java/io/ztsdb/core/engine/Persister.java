// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.engine;

import io.ztsdb.core.block.BlockMeta;
import io.ztsdb.core.block.BlockStore;
import io.ztsdb.core.block.BlockWriter;
import io.ztsdb.core.chunks.ChunkRewriter;
import io.ztsdb.core.compact.BlockWindows;
import io.ztsdb.core.head.Head;
import io.ztsdb.core.head.HeadStats;
import io.ztsdb.core.head.SealedChunkList;
import io.ztsdb.core.io.FileOps;
import org.agrona.collections.Long2LongHashMap;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * Moves the head's sealed chunks into blocks, one time window at a time: for each window, in ascending order,
 * writes one level-0 block with the window's chunks, each series' chunks rewritten into long chunks of the smallest
 * encoding ({@link ChunkRewriter}), then publishes it and drops those chunks from the head in one step under the
 * swap lock's write side, so that a reader, which holds the read side, sees each chunk exactly once (in the head
 * before, in a block after). Runs on one thread at a time (recovery, then the maintenance thread).
 * <p>
 * <b>Windows.</b> Live data (the head holds the last partition or two) goes into one block per partition. Old
 * data (a head that spans months after a long import, a replay) goes into the largest {@linkplain
 * BlockWindows#persistWindow closed window} that holds it: tens of blocks instead of thousands of two-hour ones.
 * <p>
 * <b>Memory</b> does not depend on how many windows the head spans: one block writer at a time (a fixed native
 * staging buffer), the rewriter's fixed buffers, and index entries for the chunks of one window.
 */
final class Persister {
    private final Head head;
    private final BlockStore blocks;
    private final FileOps fileOps;
    private final BlockWindows windows;
    private final PersistedFloors floors;
    private final NewestTimestamp newest;
    private final ReadWriteLock swapLock;
    private final ChunkRewriter rewriter;
    private long samplesWritten;

    Persister(final Head head, final BlockStore blocks, final FileOps fileOps, final BlockWindows windows,
        final PersistedFloors floors, final NewestTimestamp newest, final ReadWriteLock swapLock,
        final ChunkRewriter rewriter) {
        this.head = head;
        this.blocks = blocks;
        this.fileOps = fileOps;
        this.windows = windows;
        this.floors = floors;
        this.newest = newest;
        this.swapLock = swapLock;
        this.rewriter = rewriter;
    }

    /**
     * @param stats            the head's counters.
     * @param memoryLimitBytes the head memory limit.
     * @return true when the head holds sealed chunks and half of its memory limit or more: time to persist.
     */
    static boolean overMemoryLimit(final HeadStats stats, final long memoryLimitBytes) {
        return stats.sealedChunks() > 0 && stats.memoryBytes() >= memoryLimitBytes / 2;
    }

    /** @return samples written into blocks since creation. */
    long samplesWritten() {
        return samplesWritten;
    }

    /**
     * Writes every sealed head chunk into blocks, window by window in ascending time, publishing each block and
     * dropping its chunks from the head (raising the persisted floors) before the next window.
     *
     * @return the number of blocks published.
     */
    int persistSealedChunks() {
        final long[] targets = targetWindows();
        int published = 0;
        for (int i = 0; i < targets.length; i += 2) {
            // Ascending windows: a crash or failure mid-way leaves a time prefix of every series in blocks, so each
            // series' floor (its newest persisted time) stays below all of its points left in the WAL.
            if (persistWindow(targets[i], targets[i + 1])) {
                published++;
            }
        }
        return published;
    }

    /**
     * @return the distinct windows of the sealed chunks as (start, length) pairs, ascending by start (windows of
     *     different lengths never overlap: see {@link BlockWindows#persistWindow}).
     */
    private long[] targetWindows() {
        final long[] newestSealed = {newest.millis()};
        head.forEachSealedChunk((seriesId, minTime, maxTime, count, chunk, offset, length) ->
            newestSealed[0] = Math.max(newestSealed[0], maxTime));
        final Long2LongHashMap lengths = new Long2LongHashMap(0);
        head.forEachSealedChunk((seriesId, minTime, maxTime, count, chunk, offset, length) -> {
            final long range = windows.persistWindow(minTime, newestSealed[0]);
            lengths.put(BlockWindows.start(minTime, range), range);
        });
        final long[] starts = new long[lengths.size()];
        int n = 0;
        final Long2LongHashMap.KeyIterator keys = lengths.keySet().iterator();
        while (keys.hasNext()) {
            starts[n++] = keys.nextValue();
        }
        Arrays.sort(starts);
        final long[] targets = new long[2 * n];
        for (int i = 0; i < n; i++) {
            targets[2 * i] = starts[i];
            targets[2 * i + 1] = lengths.get(starts[i]);
        }
        return targets;
    }

    private boolean persistWindow(final long start, final long length) {
        final long end = start + length < start ? Long.MAX_VALUE : start + length;
        final Long2LongHashMap flushedMax = new Long2LongHashMap(Long.MIN_VALUE);
        final BlockMeta meta;
        try (BlockWriter writer = BlockWriter.create(fileOps, blocks.directory(), blocks.newSequence(), 0)) {
            final ChunkRewriter.ChunkSink sink = writer::addChunk;
            head.forEachSeriesSealedChunks(start, end, (SealedChunkList list) -> {
                rewriter.begin(list.seriesId(), list.totalSamples(), sink);
                for (int c = 0; c < list.size(); c++) {
                    rewriter.add(list.segment(c), list.offset(c), list.lengthBytes(c));
                }
                rewriter.finish();
                samplesWritten += list.totalSamples();
                flushedMax.put(list.seriesId(), list.maxTimeMillis(list.size() - 1));
            });
            if (writer.chunkCount() == 0) {
                return false;
            }
            meta = writer.finish();
        }
        try {
            publish(meta, flushedMax);
        } catch (final RuntimeException ex) {
            // A block finished but not published would duplicate the head's chunks after a restart.
            try {
                fileOps.deleteRecursively(blocks.directory().resolve(meta.name()));
            } catch (final IOException suppressed) {
                ex.addSuppressed(suppressed);
            }
            throw ex;
        }
        return true;
    }

    private void publish(final BlockMeta meta, final Long2LongHashMap flushedMax) {
        swapLock.writeLock().lock();
        try {
            blocks.add(meta);
            newest.raise(meta.maxTimeMillis());
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
