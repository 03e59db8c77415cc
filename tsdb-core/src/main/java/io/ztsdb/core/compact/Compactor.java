// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.compact;

import io.ztsdb.core.block.Block;
import io.ztsdb.core.block.BlockChunkRefs;
import io.ztsdb.core.block.BlockMeta;
import io.ztsdb.core.block.BlockStore;
import io.ztsdb.core.block.BlockWriter;
import io.ztsdb.core.chunks.ChunkRewriter;
import io.ztsdb.core.codec.ChunkDescriptor;
import io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor;
import io.ztsdb.core.io.FileOps;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;

/**
 * Merges blocks into one block file (or rewrites one block directory of an older format as a file): for each
 * series, in id order, the chunks of every source block are taken in time
 * order, their CRC checked on the way, and rewritten by a {@link ChunkRewriter} into long chunks of the smallest
 * encoding: old Gorilla chunks (block format version 1, or a head's) become columnar, a series' small chunks become
 * few long ones. A run of chunks that are all columnar and long already ({@link #KEEP_SAMPLES} or more) is copied
 * as it is, so data is re-encoded a few times on its way up the window ladder, not at every level; so are chunks of
 * an encoding this build does not know, and overlapping chunks (which no writer of this engine makes). The merged
 * block names its sources as parents, so a crash between writing it and deleting them is resolved at the next
 * open.
 * <p>
 * <b>Invariant kept:</b> the chunks of one series never overlap in time, across all blocks. A backfill may have put
 * chunks of a series into the gaps between the chunks of blocks that are merged here without the backfill's block;
 * a merged chunk must not swallow such a gap, so the rewrite of a series is cut before every chunk of it that lies
 * in another block within its time range.
 */
public final class Compactor {
    /** Columnar chunks with at least this many samples are copied as they are, not re-encoded. */
    public static final int KEEP_SAMPLES = ChunkRewriter.MAX_SAMPLES_DEFAULT / 2;
    /** Source chunk bytes read between two releases of the sources' pages from the resident set. */
    private static final long RELEASE_BYTES = 4 * 1024 * 1024;

    private final FileOps fileOps;
    private final ChunkRewriter rewriter;
    private final BlockChunkRefs chunks = new BlockChunkRefs();
    private long[] cuts = new long[16];
    private int cutCount;
    private long unreleasedBytes;
    private long samplesRewritten;
    private long samplesCopied;

    /**
     * @param fileOps  file-system calls.
     * @param rewriter the rewriter of chunks (its buffers are shared with persistence: one at a time).
     */
    public Compactor(final FileOps fileOps, final ChunkRewriter rewriter) {
        this.fileOps = fileOps;
        this.rewriter = rewriter;
    }

    /**
     * Writes the merged block and swaps it for its sources in the store.
     *
     * @param store   the block store.
     * @param sources blocks to merge (at least two, or one block directory of an older format to rewrite as a block
     *                file), owned by {@code store}, acquired by the caller.
     * @param others  the store's other blocks, acquired by the caller: where chunks of a series may lie in the gaps
     *                of the sources' chunks.
     * @return the meta of the merged block.
     */
    public BlockMeta compact(final BlockStore store, final List<Block> sources, final List<Block> others) {
        if (sources.isEmpty() || sources.size() == 1 && sources.getFirst().meta().isFile()) {
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
            merge(sources, others, writer);
            meta = writer.finish();
        }
        store.replace(sources, meta);
        return meta;
    }

    /** @return samples re-encoded since creation. */
    public long samplesRewritten() {
        return samplesRewritten;
    }

    /** @return samples copied in their chunks since creation. */
    public long samplesCopied() {
        return samplesCopied;
    }

    private void merge(final List<Block> sources, final List<Block> others, final BlockWriter writer) {
        final int n = sources.size();
        final int[] cursor = new int[n];
        final ChunkRewriter.ChunkSink sink = writer::addChunk;
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
            findCuts(sources, others, seriesId);
            writeSeries(sources, seriesId, writer, sink);
        }
    }

    /** Collects the min times of the series' chunks in {@code others} within the time range of its chunks here. */
    private void findCuts(final List<Block> sources, final List<Block> others, final long seriesId) {
        cutCount = 0;
        if (others.isEmpty()) {
            return;
        }
        final long from = chunks.minTimeMillis(0);
        long to = Long.MIN_VALUE;
        for (int i = 0; i < chunks.size(); i++) {
            to = Math.max(to, sources.get(chunks.block(i)).chunkMaxTime(chunks.chunk(i)));
        }
        for (final Block other : others) {
            if (other.meta().maxTimeMillis() < from || other.meta().minTimeMillis() > to) {
                continue;
            }
            final int series = other.findSeries(seriesId);
            if (series < 0) {
                continue;
            }
            final int first = other.firstChunk(series);
            for (int c = first; c < first + other.chunkCount(series); c++) {
                if (other.chunkMinTime(c) > from && other.chunkMinTime(c) < to) {
                    if (cutCount == cuts.length) {
                        cuts = Arrays.copyOf(cuts, 2 * cutCount);
                    }
                    cuts[cutCount++] = other.chunkMinTime(c);
                }
            }
        }
        Arrays.sort(cuts, 0, cutCount);
    }

    /** Writes the series' chunks run by run: the runs are separated by the cuts. */
    private void writeSeries(final List<Block> sources, final long seriesId, final BlockWriter writer,
        final ChunkRewriter.ChunkSink sink) {
        int runStart = 0;
        int cut = 0;
        for (int i = 1; i <= chunks.size(); i++) {
            boolean endOfRun = i == chunks.size();
            if (!endOfRun) {
                while (cut < cutCount && cuts[cut] <= chunks.minTimeMillis(i - 1)) {
                    cut++;
                }
                endOfRun = cut < cutCount && cuts[cut] < chunks.minTimeMillis(i);
            }
            if (endOfRun) {
                writeRun(sources, seriesId, runStart, i, writer, sink);
                runStart = i;
            }
        }
    }

    private void writeRun(final List<Block> sources, final long seriesId, final int from, final int to,
        final BlockWriter writer, final ChunkRewriter.ChunkSink sink) {
        boolean keep = true;
        boolean unknown = false;
        boolean overlapping = false;
        long samples = 0;
        long previousMax = Long.MIN_VALUE;
        for (int i = from; i < to; i++) {
            final Block block = sources.get(chunks.block(i));
            final int c = chunks.chunk(i);
            samples += block.chunkPointCount(c);
            keep &= block.chunkEncoding(c) == ColumnarChunkDescriptor.ENCODING_COLUMNAR &&
                block.chunkPointCount(c) >= KEEP_SAMPLES;
            unknown |= block.chunkEncoding(c) != ColumnarChunkDescriptor.ENCODING_COLUMNAR &&
                block.chunkEncoding(c) != ChunkDescriptor.ENCODING_GORILLA;
            overlapping |= i > from && block.chunkMinTime(c) <= previousMax;
            previousMax = Math.max(previousMax, block.chunkMaxTime(c));
        }
        // Overlapping chunks cannot be merged by time order and chunks of an encoding this build does not know
        // cannot be decoded; no writer of this engine makes either, but such blocks are kept as they are.
        if (keep || overlapping || unknown) {
            for (int i = from; i < to; i++) {
                final Block block = sources.get(chunks.block(i));
                final int c = chunks.chunk(i);
                final MemorySegment data = block.chunkData(c);
                unreleasedBytes += data.byteSize();
                writer.addChunk(seriesId, block.chunkMinTime(c), block.chunkMaxTime(c), block.chunkPointCount(c),
                    block.chunkEncoding(c), data, 0, (int) data.byteSize());
            }
            samplesCopied += samples;
            return;
        }
        rewriter.begin(seriesId, samples, sink);
        for (int i = from; i < to; i++) {
            final MemorySegment data = sources.get(chunks.block(i)).chunkData(chunks.chunk(i));
            unreleasedBytes += data.byteSize();
            rewriter.add(data, 0, (int) data.byteSize());
        }
        rewriter.finish();
        samplesRewritten += samples;
    }
}
