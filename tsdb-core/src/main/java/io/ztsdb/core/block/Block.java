// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.block;

import io.ztsdb.core.CorruptionException;
import io.ztsdb.core.TsdbException;
import io.ztsdb.core.io.FileOps;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * A read-only view of one block: a block file ({@link BlockFileDescriptor}) mapped with {@link
 * FileChannel#map(FileChannel.MapMode, long, long, Arena)}, its index and chunks sections sliced from the mapping;
 * or a block directory of an older format, its index and chunks files mapped.
 * <p>
 * Thread-safe for readers. Opening checks the meta CRC, the index CRC and every section's magic, version and
 * length; each chunk's CRC is checked when its data is first read, so corrupt bytes are reported with {@link
 * CorruptionException} and never decoded. Readers that may race with {@link #close()} (retention, compaction)
 * bracket their reads with {@link #acquire()} / {@link #release()}: the mapping goes away only after the last
 * release.
 */
public final class Block implements AutoCloseable {
    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(LITTLE_ENDIAN);

    private final Sections files;
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

    Block(final Sections files, final BlockMeta meta, final Arena arena, final MemorySegment chunks,
        final MemorySegment index) {
        this.files = files;
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
     * Opens and checks a block: a block file, or a block directory of an older format.
     *
     * @param fileOps file-system calls.
     * @param path    the block file or directory.
     * @return the block.
     * @throws CorruptionException when a check fails.
     * @throws TsdbException       on I/O failure.
     */
    public static Block open(final FileOps fileOps, final Path path) {
        return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? BlockOpener.openDirectory(fileOps, path)
            : BlockOpener.openFile(fileOps, path);
    }

    /** @return the block file, or the block directory of an older format. */
    public Path path() {
        return files.path();
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
            throw files.corruptChunks(meta, ref, "chunk reference out of bounds");
        }
        final int length = chunks.get(INT_LE, ref + BlockChunksDescriptor.RECORD_LENGTH_OFFSET);
        final long dataAt = ref + BlockChunksDescriptor.RECORD_HEADER_LENGTH;
        if (length < 0 || length > size - dataAt) {
            throw files.corruptChunks(meta, ref, "chunk length out of bounds");
        }
        final MemorySegment data = chunks.asSlice(dataAt, length);
        final long bit = 1L << chunk;
        if ((verified[chunk >>> 6] & bit) == 0) {
            final CRC32C crc = new CRC32C();
            crc.update(data.asByteBuffer());
            if ((int) crc.getValue() != chunks.get(INT_LE, ref + BlockChunksDescriptor.RECORD_CRC_OFFSET)) {
                throw files.corruptChunks(meta, ref, "chunk checksum mismatch");
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

    /** Drops a reference taken by {@link #acquire()}; the last one unmaps the block. */
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

    /**
     * Where a block's sections are, for error reports: the file or directory, the files holding chunks and index
     * (the block file itself for a single-file block), and where the index section starts in its file.
     */
    record Sections(Path path, Path chunksFile, Path indexFile, long indexBase) {
        CorruptionException corruptChunks(final BlockMeta meta, final long offset, final String reason) {
            return new CorruptionException(chunksFile, meta.sequence(), offset, reason);
        }

        CorruptionException corruptIndex(final BlockMeta meta, final long offset, final String reason) {
            return new CorruptionException(indexFile, meta.sequence(), indexBase + offset, reason);
        }
    }
}
