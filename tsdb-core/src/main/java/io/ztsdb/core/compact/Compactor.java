// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.compact;

import io.ztsdb.core.block.Block;
import io.ztsdb.core.block.BlockMeta;
import io.ztsdb.core.block.BlockStore;
import io.ztsdb.core.block.BlockWriter;
import io.ztsdb.core.io.FileOps;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Merges blocks into one without decoding their chunks: for each series, in id order, the chunks of every
 * source block are copied in time order, their CRC checked on the way. The merged block names its sources as
 * parents, so a crash between writing it and deleting them is resolved at the next open.
 */
public final class Compactor {
    private final FileOps fileOps;

    /**
     * @param fileOps file-system calls.
     */
    public Compactor(final FileOps fileOps) {
        this.fileOps = fileOps;
    }

    /**
     * Writes the merged block and swaps it for its sources in the store.
     *
     * @param store   the block store.
     * @param sources blocks to merge (at least two), owned by {@code store}.
     * @return the meta of the merged block.
     */
    public BlockMeta compact(final BlockStore store, final List<Block> sources) {
        if (sources.size() < 2) {
            throw new IllegalArgumentException("nothing to compact: sources=" + sources.size());
        }
        final long[] parents = new long[sources.size()];
        int level = 0;
        for (int i = 0; i < sources.size(); i++) {
            parents[i] = sources.get(i).meta().sequence();
            level = Math.max(level, sources.get(i).meta().level());
        }
        final BlockMeta meta;
        try (BlockWriter writer = BlockWriter.create(fileOps, store.directory(), store.newSequence(), level + 1,
            parents)) {
            merge(sources, writer);
            meta = writer.finish();
        }
        store.replace(sources, meta);
        return meta;
    }

    private static void merge(final List<Block> sources, final BlockWriter writer) {
        final int n = sources.size();
        final int[] cursor = new int[n];
        final List<long[]> chunks = new ArrayList<>();
        final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        while (true) {
            long seriesId = Long.MAX_VALUE;
            boolean any = false;
            for (int b = 0; b < n; b++) {
                if (cursor[b] < sources.get(b).seriesCount()) {
                    final long id = sources.get(b).seriesId(cursor[b]);
                    if (!any || id < seriesId) {
                        seriesId = id;
                        any = true;
                    }
                }
            }
            if (!any) {
                return;
            }
            chunks.clear();
            for (int b = 0; b < n; b++) {
                final Block block = sources.get(b);
                if (cursor[b] < block.seriesCount() && block.seriesId(cursor[b]) == seriesId) {
                    final int first = block.firstChunk(cursor[b]);
                    for (int c = first; c < first + block.chunkCount(cursor[b]); c++) {
                        chunks.add(new long[] {block.chunkMinTime(c), b, c});
                    }
                    cursor[b]++;
                }
            }
            chunks.sort(Comparator.comparingLong((long[] c) -> c[0]));
            for (final long[] chunk : chunks) {
                final Block block = sources.get((int) chunk[1]);
                final int c = (int) chunk[2];
                block.chunkData(c, view);
                writer.addChunk(seriesId, block.chunkMinTime(c), block.chunkMaxTime(c), block.chunkPointCount(c),
                    block.chunkEncoding(c), view, 0, view.capacity());
            }
        }
    }
}
