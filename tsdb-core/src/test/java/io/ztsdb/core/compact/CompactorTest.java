// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.compact;

import io.ztsdb.core.block.Block;
import io.ztsdb.core.block.BlockMeta;
import io.ztsdb.core.block.BlockMetaDescriptor;
import io.ztsdb.core.block.BlockStore;
import io.ztsdb.core.block.BlockWriter;
import io.ztsdb.core.block.LegacyBlockDirectory;
import io.ztsdb.core.chunks.AnyChunkDecoder;
import io.ztsdb.core.chunks.ChunkRewriter;
import io.ztsdb.core.codec.ChunkDescriptor;
import io.ztsdb.core.codec.GorillaEncoder;
import io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor;
import io.ztsdb.core.codec.columnar.ColumnarChunkEncoder;
import io.ztsdb.core.io.DefaultFileOps;
import io.ztsdb.core.memory.NativeMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompactorTest {
    private static final long HOUR = 3_600_000;
    /** An encoding the compactor does not know: its chunks are copied byte for byte. */
    private static final byte OPAQUE_ENCODING = 0x7F;

    @TempDir
    Path dir;
    private long nativeBefore;
    private ChunkRewriter rewriter;

    @BeforeEach
    void start() {
        nativeBefore = NativeMemory.bytesInUse();
        rewriter = new ChunkRewriter();
    }

    @AfterEach
    void noLeak() {
        rewriter.close();
        assertThat(NativeMemory.bytesInUse()).isEqualTo(nativeBefore);
    }

    private Compactor compactor() {
        return new Compactor(DefaultFileOps.INSTANCE, rewriter);
    }

    /** Block with series {@code ids}, one chunk each at {@code time}, data = [id, time/HOUR]. */
    private void addBlock(final BlockStore store, final long time, final long... ids) {
        try (BlockWriter writer = BlockWriter.create(DefaultFileOps.INSTANCE, dir, store.newSequence(), 0)) {
            for (final long id : ids) {
                final byte[] data = {(byte) id, (byte) (time / HOUR)};
                writer.addChunk(id, time, time + 1000, 10, OPAQUE_ENCODING, MemorySegment.ofArray(data), 0, 2);
            }
            store.add(writer.finish());
        }
    }

    @Test
    void shouldPlanOnTheWindowLadderUpToATenthOfTheRetention() {
        assertThat(BlockWindows.forRetention(2 * HOUR, 0).maxRangeMillis()).isEqualTo(1458 * HOUR);
        assertThat(BlockWindows.forRetention(2 * HOUR, 15 * 24 * HOUR).maxRangeMillis()).isEqualTo(18 * HOUR);
        assertThat(BlockWindows.forRetention(2 * HOUR, HOUR).maxRangeMillis()).isEqualTo(2 * HOUR);
        final BlockWindows windows = new BlockWindows(2 * HOUR, 54 * HOUR);
        assertThat(windows.closed(0, 6 * HOUR, 8 * HOUR)).isTrue();
        assertThat(windows.closed(0, 6 * HOUR, 8 * HOUR - 1)).isFalse();
        assertThat(windows.closed(Long.MAX_VALUE - HOUR, 6 * HOUR, Long.MAX_VALUE)).isFalse();
        // Old data goes to the largest closed window that holds it, live data to its partition.
        assertThat(windows.persistWindow(HOUR, 1000 * HOUR)).isEqualTo(54 * HOUR);
        assertThat(windows.persistWindow(7 * HOUR, 9 * HOUR)).isEqualTo(2 * HOUR);
        assertThat(windows.persistWindow(7 * HOUR, 19 * HOUR)).isEqualTo(6 * HOUR);
        assertThat(windows.persistWindow(7 * HOUR, 20 * HOUR)).isEqualTo(18 * HOUR);
    }

    @Test
    void shouldMergeBlocksOfAClosedWindowKeepingEveryChunkInTimeOrder() {
        final CompactionPlanner planner = new CompactionPlanner(2 * HOUR, 18 * HOUR);
        try (BlockStore store = BlockStore.open(DefaultFileOps.INSTANCE, dir)) {
            addBlock(store, HOUR / 2, 1, 3);
            addBlock(store, 0, 2, 3);
            addBlock(store, 2 * HOUR, 1);
            assertThat(planner.plan(store.blocks(), 3 * HOUR)).isEmpty();
            assertThat(planner.plan(store.blocks(), 3 * HOUR, true)).as("idle: open windows too").hasSize(2);
            final List<Block> plan = planner.plan(store.blocks(), 4 * HOUR);
            assertThat(plan).extracting(b -> b.meta().sequence()).containsExactlyInAnyOrder(0L, 1L);
            final List<Block> others = new ArrayList<>(store.blocks());
            others.removeAll(plan);
            final BlockMeta merged = compactor().compact(store, plan, others);
            assertThat(merged.level()).isEqualTo(1);
            assertThat(merged.parents()).containsExactlyInAnyOrder(0L, 1L);
            assertThat(merged.chunkCount()).isEqualTo(4);
            assertThat(store.blocks()).extracting(b -> b.meta().sequence()).containsExactly(3L, 2L);

            final Block block = store.blocks().getFirst();
            final List<String> chunks = new ArrayList<>();
            for (int s = 0; s < block.seriesCount(); s++) {
                for (int c = block.firstChunk(s); c < block.firstChunk(s) + block.chunkCount(s); c++) {
                    chunks.add(block.seriesId(s) + "@" + block.chunkMinTime(c) + "=" +
                        block.chunkData(c).get(ValueLayout.JAVA_BYTE, 0));
                }
            }
            assertThat(chunks).as("chunks of an unknown encoding are copied").containsExactly("1@1800000=1", "2@0=2",
                "3@0=3", "3@1800000=3");

            // The next level merges the 6 h window once it has closed.
            addBlock(store, 4 * HOUR, 5);
            assertThat(planner.plan(store.blocks(), 8 * HOUR)).hasSize(3);
        }
    }

    @Test
    void shouldRewriteABlockDirectoryOfAnOlderFormatAsABlockFile() throws IOException {
        final CompactionPlanner planner = new CompactionPlanner(2 * HOUR, 18 * HOUR);
        try (BlockStore store = BlockStore.open(DefaultFileOps.INSTANCE, dir)) {
            addBlock(store, 0, 1, 2);
            addBlock(store, 20 * HOUR, 3);
        }
        LegacyBlockDirectory.convert(dir.resolve(BlockMeta.fileName(0)));
        try (BlockStore store = BlockStore.open(DefaultFileOps.INSTANCE, dir)) {
            assertThat(store.blocks()).extracting(b -> b.meta().isFile()).containsExactly(false, true);
            final List<Block> plan = planner.plan(store.blocks(), 40 * HOUR);
            assertThat(plan).extracting(b -> b.meta().sequence()).containsExactly(0L);
            final List<Block> others = new ArrayList<>(store.blocks());
            others.removeAll(plan);
            final BlockMeta rewritten = compactor().compact(store, plan, others);
            assertThat(rewritten.isFile()).isTrue();
            assertThat(rewritten.parents()).containsExactly(0L);
            assertThat(planner.plan(store.blocks(), 40 * HOUR)).as("nothing left to rewrite").isEmpty();
            final Block block = store.blocks().getFirst();
            assertThat(block.path().getFileName().toString()).isEqualTo(BlockMeta.fileName(2));
            assertThat(block.seriesCount()).isEqualTo(2);
            assertThat(block.chunkData(block.firstChunk(1)).toArray(ValueLayout.JAVA_BYTE)).containsExactly(2, 0);
        }
        try (var entries = Files.list(dir)) {
            assertThat(entries.map(p -> p.getFileName().toString()).sorted().toList())
                .containsExactly(BlockMeta.fileName(1), BlockMeta.fileName(2));
        }
        assertThatThrownBy(() -> {
            try (BlockStore store = BlockStore.open(DefaultFileOps.INSTANCE, dir)) {
                compactor().compact(store, List.of(store.blocks().getFirst()), List.of());
            }
        }).as("a lone block file is not rewritten").isInstanceOf(IllegalArgumentException.class);
    }

    private static double valueOf(final long series, final long i) {
        if (series == 1) {
            return Math.round(Math.sin(i / 50.0) * 1e4) / 100.0; // decimals: columnar wins
        }
        return i % 97 == 5 ? Double.longBitsToDouble(0x7FF0_0000_0000_0001L + i) :
            Double.longBitsToDouble(new SplittableRandom(series * 31 + i).nextLong());
    }

    /** A block with Gorilla chunks of 120 samples for {@code series}, points {@code from..to-1}. */
    private void addGorillaBlock(final BlockStore store, final long from, final long to, final long... series) {
        try (BlockWriter writer = BlockWriter.create(DefaultFileOps.INSTANCE, dir, store.newSequence(), 0)) {
            final MemorySegment buffer = MemorySegment.ofArray(new byte[8192]);
            final GorillaEncoder encoder = new GorillaEncoder();
            for (final long id : series) {
                for (long start = from; start < to; start += 120) {
                    encoder.wrap(buffer, 0, (int) buffer.byteSize());
                    for (long i = start; i < Math.min(to, start + 120); i++) {
                        assertThat(encoder.append(i * 10_000, valueOf(id, i))).isTrue();
                    }
                    encoder.writeCount();
                    writer.addChunk(id, encoder.firstTimestampMillis(), encoder.lastTimestampMillis(), encoder.count(),
                        ChunkDescriptor.ENCODING_GORILLA, buffer, 0, encoder.lengthBytes());
                }
            }
            store.add(writer.finish());
        }
    }

    /** Asserts that the block holds points {@code 0..points-1} of {@code id}, bit for bit, in time order. */
    private static void assertSeries(final Block block, final long id, final long points) {
        final AnyChunkDecoder decoder = new AnyChunkDecoder();
        final int s = block.findSeries(id);
        assertThat(s).isNotNegative();
        long i = 0;
        final long[] timestamps = new long[65_535];
        final double[] values = new double[65_535];
        for (int c = block.firstChunk(s); c < block.firstChunk(s) + block.chunkCount(s); c++) {
            assertThat(block.chunkMinTime(c)).isEqualTo(i * 10_000);
            final MemorySegment data = block.chunkData(c);
            final int n = decoder.decode(data, 0, (int) data.byteSize(), timestamps, values, 0);
            assertThat(n).isEqualTo(block.chunkPointCount(c));
            assertThat(block.chunkMaxTime(c)).isEqualTo(timestamps[n - 1]);
            for (int k = 0; k < n; k++, i++) {
                assertThat(timestamps[k]).isEqualTo(i * 10_000);
                assertThat(Double.doubleToRawLongBits(values[k])).as("series %d point %d", id, i)
                    .isEqualTo(Double.doubleToRawLongBits(valueOf(id, i)));
            }
        }
        assertThat(i).isEqualTo(points);
    }

    @Test
    void shouldRewriteGorillaChunksIntoFewLongChunksOfTheSmallestEncodingBitExact() {
        try (BlockStore store = BlockStore.open(DefaultFileOps.INSTANCE, dir)) {
            addGorillaBlock(store, 0, 720, 1, 2);
            addGorillaBlock(store, 720, 1500, 1, 2);
            addGorillaBlock(store, 1500, 2600, 2);
            final long sourceBytes = store.blocks().stream().mapToLong(b -> b.meta().chunksLengthBytes()).sum();
            final BlockMeta merged = compactor().compact(store, store.blocks(), List.of());
            assertThat(merged.pointCount()).isEqualTo(1500 + 2600);
            assertThat(merged.chunkCount()).as("one chunk per series").isEqualTo(2);
            assertThat(merged.chunksLengthBytes()).isLessThan(sourceBytes);
            assertThat(merged.formatVersion()).isEqualTo(BlockMetaDescriptor.VERSION);
            final Block block = store.blocks().getFirst();
            assertThat(block.chunkEncoding(block.firstChunk(block.findSeries(1))))
                .isEqualTo(ColumnarChunkDescriptor.ENCODING_COLUMNAR);
            assertSeries(block, 1, 1500);
            assertSeries(block, 2, 2600);
        }
    }

    @Test
    void shouldCutTheRewriteWhereAnotherBlockHoldsChunksOfTheSeriesInItsGaps() {
        try (BlockStore store = BlockStore.open(DefaultFileOps.INSTANCE, dir)) {
            addGorillaBlock(store, 0, 100, 1);
            addGorillaBlock(store, 200, 300, 1);
            // Points 100..199 of series 1 in a third block, as a backfill would put them into the gap.
            addGorillaBlock(store, 100, 200, 1);
            final List<Block> sources = List.of(store.blocks().get(0), store.blocks().get(2));
            final List<Block> others = List.of(store.blocks().get(1));
            assertThat(sources).extracting(b -> b.meta().minTimeMillis()).containsExactly(0L, 2_000_000L);
            compactor().compact(store, sources, others);
            final Block merged = store.blocks().stream().filter(b -> b.meta().level() == 1).findFirst().orElseThrow();
            final int s = merged.findSeries(1);
            assertThat(merged.chunkCount(s)).as("not one chunk over the gap").isEqualTo(2);
            assertThat(merged.chunkMaxTime(merged.firstChunk(s))).isEqualTo(99 * 10_000L);
            assertThat(merged.chunkMinTime(merged.firstChunk(s) + 1)).isEqualTo(200 * 10_000L);
            // With the third block merged too, the series is one chunk again.
            compactor().compact(store, store.blocks(), List.of());
            assertSeries(store.blocks().getFirst(), 1, 300);
            assertThat(store.blocks().getFirst().chunkCount(0)).isEqualTo(1);
        }
    }

    /** A block with one columnar chunk of {@code count} points of series 1 from point {@code from}. */
    private void addColumnarBlock(final BlockStore store, final int from, final int count) {
        final long[] timestamps = new long[count];
        final double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            timestamps[i] = (from + i) * 10_000L;
            values[i] = valueOf(1, from + i);
        }
        final ColumnarChunkEncoder encoder = new ColumnarChunkEncoder();
        final int length = encoder.encode(timestamps, values, 0, count);
        try (BlockWriter writer = BlockWriter.create(DefaultFileOps.INSTANCE, dir, store.newSequence(), 0)) {
            writer.addChunk(1, timestamps[0], timestamps[count - 1], count, ColumnarChunkDescriptor.ENCODING_COLUMNAR,
                MemorySegment.ofArray(encoder.array()), 0, length);
            store.add(writer.finish());
        }
    }

    @Test
    void shouldCopyLongColumnarChunksAndRewriteShortOnes() {
        try (BlockStore store = BlockStore.open(DefaultFileOps.INSTANCE, dir)) {
            addColumnarBlock(store, 0, Compactor.KEEP_SAMPLES);
            addColumnarBlock(store, Compactor.KEEP_SAMPLES, Compactor.KEEP_SAMPLES + 10);
            final long sourceBytes = store.blocks().stream().mapToLong(b -> b.meta().chunksLengthBytes()).sum();
            final Compactor compactor = compactor();
            compactor.compact(store, store.blocks(), List.of());
            assertThat(compactor.samplesRewritten()).isZero();
            assertThat(compactor.samplesCopied()).isEqualTo(2 * Compactor.KEEP_SAMPLES + 10);
            final Block merged = store.blocks().getFirst();
            assertThat(merged.meta().chunksLengthBytes()).isEqualTo(sourceBytes - 8);
            assertSeries(merged, 1, 2 * Compactor.KEEP_SAMPLES + 10);

            addColumnarBlock(store, 2 * Compactor.KEEP_SAMPLES + 10, 100);
            compactor.compact(store, store.blocks(), List.of());
            assertThat(compactor.samplesRewritten()).as("a short chunk makes its run rewritten")
                .isEqualTo(2 * Compactor.KEEP_SAMPLES + 110);
            assertSeries(store.blocks().getFirst(), 1, 2 * Compactor.KEEP_SAMPLES + 110);
            assertThat(store.blocks().getFirst().chunkCount(0)).isEqualTo(2);
        }
    }

    @Test
    void shouldCutOffRetentionFromTheNewestTime() {
        assertThat(new RetentionPolicy(HOUR).cutoffMillis(5 * HOUR)).isEqualTo(4 * HOUR);
        assertThat(new RetentionPolicy(0).cutoffMillis(5 * HOUR)).isEqualTo(Long.MIN_VALUE);
    }
}
