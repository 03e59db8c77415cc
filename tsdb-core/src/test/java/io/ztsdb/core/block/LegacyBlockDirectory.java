// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.block;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Turns a block file into the block directory an older version wrote for the same block (format version 2): the
 * chunks and index sections become the {@code chunks} and {@code index} files byte for byte (chunk references are
 * offsets from the start of the chunks section in both forms), the meta section the {@code meta} file with version
 * 2 and its CRC recomputed. {@link BlockFileGoldenTest} proves the result equals the older writer's output.
 */
public final class LegacyBlockDirectory {
    private LegacyBlockDirectory() {
    }

    /**
     * Replaces a block file by the equivalent block directory.
     *
     * @param blockFile the block file ({@code b-<sequence>.blk}).
     * @return the block directory ({@code b-<sequence>}).
     * @throws IOException on I/O failure.
     */
    public static Path convert(final Path blockFile) throws IOException {
        final byte[] file = Files.readAllBytes(blockFile);
        final ByteBuffer bytes = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        final int metaLength = bytes.getInt(file.length - BlockFileDescriptor.TRAILER_LENGTH);
        final int metaAt = file.length - BlockFileDescriptor.TRAILER_LENGTH - metaLength;
        final int chunksLength = (int) bytes.getLong(metaAt + BlockMetaDescriptor.CHUNKS_LENGTH_OFFSET);
        final byte[] meta = Arrays.copyOfRange(file, metaAt, metaAt + metaLength);
        final ByteBuffer metaBuffer = ByteBuffer.wrap(meta).order(ByteOrder.LITTLE_ENDIAN);
        metaBuffer.putInt(BlockMetaDescriptor.VERSION_OFFSET, BlockMetaDescriptor.DIRECTORY_VERSION);
        final CRC32C crc = new CRC32C();
        crc.update(meta, 0, metaLength - Integer.BYTES);
        metaBuffer.putInt(metaLength - Integer.BYTES, (int) crc.getValue());
        final String name = blockFile.getFileName().toString();
        final Path directory = blockFile.resolveSibling(
            name.substring(0, name.length() - BlockFileDescriptor.SUFFIX.length()));
        Files.createDirectory(directory);
        Files.write(directory.resolve(BlockChunksDescriptor.FILE_NAME), Arrays.copyOfRange(file, 0, chunksLength));
        Files.write(directory.resolve(BlockIndexDescriptor.FILE_NAME), Arrays.copyOfRange(file, chunksLength, metaAt));
        Files.write(directory.resolve(BlockMetaDescriptor.FILE_NAME), meta);
        Files.delete(blockFile);
        return directory;
    }
}
