// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.compact;

import io.ztsdb.core.block.Block;
import io.ztsdb.core.block.BlockMeta;
import io.ztsdb.core.block.BlockStore;
import io.ztsdb.core.block.BlockWriter;
import io.ztsdb.core.io.DefaultFileOps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CompactorTest {
    private static final long HOUR = 3_600_000;
    /** An encoding the compactor does not know: its chunks are copied byte for byte. */
    private static final byte OPAQUE_ENCODING = 0x7F;

    @TempDir
    Path dir;

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
    void shouldMergeBlocksOfAClosedWindowKeepingEveryChunkInTimeOrder() {
        final CompactionPlanner planner = new CompactionPlanner(2 * HOUR, 18 * HOUR);
        assertThat(CompactionPlanner.forPartition(2 * HOUR)).usingRecursiveComparison()
            .isEqualTo(new CompactionPlanner(2 * HOUR, 54 * HOUR));
        try (BlockStore store = BlockStore.open(DefaultFileOps.INSTANCE, dir)) {
            addBlock(store, HOUR / 2, 1, 3);
            addBlock(store, 0, 2, 3);
            addBlock(store, 2 * HOUR, 1);
            assertThat(planner.plan(store.blocks(), 3 * HOUR)).isEmpty();
            final List<Block> plan = planner.plan(store.blocks(), 4 * HOUR);
            assertThat(plan).extracting(b -> b.meta().sequence()).containsExactlyInAnyOrder(0L, 1L);
            final BlockMeta merged = new Compactor(DefaultFileOps.INSTANCE).compact(store, plan);
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
            assertThat(chunks).containsExactly("1@1800000=1", "2@0=2", "3@0=3", "3@1800000=3");

            // The next level merges the 6 h window once it has closed.
            addBlock(store, 4 * HOUR, 5);
            assertThat(planner.plan(store.blocks(), 8 * HOUR)).hasSize(3);
        }
    }

    private static double valueOf(final long series, final long i) {
        return i % 97 == 5 ? Double.longBitsToDouble(0x7FF0_0000_0000_0001L + i) :
            Double.longBitsToDouble(new java.util.SplittableRandom(series * 31 + i).nextLong());
    }

    /** A block with Gorilla chunks of 120 samples for {@code series}, points {@code from..to-1}. */
    private void addGorillaBlock(final BlockStore store, final long from, final long to, final long... series) {
        try (BlockWriter writer = BlockWriter.create(DefaultFileOps.INSTANCE, dir, store.newSequence(), 0)) {
            final MemorySegment buffer = MemorySegment.ofArray(new byte[8192]);
            final io.ztsdb.core.codec.GorillaEncoder encoder = new io.ztsdb.core.codec.GorillaEncoder();
            for (final long id : series) {
                for (long start = from; start < to; start += 120) {
                    encoder.wrap(buffer, 0, (int) buffer.byteSize());
                    for (long i = start; i < Math.min(to, start + 120); i++) {
                        assertThat(encoder.append(i * 10_000, valueOf(id, i))).isTrue();
                    }
                    encoder.writeCount();
                    writer.addChunk(id, encoder.firstTimestampMillis(), encoder.lastTimestampMillis(), encoder.count(),
                        io.ztsdb.core.codec.ChunkDescriptor.ENCODING_GORILLA, buffer, 0, encoder.lengthBytes());
                }
            }
            store.add(writer.finish());
        }
    }

    @Test
    void shouldReencodeGorillaChunksIntoLongerOnesBitExact() {
        try (BlockStore store = BlockStore.open(DefaultFileOps.INSTANCE, dir)) {
            addGorillaBlock(store, 0, 720, 1, 2);
            addGorillaBlock(store, 720, 1500, 1, 2);
            addGorillaBlock(store, 1500, 2600, 2);
            final long sourceBytes = store.blocks().stream().mapToLong(b -> b.meta().chunksLengthBytes()).sum();
            final BlockMeta merged = new Compactor(DefaultFileOps.INSTANCE).compact(store, store.blocks());
            assertThat(merged.pointCount()).isEqualTo(1500 + 2600);
            assertThat(merged.chunkCount()).isEqualTo(2 + 3);
            assertThat(merged.chunksLengthBytes()).isLessThan(sourceBytes);
            final Block block = store.blocks().getFirst();
            final io.ztsdb.core.codec.GorillaDecoder decoder = new io.ztsdb.core.codec.GorillaDecoder();
            for (int s = 0; s < block.seriesCount(); s++) {
                final long id = block.seriesId(s);
                long i = 0;
                for (int c = block.firstChunk(s); c < block.firstChunk(s) + block.chunkCount(s); c++) {
                    assertThat(block.chunkPointCount(c)).isLessThanOrEqualTo(Compactor.MERGED_CHUNK_SAMPLES);
                    assertThat(block.chunkMinTime(c)).isEqualTo(i * 10_000);
                    final MemorySegment data = block.chunkData(c);
                    decoder.wrap(data, 0, (int) data.byteSize());
                    while (decoder.next()) {
                        assertThat(decoder.timestampMillis()).isEqualTo(i * 10_000);
                        assertThat(decoder.valueBits()).as("series %d point %d", id, i)
                            .isEqualTo(Double.doubleToRawLongBits(valueOf(id, i)));
                        i++;
                    }
                }
                assertThat(i).isEqualTo(id == 1 ? 1500 : 2600);
            }
        }
    }

    @Test
    void shouldCutOffRetentionFromTheNewestTime() {
        assertThat(new RetentionPolicy(HOUR).cutoffMillis(5 * HOUR)).isEqualTo(4 * HOUR);
        assertThat(new RetentionPolicy(0).cutoffMillis(5 * HOUR)).isEqualTo(Long.MIN_VALUE);
    }
}
