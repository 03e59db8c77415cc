// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.block;

import io.ztsdb.core.CorruptionException;
import io.ztsdb.core.TsdbException;
import io.ztsdb.core.io.DefaultFileOps;
import io.ztsdb.core.io.FaultInjectingFileOps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlockTest {
    private static final long SEED = 42;

    @TempDir
    Path dir;

    private record Chunk(long seriesId, long minTime, long maxTime, int points, byte[] data) {
    }

    private List<Chunk> writeBlock(final FaultInjectingFileOps ops, final long sequence) {
        final Random random = new Random(SEED);
        final List<Chunk> chunks = new ArrayList<>();
        try (BlockWriter writer = BlockWriter.create(ops == null ? DefaultFileOps.INSTANCE : ops, dir, sequence,
            1, 3L, 4L)) {
            for (long series = -5; series < 200; series += 1 + random.nextInt(3)) {
                final int count = 1 + random.nextInt(4);
                long time = 1_000_000 + random.nextInt(1000);
                for (int c = 0; c < count; c++) {
                    final byte[] data = new byte[1 + random.nextInt(300)];
                    random.nextBytes(data);
                    final Chunk chunk = new Chunk(series, time, time + 119_000, 120, data);
                    writer.addChunk(series, chunk.minTime, chunk.maxTime, chunk.points, (byte) 1,
                        MemorySegment.ofArray(data), 0, data.length);
                    chunks.add(chunk);
                    time += 120_000;
                }
            }
            final BlockMeta meta = writer.finish();
            assertThat(meta.chunkCount()).isEqualTo(chunks.size());
            assertThat(meta.pointCount()).isEqualTo(chunks.size() * 120L);
        }
        return chunks;
    }

    @Test
    void shouldReadTheSameChunksAfterReleasingTheirPages() {
        final List<Chunk> chunks = writeBlock(null, 8);
        try (Block block = Block.open(DefaultFileOps.INSTANCE, dir.resolve(BlockMeta.fileName(8)))) {
            for (int round = 0; round < 3; round++) {
                int next = 0;
                for (int c = 0; c < chunks.size(); c++) {
                    final byte[] actual = block.chunkData(c).toArray(ValueLayout.JAVA_BYTE);
                    assertThat(actual).as("round %d chunk %d", round, c).isEqualTo(chunks.get(next++).data);
                    if (c % 50 == 0) {
                        block.releaseChunkPages();
                    }
                }
                block.releaseChunkPages();
            }
            block.verify();
        }
    }

    @Test
    void shouldReadBackEveryChunkThroughTheMapping() {
        final List<Chunk> chunks = writeBlock(null, 7);
        try (Block block = Block.open(DefaultFileOps.INSTANCE, dir.resolve(BlockMeta.fileName(7)))) {
            assertThat(block.meta().sequence()).isEqualTo(7);
            assertThat(block.meta().level()).isEqualTo(1);
            assertThat(block.meta().parents()).containsExactly(3L, 4L);
            assertThat(block.meta().minTimeMillis()).isEqualTo(chunks.stream().mapToLong(Chunk::minTime).min()
                .orElseThrow());
            int next = 0;
            for (int s = 0; s < block.seriesCount(); s++) {
                final long id = block.seriesId(s);
                assertThat(block.findSeries(id)).isEqualTo(s);
                for (int c = block.firstChunk(s); c < block.firstChunk(s) + block.chunkCount(s); c++) {
                    final Chunk expected = chunks.get(next++);
                    assertThat(id).isEqualTo(expected.seriesId);
                    assertThat(block.chunkMinTime(c)).isEqualTo(expected.minTime);
                    assertThat(block.chunkMaxTime(c)).isEqualTo(expected.maxTime);
                    assertThat(block.chunkPointCount(c)).isEqualTo(expected.points);
                    assertThat(block.chunkEncoding(c)).isEqualTo((byte) 1);
                    final MemorySegment data = block.chunkData(c);
                    assertThat(data.byteSize()).isEqualTo(expected.data.length);
                    assertThat(data.toArray(ValueLayout.JAVA_BYTE)).isEqualTo(expected.data);
                }
            }
            assertThat(next).isEqualTo(chunks.size());
            assertThat(block.findSeries(1_000_000)).isEqualTo(-1);
            block.verify();
        }
    }

    @Test
    void shouldReportCorruptChunkInsteadOfReadingIt() throws IOException {
        writeBlock(null, 1);
        final Path blockFile = dir.resolve(BlockMeta.fileName(1));
        flipByte(blockFile, BlockChunksDescriptor.HEADER_LENGTH + 10);
        try (Block block = Block.open(DefaultFileOps.INSTANCE, blockFile)) {
            assertThatThrownBy(() -> block.chunkData(0))
                .isInstanceOfSatisfying(CorruptionException.class, ex -> {
                    assertThat(ex.file()).isEqualTo(blockFile);
                    assertThat(ex.offset()).isEqualTo(BlockChunksDescriptor.HEADER_LENGTH);
                    assertThat(ex.reason()).contains("checksum");
                });
            assertThatThrownBy(block::verify).isInstanceOf(CorruptionException.class);
        }
    }

    @Test
    void shouldRejectBlockWithCorruptIndex() throws IOException {
        writeBlock(null, 1);
        final Path blockFile = dir.resolve(BlockMeta.fileName(1));
        final long indexAt;
        try (Block block = Block.open(DefaultFileOps.INSTANCE, blockFile)) {
            indexAt = block.meta().chunksLengthBytes();
        }
        flipByte(blockFile, indexAt + BlockIndexDescriptor.HEADER_LENGTH + 3);
        assertThatThrownBy(() -> Block.open(DefaultFileOps.INSTANCE, blockFile))
            .isInstanceOf(CorruptionException.class).hasMessageContaining("index checksum mismatch");
    }

    @Test
    void shouldRejectBlockWithCorruptMeta() throws IOException {
        writeBlock(null, 1);
        final Path blockFile = dir.resolve(BlockMeta.fileName(1));
        final long metaAt = Files.size(blockFile) - BlockFileDescriptor.TRAILER_LENGTH - BlockMetaDescriptor.length(2);
        flipByte(blockFile, metaAt + BlockMetaDescriptor.POINT_COUNT_OFFSET);
        assertThatThrownBy(() -> Block.open(DefaultFileOps.INSTANCE, blockFile))
            .isInstanceOf(CorruptionException.class).hasMessageContaining("meta checksum mismatch");
    }

    @Test
    void shouldRejectTruncatedBlockFile() throws IOException {
        writeBlock(null, 1);
        final Path blockFile = dir.resolve(BlockMeta.fileName(1));
        try (RandomAccessFile file = new RandomAccessFile(blockFile.toFile(), "rw")) {
            file.setLength(file.length() - 1);
        }
        assertThatThrownBy(() -> Block.open(DefaultFileOps.INSTANCE, blockFile))
            .isInstanceOf(CorruptionException.class).hasMessageContaining("trailer");
    }

    @Test
    void shouldLeaveNoBlockWhenRenameFails() throws IOException {
        final FaultInjectingFileOps ops = new FaultInjectingFileOps().failAt(FaultInjectingFileOps.Op.RENAME, 1);
        assertThatThrownBy(() -> writeBlock(ops, 1)).isInstanceOf(TsdbException.class);
        try (var entries = Files.list(dir)) {
            assertThat(entries.toList()).isEmpty();
        }
    }

    @Test
    void shouldLeaveNoBlockWhenForceFails() throws IOException {
        final FaultInjectingFileOps ops = new FaultInjectingFileOps().failAt(FaultInjectingFileOps.Op.FORCE, 1);
        assertThatThrownBy(() -> writeBlock(ops, 1)).isInstanceOf(TsdbException.class);
        try (var entries = Files.list(dir)) {
            assertThat(entries.toList()).isEmpty();
        }
        writeBlock(null, 1);
        try (Block block = Block.open(DefaultFileOps.INSTANCE, dir.resolve(BlockMeta.fileName(1)))) {
            block.verify();
        }
    }

    @Test
    void shouldReportMapFailureAndOpenLater() {
        writeBlock(null, 1);
        final FaultInjectingFileOps ops = new FaultInjectingFileOps().failAt(FaultInjectingFileOps.Op.MAP, 1);
        final Path blockFile = dir.resolve(BlockMeta.fileName(1));
        assertThatThrownBy(() -> Block.open(ops, blockFile)).isInstanceOf(TsdbException.class)
            .hasMessageContaining("cannot map");
        try (Block block = Block.open(DefaultFileOps.INSTANCE, blockFile)) {
            block.verify();
        }
    }

    @Test
    void shouldSortChunksAddedInAnyOrder() {
        final BlockMeta meta;
        try (BlockWriter writer = BlockWriter.create(DefaultFileOps.INSTANCE, dir, 1, 0)) {
            writer.addChunk(5, 30, 40, 2, (byte) 1, MemorySegment.ofArray(new byte[] {53}), 0, 1);
            writer.addChunk(-4, 10, 20, 2, (byte) 1, MemorySegment.ofArray(new byte[] {-41}), 0, 1);
            writer.addChunk(5, 10, 20, 2, (byte) 1, MemorySegment.ofArray(new byte[] {51}), 0, 1);
            assertThatThrownBy(() -> writer.addChunk(4, 30, 20, 2, (byte) 1, MemorySegment.ofArray(new byte[1]), 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
            meta = writer.finish();
        }
        assertThat(meta.seriesCount()).isEqualTo(2);
        try (Block block = Block.open(DefaultFileOps.INSTANCE, dir.resolve(BlockMeta.fileName(1)))) {
            assertThat(block.seriesId(0)).isEqualTo(-4);
            assertThat(block.seriesId(1)).isEqualTo(5);
            assertThat(block.chunkCount(1)).isEqualTo(2);
            assertThat(block.chunkData(block.firstChunk(1)).get(ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) 51);
            assertThat(block.chunkData(block.firstChunk(1) + 1).get(ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) 53);
            assertThat(block.chunkData(block.firstChunk(0)).get(ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) -41);
        }
    }

    @Test
    void shouldDeletePartialBlockOnCloseWithoutFinish() {
        try (BlockWriter writer = BlockWriter.create(DefaultFileOps.INSTANCE, dir, 1, 0)) {
            writer.addChunk(5, 10, 20, 2, (byte) 1, MemorySegment.ofArray(new byte[4]), 0, 4);
        }
        assertThat(dir.resolve(BlockMeta.fileName(1) + BlockMeta.TEMP_SUFFIX)).doesNotExist();
    }

    @Test
    void shouldKeepMappingUntilLastReaderReleases() {
        writeBlock(null, 1);
        final Block block = Block.open(DefaultFileOps.INSTANCE, dir.resolve(BlockMeta.fileName(1)));
        assertThat(block.acquire()).isTrue();
        block.close();
        block.close();
        block.chunkData(0);
        block.release();
        assertThat(block.acquire()).isFalse();
    }

    static void flipByte(final Path file, final long offset) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            final int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0x5A);
        }
    }
}
