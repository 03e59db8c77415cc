// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.engine;

import io.ztsdb.core.SeriesInfo;
import io.ztsdb.core.block.BlockMeta;
import io.ztsdb.core.block.BlockStore;
import io.ztsdb.core.block.BlockWriter;
import io.ztsdb.core.chunks.ChunkRewriter;
import io.ztsdb.core.compact.BlockWindows;
import io.ztsdb.core.head.Head;
import io.ztsdb.core.io.FileOps;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * The explicit path for history below a series' stored data (an import of old ranges): the samples go straight into
 * level-0 blocks, one per window of the compaction ladder they fall in, without the WAL or the head, and are durable
 * when {@link #write} returns (the block is forced and renamed into place). The range must lie strictly below the
 * oldest sample stored for the series (blocks and head), so that no chunk of a series ever overlaps another; a
 * series with nothing stored gets its head floor raised to the range's end first, so that live points at or before
 * it are rejected, as they would be after a persist. The small blocks of many backfills land in closed windows,
 * which compaction merges on its next tick.
 * <p>
 * One backfill at a time (the method is synchronized); it takes the compaction's block-write lock while writing and
 * the swap lock's write side only to publish.
 */
final class Backfill implements AutoCloseable {
    private final Head head;
    private final BlockStore blocks;
    private final FileOps fileOps;
    private final BlockWindows windows;
    private final NewestTimestamp newest;
    private final ReadWriteLock swapLock;
    private final Lock blockWriteLock;
    private final SeriesSummaries summaries;
    private final ChunkRewriter rewriter = new ChunkRewriter();

    Backfill(final Head head, final BlockStore blocks, final FileOps fileOps, final BlockWindows windows,
        final NewestTimestamp newest, final ReadWriteLock swapLock, final Lock blockWriteLock) {
        this.head = head;
        this.blocks = blocks;
        this.fileOps = fileOps;
        this.windows = windows;
        this.newest = newest;
        this.swapLock = swapLock;
        this.blockWriteLock = blockWriteLock;
        this.summaries = new SeriesSummaries(blocks);
    }

    /**
     * Writes samples {@code [from, to)} of one series into blocks.
     *
     * @return the number of blocks written.
     * @throws IllegalArgumentException when the timestamps are not strictly ascending or the range is not below
     *                                  the series' stored data; nothing is written then.
     */
    synchronized int write(final long seriesId, final long[] timestamps, final double[] values, final int from,
        final int to) {
        if (from < 0 || to > timestamps.length || to > values.length || from >= to) {
            throw new IllegalArgumentException("bad backfill range: from=" + from + " to=" + to);
        }
        for (int i = from + 1; i < to; i++) {
            if (timestamps[i] <= timestamps[i - 1]) {
                throw new IllegalArgumentException("backfill timestamps not strictly ascending at index " + i +
                    ": " + timestamps[i] + " after " + timestamps[i - 1]);
            }
        }
        final long last = timestamps[to - 1];
        final SeriesInfo stored = summaries.seriesInfo(seriesId, head.info(seriesId));
        if (stored == null || stored.pointCount() == 0) {
            head.raisePersistedFloor(seriesId, last);
            checkBelow(seriesId, last, head.info(seriesId));
        } else {
            checkBelow(seriesId, last, stored);
        }
        int written = 0;
        int start = from;
        while (start < to) {
            final long length = windows.persistWindow(timestamps[start], Math.max(newest.millis(), last));
            final long windowEnd = BlockWindows.start(timestamps[start], length) + length;
            int end = start + 1;
            while (end < to && timestamps[end] < windowEnd) {
                end++;
            }
            writeBlock(seriesId, timestamps, values, start, end);
            written++;
            start = end;
        }
        return written;
    }

    private static void checkBelow(final long seriesId, final long last, final SeriesInfo stored) {
        if (stored != null && stored.pointCount() > 0 && last >= stored.minTimestampMillis()) {
            throw new IllegalArgumentException("backfill of series " + Long.toUnsignedString(seriesId) +
                " must end before its oldest stored sample: range ends at " + last + ", oldest stored " +
                stored.minTimestampMillis());
        }
    }

    private void writeBlock(final long seriesId, final long[] timestamps, final double[] values, final int from,
        final int to) {
        blockWriteLock.lock();
        try {
            final BlockMeta meta;
            try (BlockWriter writer = BlockWriter.create(fileOps, blocks.directory(), blocks.newSequence(), 0)) {
                rewriter.begin(seriesId, to - from, writer::addChunk);
                rewriter.add(timestamps, values, from, to);
                rewriter.finish();
                meta = writer.finish();
            }
            swapLock.writeLock().lock();
            try {
                blocks.add(meta);
                newest.raise(meta.maxTimeMillis());
            } finally {
                swapLock.writeLock().unlock();
            }
        } finally {
            blockWriteLock.unlock();
        }
    }

    @Override
    public void close() {
        rewriter.close();
    }
}
