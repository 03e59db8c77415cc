// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.block;

import io.ztsdb.core.CorruptionException;
import io.ztsdb.core.TsdbException;
import io.ztsdb.core.io.FileOps;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Maps and checks a block: a block file ({@link BlockFileDescriptor}, mapped once, its sections sliced) or a block
 * directory of an older format (meta read, index and chunks files mapped). Every check of {@link Block#open} is here:
 * trailer, meta CRC and version, section and file lengths, index CRC and header, chunks header.
 */
final class BlockOpener {
    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(LITTLE_ENDIAN);
    /** Shortest possible block file: chunks header, empty index, meta without parents, trailer. */
    private static final long MIN_FILE_LENGTH = BlockFileDescriptor.length(BlockChunksDescriptor.HEADER_LENGTH,
        BlockIndexDescriptor.length(0, 0), 0);

    private BlockOpener() {
    }

    static Block openFile(final FileOps fileOps, final Path file) {
        final long expectedSequence = BlockMeta.parseName(file.getFileName().toString());
        final Arena arena = Arena.ofShared();
        try {
            final MemorySegment whole;
            try (FileChannel channel = fileOps.open(file, StandardOpenOption.READ)) {
                final long size = channel.size();
                if (size < MIN_FILE_LENGTH) {
                    throw new CorruptionException(file, expectedSequence, size, "block file too short: " + size);
                }
                whole = fileOps.map(channel, FileChannel.MapMode.READ_ONLY, 0, size, arena);
            } catch (final IOException ex) {
                throw new TsdbException("cannot map block file: file=" + file, ex);
            }
            final long trailerAt = whole.byteSize() - BlockFileDescriptor.TRAILER_LENGTH;
            final int metaLength = whole.get(INT_LE, trailerAt + BlockFileDescriptor.TRAILER_META_LENGTH_OFFSET);
            if (whole.get(INT_LE, trailerAt + BlockFileDescriptor.TRAILER_MAGIC_OFFSET) != BlockFileDescriptor.MAGIC ||
                metaLength < BlockMetaDescriptor.length(0) ||
                metaLength > BlockMetaDescriptor.length(BlockMetaDescriptor.MAX_PARENTS) || metaLength > trailerAt) {
                throw new CorruptionException(file, expectedSequence, trailerAt, "bad block file trailer");
            }
            final long metaAt = trailerAt - metaLength;
            final ByteBuffer metaBytes = whole.asSlice(metaAt, metaLength).asByteBuffer()
                .order(ByteOrder.LITTLE_ENDIAN);
            final BlockMeta meta = decodeMeta(file, expectedSequence, metaAt, metaBytes, BlockFileDescriptor.VERSION,
                BlockFileDescriptor.VERSION);
            if (meta.chunksLengthBytes() < BlockChunksDescriptor.HEADER_LENGTH ||
                meta.chunksLengthBytes() + meta.indexLengthBytes() != metaAt) {
                throw new CorruptionException(file, expectedSequence, metaAt,
                    "section lengths do not match the file length");
            }
            final MemorySegment chunks = whole.asSlice(0, meta.chunksLengthBytes());
            final MemorySegment index = whole.asSlice(meta.chunksLengthBytes(), meta.indexLengthBytes());
            final Block.Sections files = new Block.Sections(file, file, file, meta.chunksLengthBytes());
            checkIndex(files, meta, index);
            checkChunksHeader(files, meta, chunks);
            return new Block(files, meta, arena, chunks, index);
        } catch (final RuntimeException ex) {
            arena.close();
            throw ex;
        }
    }

    static Block openDirectory(final FileOps fileOps, final Path directory) {
        final BlockMeta meta = readDirectoryMeta(fileOps, directory);
        final Block.Sections files = new Block.Sections(directory, directory.resolve(BlockChunksDescriptor.FILE_NAME),
            directory.resolve(BlockIndexDescriptor.FILE_NAME), 0);
        final Arena arena = Arena.ofShared();
        try {
            final MemorySegment index = mapWhole(fileOps, files.indexFile(), meta.indexLengthBytes(),
                meta.sequence(), arena);
            checkIndex(files, meta, index);
            final MemorySegment chunks = mapWhole(fileOps, files.chunksFile(), meta.chunksLengthBytes(),
                meta.sequence(), arena);
            checkChunksHeader(files, meta, chunks);
            return new Block(files, meta, arena, chunks, index);
        } catch (final RuntimeException ex) {
            arena.close();
            throw ex;
        }
    }

    private static BlockMeta readDirectoryMeta(final FileOps fileOps, final Path directory) {
        final Path file = directory.resolve(BlockMetaDescriptor.FILE_NAME);
        final long expectedSequence = BlockMeta.parseName(directory.getFileName().toString());
        try (FileChannel channel = fileOps.open(file, StandardOpenOption.READ)) {
            final long size = channel.size();
            if (size < BlockMetaDescriptor.length(0) ||
                size > BlockMetaDescriptor.length(BlockMetaDescriptor.MAX_PARENTS)) {
                throw new CorruptionException(file, expectedSequence, 0, "bad meta length " + size);
            }
            final ByteBuffer bytes = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
            while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
                // read fully
            }
            if (bytes.hasRemaining()) {
                throw new CorruptionException(file, expectedSequence, bytes.position(), "short meta read");
            }
            return decodeMeta(file, expectedSequence, 0, bytes, BlockMetaDescriptor.MIN_VERSION,
                BlockMetaDescriptor.DIRECTORY_VERSION);
        } catch (final IOException ex) {
            throw new TsdbException("cannot read block meta: file=" + file, ex);
        }
    }

    /** Decodes and checks a meta whose bytes start at {@code base} in {@code file} (for error offsets). */
    private static BlockMeta decodeMeta(final Path file, final long expectedSequence, final long base,
        final ByteBuffer bytes, final int minVersion, final int maxVersion) {
        if (bytes.getInt(BlockMetaDescriptor.MAGIC_OFFSET) != BlockMetaDescriptor.MAGIC) {
            throw new CorruptionException(file, expectedSequence, base, "bad meta magic");
        }
        final int version = bytes.getInt(BlockMetaDescriptor.VERSION_OFFSET);
        if (version < minVersion || version > maxVersion) {
            throw new CorruptionException(file, expectedSequence, base + BlockMetaDescriptor.VERSION_OFFSET,
                "unsupported block version " + version);
        }
        final int parentCount = bytes.getInt(BlockMetaDescriptor.PARENT_COUNT_OFFSET);
        if (parentCount < 0 || parentCount > BlockMetaDescriptor.MAX_PARENTS ||
            BlockMetaDescriptor.length(parentCount) != bytes.capacity()) {
            throw new CorruptionException(file, expectedSequence, base + BlockMetaDescriptor.PARENT_COUNT_OFFSET,
                "meta length does not match parent count " + parentCount);
        }
        final int crcAt = BlockMetaDescriptor.crcOffset(parentCount);
        final CRC32C crc = new CRC32C();
        crc.update(bytes.duplicate().limit(crcAt).position(0));
        if ((int) crc.getValue() != bytes.getInt(crcAt)) {
            throw new CorruptionException(file, expectedSequence, base + crcAt, "meta checksum mismatch");
        }
        final long[] parents = new long[parentCount];
        for (int i = 0; i < parentCount; i++) {
            parents[i] = bytes.getLong(BlockMetaDescriptor.PARENTS_OFFSET + i * Long.BYTES);
        }
        final BlockMeta meta = new BlockMeta(
            bytes.getLong(BlockMetaDescriptor.SEQUENCE_OFFSET),
            bytes.getLong(BlockMetaDescriptor.MIN_TIME_OFFSET),
            bytes.getLong(BlockMetaDescriptor.MAX_TIME_OFFSET),
            bytes.getLong(BlockMetaDescriptor.SERIES_COUNT_OFFSET),
            bytes.getLong(BlockMetaDescriptor.CHUNK_COUNT_OFFSET),
            bytes.getLong(BlockMetaDescriptor.POINT_COUNT_OFFSET),
            bytes.getLong(BlockMetaDescriptor.CHUNKS_LENGTH_OFFSET),
            bytes.getLong(BlockMetaDescriptor.INDEX_LENGTH_OFFSET),
            bytes.getInt(BlockMetaDescriptor.INDEX_CRC_OFFSET),
            bytes.getInt(BlockMetaDescriptor.LEVEL_OFFSET),
            parents, version);
        if (expectedSequence >= 0 && meta.sequence() != expectedSequence) {
            throw new CorruptionException(file, expectedSequence, base + BlockMetaDescriptor.SEQUENCE_OFFSET,
                "meta sequence " + meta.sequence() + " does not match the block's name");
        }
        if (meta.seriesCount() < 0 || meta.seriesCount() > Integer.MAX_VALUE ||
            meta.chunkCount() < 0 || meta.chunkCount() > Integer.MAX_VALUE ||
            meta.indexLengthBytes() != BlockIndexDescriptor.length(meta.seriesCount(), meta.chunkCount()) ||
            meta.indexLengthBytes() > Integer.MAX_VALUE || meta.chunksLengthBytes() < 0) {
            throw new CorruptionException(file, expectedSequence, base + BlockMetaDescriptor.SERIES_COUNT_OFFSET,
                "meta counts do not match the index length");
        }
        return meta;
    }

    private static MemorySegment mapWhole(
        final FileOps fileOps, final Path file, final long expectedLength, final long sequence, final Arena arena) {
        try (FileChannel channel = fileOps.open(file, StandardOpenOption.READ)) {
            final long size = channel.size();
            if (size != expectedLength) {
                throw new CorruptionException(file, sequence, Math.min(size, expectedLength),
                    "file length " + size + " differs from meta " + expectedLength);
            }
            return fileOps.map(channel, FileChannel.MapMode.READ_ONLY, 0, size, arena);
        } catch (final IOException ex) {
            throw new TsdbException("cannot map block file: file=" + file, ex);
        }
    }

    private static void checkIndex(final Block.Sections files, final BlockMeta meta, final MemorySegment index) {
        final long crcAt = index.byteSize() - Integer.BYTES;
        final CRC32C crc = new CRC32C();
        crc.update(index.asSlice(0, crcAt).asByteBuffer());
        if ((int) crc.getValue() != index.get(INT_LE, crcAt) || (int) crc.getValue() != meta.indexCrc()) {
            throw files.corruptIndex(meta, crcAt, "index checksum mismatch");
        }
        if (index.get(INT_LE, BlockIndexDescriptor.MAGIC_OFFSET) != BlockIndexDescriptor.MAGIC ||
            index.get(INT_LE, BlockIndexDescriptor.VERSION_OFFSET) != BlockIndexDescriptor.VERSION ||
            index.get(INT_LE, BlockIndexDescriptor.SERIES_COUNT_OFFSET) != meta.seriesCount() ||
            index.get(INT_LE, BlockIndexDescriptor.CHUNK_COUNT_OFFSET) != meta.chunkCount()) {
            throw files.corruptIndex(meta, 0, "bad index header");
        }
    }

    private static void checkChunksHeader(
        final Block.Sections files, final BlockMeta meta, final MemorySegment chunks) {
        if (chunks.byteSize() < BlockChunksDescriptor.HEADER_LENGTH ||
            chunks.get(INT_LE, BlockChunksDescriptor.MAGIC_OFFSET) != BlockChunksDescriptor.MAGIC ||
            chunks.get(INT_LE, BlockChunksDescriptor.VERSION_OFFSET) != BlockChunksDescriptor.VERSION) {
            throw files.corruptChunks(meta, 0, "bad chunks header");
        }
    }
}
