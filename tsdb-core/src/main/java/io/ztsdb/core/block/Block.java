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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * A read-only view of one block directory: meta read and checked, index and chunks mapped with {@link
 * FileChannel#map(FileChannel.MapMode, long, long, Arena)}.
 * <p>
 * Thread-safe for readers. Opening checks the meta CRC, the index CRC and every file's magic, version and
 * length; each chunk's CRC is checked when its data is first read, so corrupt bytes are reported with {@link
 * CorruptionException} and never decoded. Readers that may race with {@link #close()} (retention, compaction)
 * bracket their reads with {@link #acquire()} / {@link #release()}: the mapping goes away only after the last
 * release.
 */
public final class Block implements AutoCloseable {
    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(LITTLE_ENDIAN);

    private final Path directory;
    private final BlockMeta meta;
    private final Arena arena;
    private final MemorySegment chunks;
    private final MemorySegment index;
    private final int seriesCount;
    private final int chunkCount;
    private final int chunkTableOffset;
    private final AtomicInteger references = new AtomicInteger(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    /**
     * One bit per chunk whose CRC matched: the mapped bytes never change, so a chunk is checked on its first read
     * only. Updated without synchronization: a bit lost to a racing update of the same word only means one more
     * check, and a bit is set only after some thread checked the same immutable bytes.
     */
    private final long[] verified;

    private Block(final Path directory, final BlockMeta meta, final Arena arena, final MemorySegment chunks,
        final MemorySegment index) {
        this.directory = directory;
        this.meta = meta;
        this.arena = arena;
        this.chunks = chunks;
        this.index = index;
        this.seriesCount = (int) meta.seriesCount();
        this.chunkCount = (int) meta.chunkCount();
        this.chunkTableOffset = (int) BlockIndexDescriptor.chunkTableOffset(seriesCount);
        this.verified = new long[(chunkCount + 63) >>> 6];
    }

    /**
     * Opens and checks a block directory.
     *
     * @param fileOps   file-system calls.
     * @param directory the block directory.
     * @return the block.
     * @throws CorruptionException when a check fails.
     * @throws TsdbException       on I/O failure.
     */
    public static Block open(final FileOps fileOps, final Path directory) {
        final BlockMeta meta = readMeta(fileOps, directory);
        final Arena arena = Arena.ofShared();
        try {
            final MemorySegment index = mapWhole(fileOps, directory.resolve(BlockIndexDescriptor.FILE_NAME),
                meta.indexLengthBytes(), meta.sequence(), arena);
            if (meta.indexLengthBytes() > Integer.MAX_VALUE) {
                throw corrupt(directory, BlockIndexDescriptor.FILE_NAME, meta, 0, "index longer than 2 GiB");
            }
            checkIndex(directory, meta, index);
            final MemorySegment chunks = mapWhole(fileOps, directory.resolve(BlockChunksDescriptor.FILE_NAME),
                meta.chunksLengthBytes(), meta.sequence(), arena);
            checkChunksHeader(directory, meta, chunks);
            return new Block(directory, meta, arena, chunks, index);
        } catch (final RuntimeException ex) {
            arena.close();
            throw ex;
        }
    }

    /**
     * Reads and checks only the meta file of a block directory.
     *
     * @param fileOps   file-system calls.
     * @param directory the block directory.
     * @return the meta.
     * @throws CorruptionException when a check fails.
     */
    public static BlockMeta readMeta(final FileOps fileOps, final Path directory) {
        final Path file = directory.resolve(BlockMetaDescriptor.FILE_NAME);
        final long expectedSequence = BlockMeta.parseDirectoryName(directory.getFileName().toString());
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
            return decodeMeta(file, expectedSequence, bytes);
        } catch (final IOException ex) {
            throw new TsdbException("cannot read block meta: file=" + file, ex);
        }
    }

    private static BlockMeta decodeMeta(final Path file, final long expectedSequence, final ByteBuffer bytes) {
        if (bytes.getInt(BlockMetaDescriptor.MAGIC_OFFSET) != BlockMetaDescriptor.MAGIC) {
            throw new CorruptionException(file, expectedSequence, 0, "bad meta magic");
        }
        final int version = bytes.getInt(BlockMetaDescriptor.VERSION_OFFSET);
        if (version < BlockMetaDescriptor.MIN_VERSION || version > BlockMetaDescriptor.VERSION) {
            throw new CorruptionException(file, expectedSequence, BlockMetaDescriptor.VERSION_OFFSET,
                "unsupported block version " + version);
        }
        final int parentCount = bytes.getInt(BlockMetaDescriptor.PARENT_COUNT_OFFSET);
        if (parentCount < 0 || BlockMetaDescriptor.length(parentCount) != bytes.capacity()) {
            throw new CorruptionException(file, expectedSequence, BlockMetaDescriptor.PARENT_COUNT_OFFSET,
                "meta length does not match parent count " + parentCount);
        }
        final int crcAt = BlockMetaDescriptor.crcOffset(parentCount);
        final CRC32C crc = new CRC32C();
        crc.update(bytes.duplicate().limit(crcAt).position(0));
        if ((int) crc.getValue() != bytes.getInt(crcAt)) {
            throw new CorruptionException(file, expectedSequence, crcAt, "meta checksum mismatch");
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
            throw new CorruptionException(file, expectedSequence, BlockMetaDescriptor.SEQUENCE_OFFSET,
                "meta sequence " + meta.sequence() + " does not match the directory name");
        }
        if (meta.seriesCount() < 0 || meta.seriesCount() > Integer.MAX_VALUE ||
            meta.chunkCount() < 0 || meta.chunkCount() > Integer.MAX_VALUE ||
            meta.indexLengthBytes() != BlockIndexDescriptor.length(meta.seriesCount(), meta.chunkCount())) {
            throw new CorruptionException(file, expectedSequence, BlockMetaDescriptor.SERIES_COUNT_OFFSET,
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

    private static void checkIndex(final Path directory, final BlockMeta meta, final MemorySegment index) {
        final long crcAt = index.byteSize() - Integer.BYTES;
        final CRC32C crc = new CRC32C();
        crc.update(index.asSlice(0, crcAt).asByteBuffer());
        if ((int) crc.getValue() != index.get(INT_LE, crcAt) || (int) crc.getValue() != meta.indexCrc()) {
            throw corrupt(directory, BlockIndexDescriptor.FILE_NAME, meta, crcAt, "index checksum mismatch");
        }
        if (index.get(INT_LE, BlockIndexDescriptor.MAGIC_OFFSET) != BlockIndexDescriptor.MAGIC ||
            index.get(INT_LE, BlockIndexDescriptor.VERSION_OFFSET) != BlockIndexDescriptor.VERSION ||
            index.get(INT_LE, BlockIndexDescriptor.SERIES_COUNT_OFFSET) != meta.seriesCount() ||
            index.get(INT_LE, BlockIndexDescriptor.CHUNK_COUNT_OFFSET) != meta.chunkCount()) {
            throw corrupt(directory, BlockIndexDescriptor.FILE_NAME, meta, 0, "bad index header");
        }
    }

    private static void checkChunksHeader(final Path directory, final BlockMeta meta, final MemorySegment chunks) {
        if (chunks.byteSize() < BlockChunksDescriptor.HEADER_LENGTH ||
            chunks.get(INT_LE, BlockChunksDescriptor.MAGIC_OFFSET) != BlockChunksDescriptor.MAGIC ||
            chunks.get(INT_LE, BlockChunksDescriptor.VERSION_OFFSET) != BlockChunksDescriptor.VERSION) {
            throw corrupt(directory, BlockChunksDescriptor.FILE_NAME, meta, 0, "bad chunks header");
        }
    }

    private static CorruptionException corrupt(
        final Path directory, final String file, final BlockMeta meta, final long offset, final String reason) {
        return new CorruptionException(directory.resolve(file), meta.sequence(), offset, reason);
    }

    /** @return the block directory. */
    public Path directory() {
        return directory;
    }

    /** @return the block's meta. */
    public BlockMeta meta() {
        return meta;
    }

    /** @return number of series in the block. */
    public int seriesCount() {
        return seriesCount;
    }

    /**
     * @param seriesIndex index in [0, seriesCount).
     * @return the series id at that index (ascending).
     */
    public long seriesId(final int seriesIndex) {
        return index.get(LONG_LE, seriesEntry(seriesIndex) + BlockIndexDescriptor.SERIES_ID_OFFSET);
    }

    /**
     * Binary search of the series table.
     *
     * @param seriesId the series.
     * @return its index, or -1 when the block has no chunk of it.
     */
    public int findSeries(final long seriesId) {
        int low = 0;
        int high = seriesCount - 1;
        while (low <= high) {
            final int mid = (low + high) >>> 1;
            final long id = seriesId(mid);
            if (id < seriesId) {
                low = mid + 1;
            } else if (id > seriesId) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /**
     * @param seriesIndex index of the series.
     * @return index of its first chunk.
     */
    public int firstChunk(final int seriesIndex) {
        return index.get(INT_LE, seriesEntry(seriesIndex) + BlockIndexDescriptor.SERIES_FIRST_CHUNK_OFFSET);
    }

    /**
     * @param seriesIndex index of the series.
     * @return number of its chunks, in time order from {@link #firstChunk(int)}.
     */
    public int chunkCount(final int seriesIndex) {
        return index.get(INT_LE, seriesEntry(seriesIndex) + BlockIndexDescriptor.SERIES_CHUNK_COUNT_OFFSET);
    }

    /** @return chunk's oldest timestamp. */
    public long chunkMinTime(final int chunk) {
        return index.get(LONG_LE, chunkEntry(chunk) + BlockIndexDescriptor.CHUNK_MIN_TIME_OFFSET);
    }

    /** @return chunk's newest timestamp. */
    public long chunkMaxTime(final int chunk) {
        return index.get(LONG_LE, chunkEntry(chunk) + BlockIndexDescriptor.CHUNK_MAX_TIME_OFFSET);
    }

    /** @return chunk's point count. */
    public int chunkPointCount(final int chunk) {
        return index.get(INT_LE, chunkEntry(chunk) + BlockIndexDescriptor.CHUNK_POINT_COUNT_OFFSET);
    }

    /** @return chunk's encoding code. */
    public byte chunkEncoding(final int chunk) {
        return index.get(ValueLayout.JAVA_BYTE, chunkEntry(chunk) + BlockIndexDescriptor.CHUNK_ENCODING_OFFSET);
    }

    /**
     * A chunk's data, after checking its CRC.
     *
     * @param chunk chunk index.
     * @return a view of the mapping, exactly the chunk's bytes (valid while the block is acquired).
     * @throws CorruptionException when the chunk record is out of bounds or its checksum does not match.
     */
    public MemorySegment chunkData(final int chunk) {
        final long ref = index.get(LONG_LE, chunkEntry(chunk) + BlockIndexDescriptor.CHUNK_REF_OFFSET);
        final long size = chunks.byteSize();
        if (ref < BlockChunksDescriptor.HEADER_LENGTH || ref > size - BlockChunksDescriptor.RECORD_HEADER_LENGTH) {
            throw corrupt(directory, BlockChunksDescriptor.FILE_NAME, meta, ref, "chunk reference out of bounds");
        }
        final int length = chunks.get(INT_LE, ref + BlockChunksDescriptor.RECORD_LENGTH_OFFSET);
        final long dataAt = ref + BlockChunksDescriptor.RECORD_HEADER_LENGTH;
        if (length < 0 || length > size - dataAt) {
            throw corrupt(directory, BlockChunksDescriptor.FILE_NAME, meta, ref, "chunk length out of bounds");
        }
        final MemorySegment data = chunks.asSlice(dataAt, length);
        final long bit = 1L << chunk;
        if ((verified[chunk >>> 6] & bit) == 0) {
            final CRC32C crc = new CRC32C();
            crc.update(data.asByteBuffer());
            if ((int) crc.getValue() != chunks.get(INT_LE, ref + BlockChunksDescriptor.RECORD_CRC_OFFSET)) {
                throw corrupt(directory, BlockChunksDescriptor.FILE_NAME, meta, ref, "chunk checksum mismatch");
            }
            verified[chunk >>> 6] |= bit;
        }
        return data;
    }

    /**
     * Checks every chunk's CRC.
     *
     * @throws CorruptionException at the first bad chunk.
     */
    public void verify() {
        for (int i = 0; i < chunkCount; i++) {
            chunkData(i);
        }
    }

    /**
     * Takes a reference that keeps the mapping alive.
     *
     * @return false when the block is already closed: do not read it.
     */
    public boolean acquire() {
        while (true) {
            final int count = references.get();
            if (count == 0) {
                return false;
            }
            if (references.compareAndSet(count, count + 1)) {
                return true;
            }
        }
    }

    /**
     * Takes the pages of the chunks file read so far out of the process's resident set (madvise DONTNEED: they stay
     * in the page cache and a later read faults them back in). For one-pass readers such as compaction, which
     * would otherwise hold every source block's pages resident at once. The caller holds the block open.
     */
    public void releaseChunkPages() {
        chunks.unload();
    }

    /** Drops a reference taken by {@link #acquire()}; the last one unmaps the files. */
    public void release() {
        if (references.decrementAndGet() == 0) {
            arena.close();
        }
    }

    /** Drops the owner's reference; the files are unmapped once readers release theirs. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release();
        }
    }

    private long seriesEntry(final int seriesIndex) {
        return BlockIndexDescriptor.HEADER_LENGTH + (long) seriesIndex * BlockIndexDescriptor.SERIES_ENTRY_LENGTH;
    }

    private long chunkEntry(final int chunk) {
        return chunkTableOffset + (long) chunk * BlockIndexDescriptor.CHUNK_ENTRY_LENGTH;
    }
}
