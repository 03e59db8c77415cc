// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.compact;

import io.ztsdb.core.block.Block;
import io.ztsdb.core.block.BlockChunkRefs;
import io.ztsdb.core.block.BlockMeta;
import io.ztsdb.core.block.BlockStore;
import io.ztsdb.core.block.BlockWriter;
import io.ztsdb.core.codec.ChunkDescriptor;
import io.ztsdb.core.codec.GorillaDecoder;
import io.ztsdb.core.codec.GorillaEncoder;
import io.ztsdb.core.io.FileOps;
import io.ztsdb.core.memory.MemoryTag;
import io.ztsdb.core.memory.NativeMemory;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Merges blocks into one: for each series, in id order, the chunks of every source block are taken in time
 * order, their CRC checked on the way. Gorilla chunks that follow each other in time are re-encoded into
 * chunks of up to {@link #MERGED_CHUNK_SAMPLES} samples (fewer chunk headers, first samples and index entries
 * per point: smaller blocks); anything else (another encoding, overlapping chunks) is copied as is. The merged
 * block names its sources as parents, so a crash between writing it and deleting them is resolved at the next
 * open.
 */
public final class Compactor {
    /** Samples per re-encoded chunk in a compacted block. */
    public static final int MERGED_CHUNK_SAMPLES = 1024;
    /** Source chunk bytes read between two releases of the sources' pages from the resident set. */
    private static final long RELEASE_BYTES = 4 * 1024 * 1024;

    private final FileOps fileOps;
    private final GorillaDecoder decoder = new GorillaDecoder();
    private final GorillaEncoder encoder = new GorillaEncoder();
    /** Room for a re-encoded chunk of {@link #MERGED_CHUNK_SAMPLES} worst-case samples. */
    private static final int ENCODED_CAPACITY = ChunkDescriptor.HEADER_LENGTH + GorillaEncoder.SLACK_BYTES + 16 +
        MERGED_CHUNK_SAMPLES * ((GorillaEncoder.MAX_SAMPLE_BITS + 7) / 8);

    private long unreleasedBytes;
    /**
     * Where chunks are re-encoded: native memory, as the head's open chunks, so that the encoder's stores see one
     * kind of memory (see {@link GorillaDecoder}'s design note).
     */
    private MemorySegment encoded;

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
        final long scratch = NativeMemory.allocate(ENCODED_CAPACITY, MemoryTag.SCRATCH);
        try (BlockWriter writer = BlockWriter.create(fileOps, store.directory(), store.newSequence(), level + 1,
            parents)) {
            encoded = NativeMemory.segment(scratch).asSlice(NativeMemory.offset(scratch), ENCODED_CAPACITY);
            merge(sources, writer);
            meta = writer.finish();
        } finally {
            encoded = null;
            NativeMemory.free(scratch, ENCODED_CAPACITY, MemoryTag.SCRATCH);
        }
        store.replace(sources, meta);
        return meta;
    }

    private void merge(final List<Block> sources, final BlockWriter writer) {
        final int n = sources.size();
        final int[] cursor = new int[n];
        final BlockChunkRefs chunks = new BlockChunkRefs();
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
            if (unreleasedBytes >= RELEASE_BYTES) {
                // Sources are read once: without this, a merge keeps all of their pages resident (RSS) until they
                // are unmapped after the swap.
                for (final Block source : sources) {
                    source.releaseChunkPages();
                }
                unreleasedBytes = 0;
            }
            chunks.clear();
            for (int b = 0; b < n; b++) {
                final Block block = sources.get(b);
                if (cursor[b] < block.seriesCount() && block.seriesId(cursor[b]) == seriesId) {
                    final int first = block.firstChunk(cursor[b]);
                    for (int c = first; c < first + block.chunkCount(cursor[b]); c++) {
                        chunks.add(block.chunkMinTime(c), b, c);
                    }
                    cursor[b]++;
                }
            }
            chunks.sortByMinTime();
            if (canReencode(sources, chunks)) {
                reencode(sources, chunks, seriesId, writer);
            } else {
                for (int i = 0; i < chunks.size(); i++) {
                    final Block block = sources.get(chunks.block(i));
                    final int c = chunks.chunk(i);
                    final MemorySegment data = block.chunkData(c);
                    unreleasedBytes += data.byteSize();
                    writer.addChunk(seriesId, block.chunkMinTime(c), block.chunkMaxTime(c),
                        block.chunkPointCount(c), block.chunkEncoding(c), data, 0, (int) data.byteSize());
                }
            }
        }
    }

    private static boolean canReencode(final List<Block> sources, final BlockChunkRefs chunks) {
        long previousMax = Long.MIN_VALUE;
        for (int i = 0; i < chunks.size(); i++) {
            final Block block = sources.get(chunks.block(i));
            final int c = chunks.chunk(i);
            if (block.chunkEncoding(c) != ChunkDescriptor.ENCODING_GORILLA || block.chunkMinTime(c) <= previousMax) {
                return false;
            }
            previousMax = block.chunkMaxTime(c);
        }
        return true;
    }

    private void reencode(final List<Block> sources, final BlockChunkRefs chunks, final long seriesId,
        final BlockWriter writer) {
        encoder.wrap(encoded, 0, (int) encoded.byteSize());
        for (int i = 0; i < chunks.size(); i++) {
            final MemorySegment data = sources.get(chunks.block(i)).chunkData(chunks.chunk(i));
            decoder.wrap(data, 0, (int) data.byteSize());
            unreleasedBytes += data.byteSize();
            while (decoder.next()) {
                if (encoder.count() == MERGED_CHUNK_SAMPLES) {
                    flush(seriesId, writer);
                }
                if (!encoder.append(decoder.timestampMillis(), decoder.value())) {
                    throw new IllegalStateException("re-encoded chunk out of room: count=" + encoder.count());
                }
            }
        }
        if (encoder.count() > 0) {
            flush(seriesId, writer);
        }
    }

    private void flush(final long seriesId, final BlockWriter writer) {
        encoder.writeCount();
        writer.addChunk(seriesId, encoder.firstTimestampMillis(), encoder.lastTimestampMillis(), encoder.count(),
            ChunkDescriptor.ENCODING_GORILLA, encoded, 0, encoder.lengthBytes());
        encoder.wrap(encoded, 0, (int) encoded.byteSize());
    }
}
