// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.engine;

import io.ztsdb.core.SeriesInfo;
import io.ztsdb.core.block.Block;
import io.ztsdb.core.block.BlockStore;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.List;

/**
 * Summaries of the stored series (points, oldest and newest timestamp) over blocks and head together: the head
 * summarises its part, this class adds the blocks' part from their indexes (no chunk is read).
 */
final class SeriesSummaries {
    private final BlockStore blocks;

    SeriesSummaries(final BlockStore blocks) {
        this.blocks = blocks;
    }

    /**
     * Points and chunk bytes in the blocks.
     *
     * @param pointCount points in blocks.
     * @param chunkBytes bytes of encoded chunks in blocks.
     */
    record BlockTotals(long pointCount, long chunkBytes) {
        /** Nothing stored. */
        static final BlockTotals EMPTY = new BlockTotals(0, 0);
    }

    /** The block part of one series' summary, summed over the blocks. */
    private static final class BlockPart {
        long points;
        long minTimeMillis = Long.MAX_VALUE;
        long maxTimeMillis = Long.MIN_VALUE;

        /** Adds the chunks of series {@code s} of {@code block}. */
        void add(final Block block, final int s) {
            final int first = block.firstChunk(s);
            final int last = first + block.chunkCount(s) - 1;
            for (int c = first; c <= last; c++) {
                points += block.chunkPointCount(c);
            }
            minTimeMillis = Math.min(minTimeMillis, block.chunkMinTime(first));
            maxTimeMillis = Math.max(maxTimeMillis, block.chunkMaxTime(last));
        }

        /** @return the summary of a series stored only in blocks. */
        SeriesInfo toInfo(final long seriesId) {
            return new SeriesInfo(seriesId, points, minTimeMillis, maxTimeMillis);
        }

        /** @return the head's summary with this block part added. */
        SeriesInfo addTo(final SeriesInfo headInfo) {
            return new SeriesInfo(headInfo.seriesId(), headInfo.pointCount() + points,
                Math.min(headInfo.minTimestampMillis(), minTimeMillis),
                headInfo.pointCount() == 0 ? maxTimeMillis : Math.max(headInfo.maxTimestampMillis(), maxTimeMillis));
        }
    }

    /** @return the points and chunk bytes in the blocks. */
    BlockTotals blockTotals() {
        long points = 0;
        long bytes = 0;
        for (final Block block : blocks.blocks()) {
            points += block.meta().pointCount();
            bytes += block.meta().chunksLengthBytes();
        }
        return new BlockTotals(points, bytes);
    }

    /**
     * Adds the block part of each series to the head's summaries; series only in blocks are added too.
     *
     * @param headSeries the head's summaries.
     * @return the summaries of every stored series, in no particular order.
     */
    List<SeriesInfo> merge(final List<SeriesInfo> headSeries) {
        final Long2ObjectHashMap<BlockPart> parts = new Long2ObjectHashMap<>();
        try (BlockStore.Snapshot snapshot = blocks.snapshot()) {
            for (final Block block : snapshot.blocks()) {
                for (int s = 0; s < block.seriesCount(); s++) {
                    parts.computeIfAbsent(block.seriesId(s), id -> new BlockPart()).add(block, s);
                }
            }
        }
        if (parts.isEmpty()) {
            return headSeries;
        }
        final List<SeriesInfo> result = new ArrayList<>(Math.max(headSeries.size(), parts.size()));
        for (final SeriesInfo info : headSeries) {
            final BlockPart part = parts.remove(info.seriesId());
            result.add(part == null ? info : part.addTo(info));
        }
        parts.forEach((id, part) -> result.add(part.toInfo(id)));
        return result;
    }

    /**
     * Adds the block part of one series to its head summary.
     *
     * @param headInfo the head's summary of the series, null when the head has none.
     * @return the whole summary, null when neither the head nor a block holds the series.
     */
    SeriesInfo seriesInfo(final long seriesId, final SeriesInfo headInfo) {
        final BlockPart part = new BlockPart();
        try (BlockStore.Snapshot snapshot = blocks.snapshot()) {
            for (final Block block : snapshot.blocks()) {
                final int s = block.findSeries(seriesId);
                if (s >= 0) {
                    part.add(block, s);
                }
            }
        }
        if (part.points == 0) {
            return headInfo;
        }
        if (headInfo == null || headInfo.pointCount() == 0) {
            return part.toInfo(seriesId);
        }
        return part.addTo(headInfo);
    }
}
