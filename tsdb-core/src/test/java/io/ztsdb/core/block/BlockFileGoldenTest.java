// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.block;

import io.ztsdb.core.io.DefaultFileOps;
import io.ztsdb.core.io.FileOps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden vectors of the block layouts in {@code src/test/resources/golden/block-*.hex}: {@code block-dir-v2-*}, the
 * three files of a block directory as the directory writer (format version 2) wrote them, and {@code
 * block-file-v3}, the same block as one file. Never overwrite one, add a new vector instead.
 */
class BlockFileGoldenTest {
    private static final long SEQUENCE = 7;

    @TempDir
    Path dir;

    /** The golden block: three chunks of two series added out of index order, level 1, parents 3 and 4. */
    static BlockMeta writeGoldenBlock(final FileOps fileOps, final Path directory) {
        try (BlockWriter writer = BlockWriter.create(fileOps, directory, SEQUENCE, 1, 3L, 4L)) {
            writer.addChunk(9, 1_000, 61_000, 7, (byte) 2, MemorySegment.ofArray(new byte[] {9, 8, 7}), 0, 3);
            writer.addChunk(-4, 1_000, 2_000, 2, (byte) 1, MemorySegment.ofArray(new byte[] {-1, 0, 1, 2}), 0, 4);
            writer.addChunk(9, 62_000, 62_000, 1, (byte) 1, MemorySegment.ofArray(new byte[] {42}), 0, 1);
            return writer.finish();
        }
    }

    static byte[] golden(final String name) throws IOException {
        try (InputStream in = BlockFileGoldenTest.class.getResourceAsStream("/golden/" + name + ".hex")) {
            assertThat(in).as(name).isNotNull();
            return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        }
    }

    @Test
    void shouldWriteTheGoldenBlockFile() throws IOException {
        final BlockMeta meta = writeGoldenBlock(DefaultFileOps.INSTANCE, dir);
        final byte[] file = Files.readAllBytes(dir.resolve(BlockMeta.fileName(SEQUENCE)));
        assertThat(HexFormat.of().formatHex(file)).isEqualTo(HexFormat.of().formatHex(golden("block-file-v3")));
        assertThat(meta.diskBytes()).isEqualTo(file.length);
        assertThat(meta.formatVersion()).isEqualTo(3);
        final ByteBuffer bytes = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        // Trailer: meta length (magic, version, 8 u64 fields, 4 u32 fields, 2 parents, CRC), then 'ZBLF'.
        assertThat(bytes.getInt(file.length - 4)).isEqualTo(0x464C425A);
        final int metaLength = bytes.getInt(file.length - 8);
        assertThat(metaLength).isEqualTo(4 + 4 + 8 * 8 + 4 * 4 + 2 * 8 + 4);
        final int metaAt = file.length - 8 - metaLength;
        assertThat(bytes.getInt(metaAt)).as("meta magic 'ZBLM'").isEqualTo(0x4D4C425A);
        assertThat(bytes.getInt(metaAt + 4)).as("meta version").isEqualTo(3);
        final long chunksLength = bytes.getLong(metaAt + 56);
        final long indexLength = bytes.getLong(metaAt + 64);
        assertThat(chunksLength).as("header + 3 records").isEqualTo(8 + (8 + 3) + (8 + 4) + (8 + 1));
        assertThat(indexLength).as("header, 2 series, 3 chunks, CRC").isEqualTo(16 + 2 * 16 + 3 * 32 + 4);
        assertThat(chunksLength + indexLength).isEqualTo(metaAt);
        assertThat(bytes.getInt(0)).as("chunks magic 'ZBLC'").isEqualTo(0x434C425A);
        assertThat(bytes.getInt((int) chunksLength)).as("index magic 'ZBLI'").isEqualTo(0x494C425A);
        // The first index chunk entry (series -4) refers to the second record, at 8 + 11.
        assertThat(bytes.getLong((int) chunksLength + 16 + 2 * 16)).isEqualTo(19);
    }

    @Test
    void shouldHoldTheSameSectionsAsTheOlderWritersDirectory() throws IOException {
        writeGoldenBlock(DefaultFileOps.INSTANCE, dir);
        final Path directory = LegacyBlockDirectory.convert(dir.resolve(BlockMeta.fileName(SEQUENCE)));
        assertThat(directory.getFileName().toString()).isEqualTo(BlockMeta.directoryName(SEQUENCE));
        for (final String name : new String[] {"meta", "index", "chunks"}) {
            assertThat(HexFormat.of().formatHex(Files.readAllBytes(directory.resolve(name)))).as(name)
                .isEqualTo(HexFormat.of().formatHex(golden("block-dir-v2-" + name)));
        }
    }

    @Test
    void shouldReadTheOlderWritersBlockDirectory() throws IOException {
        final Path directory = Files.createDirectory(dir.resolve(BlockMeta.directoryName(SEQUENCE)));
        for (final String name : new String[] {"meta", "index", "chunks"}) {
            Files.write(directory.resolve(name), golden("block-dir-v2-" + name));
        }
        try (BlockStore store = BlockStore.open(DefaultFileOps.INSTANCE, dir)) {
            final Block block = store.blocks().getFirst();
            assertThat(block.path()).isEqualTo(directory);
            assertGoldenContent(block, 2);
            assertThat(block.meta().diskBytes()).isEqualTo(golden("block-dir-v2-meta").length +
                golden("block-dir-v2-index").length + golden("block-dir-v2-chunks").length);
            assertThat(store.newSequence()).isEqualTo(SEQUENCE + 1);
        }
    }

    @Test
    void shouldReadTheGoldenBlockFile() throws IOException {
        Files.write(dir.resolve(BlockMeta.fileName(SEQUENCE)), golden("block-file-v3"));
        try (Block block = Block.open(DefaultFileOps.INSTANCE, dir.resolve(BlockMeta.fileName(SEQUENCE)))) {
            assertGoldenContent(block, 3);
        }
    }

    private static void assertGoldenContent(final Block block, final int version) {
        assertThat(block.meta().formatVersion()).isEqualTo(version);
        assertThat(block.meta().sequence()).isEqualTo(SEQUENCE);
        assertThat(block.meta().level()).isEqualTo(1);
        assertThat(block.meta().parents()).containsExactly(3L, 4L);
        assertThat(block.meta().minTimeMillis()).isEqualTo(1_000);
        assertThat(block.meta().maxTimeMillis()).isEqualTo(62_000);
        assertThat(block.meta().pointCount()).isEqualTo(10);
        assertThat(block.seriesCount()).isEqualTo(2);
        assertThat(block.seriesId(0)).isEqualTo(-4);
        assertThat(block.seriesId(1)).isEqualTo(9);
        assertThat(block.findSeries(9)).isEqualTo(1);
        final int first = block.firstChunk(1);
        assertThat(block.chunkCount(1)).isEqualTo(2);
        assertThat(block.chunkEncoding(first)).isEqualTo((byte) 2);
        assertThat(block.chunkMaxTime(first)).isEqualTo(61_000);
        assertThat(block.chunkPointCount(first + 1)).isEqualTo(1);
        assertThat(block.chunkData(first).toArray(ValueLayout.JAVA_BYTE)).containsExactly(9, 8, 7);
        assertThat(block.chunkData(first + 1).toArray(ValueLayout.JAVA_BYTE)).containsExactly(42);
        assertThat(block.chunkData(block.firstChunk(0)).toArray(ValueLayout.JAVA_BYTE)).containsExactly(-1, 0, 1, 2);
        block.verify();
    }
}
