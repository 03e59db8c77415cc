// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.block;

import io.ztsdb.core.TsdbException;
import io.ztsdb.core.io.FileOps;
import io.ztsdb.core.memory.MemoryTag;
import io.ztsdb.core.memory.NativeMemory;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Writes one immutable block file ({@link BlockFileDescriptor}): chunks are added in any order (their bytes are
 * streamed to the chunks section as they come), then {@link #finish()} orders the index by series id and time,
 * appends index, meta and trailer, forces the file and renames it from its temporary name into place atomically,
 * then forces the directory. Not thread-safe. {@link #close()} without {@link #finish()} deletes the partial
 * file.
 * <p>
 * <b>Memory.</b> Every byte goes to the files through one staging buffer of {@link #STAGING_BYTES} in {@link
 * NativeMemory} (tag {@code BLOCK}), whatever the size of a chunk or of the index: the writer takes no direct
 * buffer memory (the network's and the HTTP answers' budget) and a fixed amount of native memory. The index entries
 * wait on the heap in primitive arrays, 41 bytes per chunk; chunks added in index order (series, then time), as
 * persistence and compaction add them, need no sort.
 */
public final class BlockWriter implements AutoCloseable {
    /** Bytes of the native staging buffer between the writer and its files. */
    public static final int STAGING_BYTES = 64 * 1024;
    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(LITTLE_ENDIAN);

    private final FileOps fileOps;
    private final Path blocksDirectory;
    private final Path tempFile;
    private final long sequence;
    private final int level;
    private final long[] parents;
    private final FileChannel channel;
    private final CRC32C crc = new CRC32C();
    private final long stagingHandle;
    private final MemorySegment staging;
    private final ByteBuffer stagingBuffer;
    private int staged;

    private long[] seriesIds = new long[64];
    private long[] minTimes = new long[64];
    private long[] maxTimes = new long[64];
    private long[] refs = new long[64];
    private int[] counts = new int[64];
    private byte[] encodings = new byte[64];
    private boolean inIndexOrder = true;
    private int chunkCount;
    private int seriesCount;
    private long chunksLength = BlockChunksDescriptor.HEADER_LENGTH;
    private long pointCount;
    private long minTime = Long.MAX_VALUE;
    private long maxTime = Long.MIN_VALUE;
    private boolean finished;
    private boolean closed;

    private BlockWriter(
        final FileOps fileOps, final Path blocksDirectory, final long sequence, final int level,
        final long[] parents) throws IOException {
        this.fileOps = fileOps;
        this.blocksDirectory = blocksDirectory;
        this.sequence = sequence;
        this.level = level;
        this.parents = parents.clone();
        this.tempFile = blocksDirectory.resolve(BlockMeta.fileName(sequence) + BlockMeta.TEMP_SUFFIX);
        fileOps.deleteRecursively(tempFile);
        final FileChannel file = fileOps.open(tempFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            stagingHandle = NativeMemory.allocate(STAGING_BYTES, MemoryTag.BLOCK);
        } catch (final RuntimeException | OutOfMemoryError ex) {
            file.close();
            fileOps.deleteRecursively(tempFile);
            throw ex;
        }
        channel = file;
        staging = NativeMemory.segment(stagingHandle).asSlice(NativeMemory.offset(stagingHandle), STAGING_BYTES);
        stagingBuffer = staging.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        staging.set(INT_LE, BlockChunksDescriptor.MAGIC_OFFSET, BlockChunksDescriptor.MAGIC);
        staging.set(INT_LE, BlockChunksDescriptor.VERSION_OFFSET, BlockChunksDescriptor.VERSION);
        staged = BlockChunksDescriptor.HEADER_LENGTH;
    }

    /**
     * Starts a block in a temporary file under {@code blocksDirectory}.
     *
     * @param fileOps         file-system calls.
     * @param blocksDirectory directory holding the blocks.
     * @param sequence        the new block's sequence, unique.
     * @param level           compaction level, 0 for a block cut from the head.
     * @param parents         sequences of the blocks it replaces (empty when none).
     * @return the writer.
     * @throws TsdbException on I/O failure.
     */
    public static BlockWriter create(
        final FileOps fileOps, final Path blocksDirectory, final long sequence, final int level,
        final long... parents) {
        if (parents.length > BlockMetaDescriptor.MAX_PARENTS) {
            throw new IllegalArgumentException("too many parents: parents=" + parents.length);
        }
        try {
            return new BlockWriter(fileOps, blocksDirectory, sequence, level, parents);
        } catch (final IOException ex) {
            throw new TsdbException("cannot start block: sequence=" + sequence + " directory=" + blocksDirectory,
                ex);
        }
    }

    /**
     * Adds one chunk. Chunks of one series must not overlap in time.
     *
     * @param seriesId      the series.
     * @param minTimeMillis oldest timestamp in the chunk.
     * @param maxTimeMillis newest timestamp in the chunk.
     * @param points        points in the chunk, positive.
     * @param encoding      chunk encoding code (opaque to the block).
     * @param data          encoded chunk bytes.
     * @param offset        offset of the bytes in {@code data}.
     * @param length        length of the bytes.
     * @throws TsdbException on I/O failure.
     */
    public void addChunk(
        final long seriesId, final long minTimeMillis, final long maxTimeMillis, final int points,
        final byte encoding, final MemorySegment data, final long offset, final int length) {
        checkChunk(minTimeMillis, maxTimeMillis, points, length);
        if (chunkCount == seriesIds.length) {
            grow();
        }
        if (chunkCount > 0 && (seriesId < seriesIds[chunkCount - 1] ||
            seriesId == seriesIds[chunkCount - 1] && minTimeMillis < minTimes[chunkCount - 1])) {
            inIndexOrder = false;
        }
        seriesIds[chunkCount] = seriesId;
        minTimes[chunkCount] = minTimeMillis;
        maxTimes[chunkCount] = maxTimeMillis;
        refs[chunkCount] = chunksLength;
        counts[chunkCount] = points;
        encodings[chunkCount] = encoding;
        crc.reset();
        crc.update(data.asSlice(offset, length).asByteBuffer());
        try {
            ensureStaged(BlockChunksDescriptor.RECORD_HEADER_LENGTH);
            staging.set(INT_LE, staged + BlockChunksDescriptor.RECORD_LENGTH_OFFSET, length);
            staging.set(INT_LE, staged + BlockChunksDescriptor.RECORD_CRC_OFFSET, (int) crc.getValue());
            staged += BlockChunksDescriptor.RECORD_HEADER_LENGTH;
            stage(data, offset, length);
        } catch (final IOException ex) {
            throw new TsdbException("cannot write block chunks: file=" + tempFile, ex);
        }
        chunkCount++;
        chunksLength += BlockChunksDescriptor.RECORD_HEADER_LENGTH + length;
        pointCount += points;
        minTime = Math.min(minTime, minTimeMillis);
        maxTime = Math.max(maxTime, maxTimeMillis);
    }

    private void grow() {
        final int capacity = chunkCount * 2;
        seriesIds = Arrays.copyOf(seriesIds, capacity);
        minTimes = Arrays.copyOf(minTimes, capacity);
        maxTimes = Arrays.copyOf(maxTimes, capacity);
        refs = Arrays.copyOf(refs, capacity);
        counts = Arrays.copyOf(counts, capacity);
        encodings = Arrays.copyOf(encodings, capacity);
    }

    /** Copies bytes into the staging buffer, writing it out whenever it fills. */
    private void stage(final MemorySegment data, final long offset, final int length) throws IOException {
        long from = offset;
        int left = length;
        while (left > 0) {
            if (staged == STAGING_BYTES) {
                flushStaging();
            }
            final int n = Math.min(left, STAGING_BYTES - staged);
            MemorySegment.copy(data, from, staging, staged, n);
            staged += n;
            from += n;
            left -= n;
        }
    }

    private void ensureStaged(final int bytes) throws IOException {
        if (STAGING_BYTES - staged < bytes) {
            flushStaging();
        }
    }

    private void flushStaging() throws IOException {
        fileOps.writeFully(channel, stagingBuffer.clear().limit(staged));
        staged = 0;
    }

    /** @return chunks added so far. */
    public int chunkCount() {
        return chunkCount;
    }

    /** @return bytes of the chunks section so far. */
    public long chunksLengthBytes() {
        return chunksLength;
    }

    /**
     * Appends index, meta and trailer, forces the file and renames it into place.
     *
     * @return the meta of the finished block; its file is {@code blocksDirectory/}{@link BlockMeta#fileName(long)}.
     * @throws TsdbException on I/O failure (the temporary file is left for {@link #close()}).
     */
    public BlockMeta finish() {
        if (finished || closed) {
            throw new IllegalStateException("block already finished or closed: sequence=" + sequence);
        }
        if (chunkCount == 0) {
            throw new IllegalStateException("empty block: sequence=" + sequence);
        }
        try {
            flushStaging();
            final int[] order = indexOrder();
            seriesCount = countSeries(order);
            final int indexCrc = writeIndex(order);
            final BlockMeta meta = new BlockMeta(sequence, minTime, maxTime, seriesCount, chunkCount, pointCount,
                chunksLength, BlockIndexDescriptor.length(seriesCount, chunkCount), indexCrc, level, parents,
                BlockMetaDescriptor.VERSION);
            writeMetaAndTrailer(meta);
            fileOps.force(channel, false);
            channel.close();
            fileOps.rename(tempFile, blocksDirectory.resolve(BlockMeta.fileName(sequence)));
            fileOps.syncDirectory(blocksDirectory);
            finished = true;
            return meta;
        } catch (final IOException ex) {
            throw new TsdbException("cannot finish block: file=" + tempFile, ex);
        }
    }

    /** Deletes the temporary file unless the block was finished, frees the staging buffer; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        NativeMemory.free(stagingHandle, STAGING_BYTES, MemoryTag.BLOCK);
        try {
            channel.close();
            if (!finished) {
                fileOps.deleteRecursively(tempFile);
            }
        } catch (final IOException ex) {
            throw new TsdbException("cannot remove partial block: file=" + tempFile, ex);
        }
    }

    private void checkChunk(final long minTimeMillis, final long maxTimeMillis, final int points, final int length) {
        if (finished || closed) {
            throw new IllegalStateException("block already finished or closed: sequence=" + sequence);
        }
        if (points <= 0 || minTimeMillis > maxTimeMillis || length < 0) {
            throw new IllegalArgumentException("bad chunk: points=" + points + " minTimeMillis=" + minTimeMillis +
                " maxTimeMillis=" + maxTimeMillis + " length=" + length);
        }
    }

    /** @return the chunks in index order (series id, then min time), without sorting when added in that order. */
    private int[] indexOrder() {
        final int[] order = new int[chunkCount];
        for (int i = 0; i < chunkCount; i++) {
            order[i] = i;
        }
        if (!inIndexOrder) {
            IndexSort.sort(order, seriesIds, minTimes);
        }
        return order;
    }

    private int countSeries(final int[] order) {
        int distinct = 0;
        for (int i = 0; i < chunkCount; i++) {
            if (i == 0 || seriesIds[order[i]] != seriesIds[order[i - 1]]) {
                distinct++;
            }
        }
        return distinct;
    }

    /** Streams the index section through the staging buffer: header, series table, chunk table, CRC. */
    private int writeIndex(final int[] order) throws IOException {
        final long length = BlockIndexDescriptor.length(seriesCount, chunkCount);
        if (length > Integer.MAX_VALUE) {
            throw new TsdbException("block index too large: length=" + length);
        }
        crc.reset();
        staged = 0;
        staging.set(INT_LE, BlockIndexDescriptor.MAGIC_OFFSET, BlockIndexDescriptor.MAGIC);
        staging.set(INT_LE, BlockIndexDescriptor.VERSION_OFFSET, BlockIndexDescriptor.VERSION);
        staging.set(INT_LE, BlockIndexDescriptor.SERIES_COUNT_OFFSET, seriesCount);
        staging.set(INT_LE, BlockIndexDescriptor.CHUNK_COUNT_OFFSET, chunkCount);
        staged = BlockIndexDescriptor.HEADER_LENGTH;
        int first = 0;
        for (int i = 1; i <= chunkCount; i++) {
            if (i == chunkCount || seriesIds[order[i]] != seriesIds[order[first]]) {
                writeIndexBytes(BlockIndexDescriptor.SERIES_ENTRY_LENGTH);
                staging.set(LONG_LE, staged + BlockIndexDescriptor.SERIES_ID_OFFSET, seriesIds[order[first]]);
                staging.set(INT_LE, staged + BlockIndexDescriptor.SERIES_FIRST_CHUNK_OFFSET, first);
                staging.set(INT_LE, staged + BlockIndexDescriptor.SERIES_CHUNK_COUNT_OFFSET, i - first);
                staged += BlockIndexDescriptor.SERIES_ENTRY_LENGTH;
                first = i;
            }
        }
        for (int i = 0; i < chunkCount; i++) {
            final int c = order[i];
            writeIndexBytes(BlockIndexDescriptor.CHUNK_ENTRY_LENGTH);
            staging.set(LONG_LE, staged + BlockIndexDescriptor.CHUNK_REF_OFFSET, refs[c]);
            staging.set(LONG_LE, staged + BlockIndexDescriptor.CHUNK_MIN_TIME_OFFSET, minTimes[c]);
            staging.set(LONG_LE, staged + BlockIndexDescriptor.CHUNK_MAX_TIME_OFFSET, maxTimes[c]);
            staging.set(INT_LE, staged + BlockIndexDescriptor.CHUNK_POINT_COUNT_OFFSET, counts[c]);
            staging.set(INT_LE, staged + BlockIndexDescriptor.CHUNK_ENCODING_OFFSET, encodings[c] & 0xFF);
            staged += BlockIndexDescriptor.CHUNK_ENTRY_LENGTH;
        }
        writeIndexBytes(Integer.BYTES);
        crc.update(stagingBuffer.clear().limit(staged));
        final int indexCrc = (int) crc.getValue();
        staging.set(INT_LE, staged, indexCrc);
        staged += Integer.BYTES;
        fileOps.writeFully(channel, stagingBuffer.clear().limit(staged));
        staged = 0;
        return indexCrc;
    }

    /** Makes room for {@code bytes} in the staging buffer, writing out (and checksumming) what it holds. */
    private void writeIndexBytes(final int bytes) throws IOException {
        if (STAGING_BYTES - staged < bytes) {
            crc.update(stagingBuffer.clear().limit(staged));
            fileOps.writeFully(channel, stagingBuffer.clear().limit(staged));
            staged = 0;
        }
    }

    /** Writes the meta section and the trailer; the meta with most parents fits the staging buffer. */
    private void writeMetaAndTrailer(final BlockMeta meta) throws IOException {
        final int length = BlockMetaDescriptor.length(parents.length);
        final MemorySegment buffer = staging;
        buffer.asSlice(0, length).fill((byte) 0);
        buffer.set(INT_LE, BlockMetaDescriptor.MAGIC_OFFSET, BlockMetaDescriptor.MAGIC);
        buffer.set(INT_LE, BlockMetaDescriptor.VERSION_OFFSET, meta.formatVersion());
        buffer.set(LONG_LE, BlockMetaDescriptor.SEQUENCE_OFFSET, meta.sequence());
        buffer.set(LONG_LE, BlockMetaDescriptor.MIN_TIME_OFFSET, meta.minTimeMillis());
        buffer.set(LONG_LE, BlockMetaDescriptor.MAX_TIME_OFFSET, meta.maxTimeMillis());
        buffer.set(LONG_LE, BlockMetaDescriptor.SERIES_COUNT_OFFSET, meta.seriesCount());
        buffer.set(LONG_LE, BlockMetaDescriptor.CHUNK_COUNT_OFFSET, meta.chunkCount());
        buffer.set(LONG_LE, BlockMetaDescriptor.POINT_COUNT_OFFSET, meta.pointCount());
        buffer.set(LONG_LE, BlockMetaDescriptor.CHUNKS_LENGTH_OFFSET, meta.chunksLengthBytes());
        buffer.set(LONG_LE, BlockMetaDescriptor.INDEX_LENGTH_OFFSET, meta.indexLengthBytes());
        buffer.set(INT_LE, BlockMetaDescriptor.INDEX_CRC_OFFSET, meta.indexCrc());
        buffer.set(INT_LE, BlockMetaDescriptor.LEVEL_OFFSET, meta.level());
        buffer.set(INT_LE, BlockMetaDescriptor.PARENT_COUNT_OFFSET, parents.length);
        for (int i = 0; i < parents.length; i++) {
            buffer.set(LONG_LE, BlockMetaDescriptor.PARENTS_OFFSET + (long) i * Long.BYTES, parents[i]);
        }
        final int crcAt = BlockMetaDescriptor.crcOffset(parents.length);
        crc.reset();
        crc.update(stagingBuffer.clear().limit(crcAt));
        buffer.set(INT_LE, crcAt, (int) crc.getValue());
        buffer.set(INT_LE, length + BlockFileDescriptor.TRAILER_META_LENGTH_OFFSET, length);
        buffer.set(INT_LE, length + BlockFileDescriptor.TRAILER_MAGIC_OFFSET, BlockFileDescriptor.MAGIC);
        fileOps.writeFully(channel, stagingBuffer.clear().limit(length + BlockFileDescriptor.TRAILER_LENGTH));
    }
}
