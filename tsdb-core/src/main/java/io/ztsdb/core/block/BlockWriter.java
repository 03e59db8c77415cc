// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.block;

import io.ztsdb.core.TsdbException;
import io.ztsdb.core.io.FileOps;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Writes one immutable block: chunks are added in any order (their bytes are streamed to the chunks file as
 * they come), then {@link #finish()} sorts the index by series id and time, writes index and meta, forces
 * everything and renames the temporary directory into place atomically. Not thread-safe. {@link #close()}
 * without {@link #finish()} deletes the partial block.
 */
public final class BlockWriter implements AutoCloseable {
    // Small: persistence keeps one writer per time partition open at once (1,498 for the NAB set); the buffer
    // is written out whenever full, and grows only for a record larger than it.
    private static final int STAGING_CAPACITY = 16 * 1024;

    private final FileOps fileOps;
    private final Path blocksDirectory;
    private final Path tempDirectory;
    private final long sequence;
    private final int level;
    private final long[] parents;
    private final FileChannel chunksChannel;
    private final CRC32C crc = new CRC32C();

    private ByteBuffer staging = ByteBuffer.allocateDirect(STAGING_CAPACITY).order(ByteOrder.LITTLE_ENDIAN);
    private MemorySegment stagingMemory = MemorySegment.ofBuffer(staging);
    /** Index chunk entries in the order the chunks were added; sorted into the index by {@link #finish()}. */
    private ByteBuffer chunkTable = ByteBuffer.allocate(4 * 1024).order(ByteOrder.LITTLE_ENDIAN);
    private long[] chunkSeriesIds = new long[1024];
    private long[] chunkMinTimes = new long[1024];
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
        this.tempDirectory = blocksDirectory.resolve(BlockMeta.directoryName(sequence) + BlockMeta.TEMP_SUFFIX);
        fileOps.deleteRecursively(tempDirectory);
        fileOps.createDirectories(tempDirectory);
        chunksChannel = fileOps.open(tempDirectory.resolve(BlockChunksDescriptor.FILE_NAME),
            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        staging.putInt(BlockChunksDescriptor.MAGIC_OFFSET, BlockChunksDescriptor.MAGIC);
        staging.putInt(BlockChunksDescriptor.VERSION_OFFSET, BlockChunksDescriptor.VERSION);
        staging.position(BlockChunksDescriptor.HEADER_LENGTH);
    }

    /**
     * Starts a block in a temporary directory under {@code blocksDirectory}.
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
        checkChunk(minTimeMillis, maxTimeMillis, points);
        if (chunkCount == chunkSeriesIds.length) {
            chunkSeriesIds = Arrays.copyOf(chunkSeriesIds, chunkCount * 2);
            chunkMinTimes = Arrays.copyOf(chunkMinTimes, chunkCount * 2);
        }
        chunkSeriesIds[chunkCount] = seriesId;
        chunkMinTimes[chunkCount] = minTimeMillis;
        final int recordLength = BlockChunksDescriptor.RECORD_HEADER_LENGTH + length;
        try {
            if (staging.remaining() < recordLength) {
                flushStaging();
                if (staging.capacity() < recordLength) {
                    staging = ByteBuffer.allocateDirect(recordLength).order(ByteOrder.LITTLE_ENDIAN);
                    stagingMemory = MemorySegment.ofBuffer(staging);
                }
            }
        } catch (final IOException ex) {
            throw new TsdbException("cannot write block chunks: directory=" + tempDirectory, ex);
        }
        final int at = staging.position();
        final int dataAt = at + BlockChunksDescriptor.RECORD_HEADER_LENGTH;
        staging.putInt(at + BlockChunksDescriptor.RECORD_LENGTH_OFFSET, length);
        MemorySegment.copy(data, offset, stagingMemory, dataAt, length);
        crc.reset();
        crc.update(staging.duplicate().limit(dataAt + length).position(dataAt));
        staging.putInt(at + BlockChunksDescriptor.RECORD_CRC_OFFSET, (int) crc.getValue());
        staging.position(at + recordLength);

        final int entry = chunkCount * BlockIndexDescriptor.CHUNK_ENTRY_LENGTH;
        if (chunkTable.capacity() < entry + BlockIndexDescriptor.CHUNK_ENTRY_LENGTH) {
            chunkTable = ByteBuffer.wrap(Arrays.copyOf(chunkTable.array(), chunkTable.capacity() * 2))
                .order(ByteOrder.LITTLE_ENDIAN);
        }
        chunkTable.putLong(entry + BlockIndexDescriptor.CHUNK_REF_OFFSET, chunksLength);
        chunkTable.putLong(entry + BlockIndexDescriptor.CHUNK_MIN_TIME_OFFSET, minTimeMillis);
        chunkTable.putLong(entry + BlockIndexDescriptor.CHUNK_MAX_TIME_OFFSET, maxTimeMillis);
        chunkTable.putInt(entry + BlockIndexDescriptor.CHUNK_POINT_COUNT_OFFSET, points);
        chunkTable.putInt(entry + BlockIndexDescriptor.CHUNK_ENCODING_OFFSET, encoding & 0xFF);
        chunkCount++;
        chunksLength += recordLength;
        pointCount += points;
        minTime = Math.min(minTime, minTimeMillis);
        maxTime = Math.max(maxTime, maxTimeMillis);
    }

    /** @return chunks added so far. */
    public int chunkCount() {
        return chunkCount;
    }

    /**
     * Writes index and meta, forces the files and renames the block into place.
     *
     * @return the meta of the finished block; its directory is {@code blocksDirectory/}{@link
     *     BlockMeta#directoryName(long)}.
     * @throws TsdbException on I/O failure (the temporary directory is left for {@link #close()}).
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
            fileOps.force(chunksChannel, false);
            chunksChannel.close();
            final int indexCrc = writeIndex();
            final BlockMeta meta = new BlockMeta(sequence, minTime, maxTime, seriesCount, chunkCount, pointCount,
                chunksLength, BlockIndexDescriptor.length(seriesCount, chunkCount), indexCrc, level, parents);
            writeMeta(meta);
            fileOps.syncDirectory(tempDirectory);
            fileOps.rename(tempDirectory, blocksDirectory.resolve(BlockMeta.directoryName(sequence)));
            fileOps.syncDirectory(blocksDirectory);
            finished = true;
            return meta;
        } catch (final IOException ex) {
            throw new TsdbException("cannot finish block: directory=" + tempDirectory, ex);
        }
    }

    /** Deletes the temporary directory unless the block was finished; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            chunksChannel.close();
            if (!finished) {
                fileOps.deleteRecursively(tempDirectory);
            }
        } catch (final IOException ex) {
            throw new TsdbException("cannot remove partial block: directory=" + tempDirectory, ex);
        }
    }

    private void checkChunk(final long minTimeMillis, final long maxTimeMillis, final int points) {
        if (finished || closed) {
            throw new IllegalStateException("block already finished or closed: sequence=" + sequence);
        }
        if (points <= 0 || minTimeMillis > maxTimeMillis) {
            throw new IllegalArgumentException("bad chunk: points=" + points + " minTimeMillis=" + minTimeMillis +
                " maxTimeMillis=" + maxTimeMillis);
        }
    }

    private void flushStaging() throws IOException {
        staging.flip();
        fileOps.writeFully(chunksChannel, staging);
        staging.clear();
    }

    private int writeIndex() throws IOException {
        final Integer[] order = new Integer[chunkCount];
        for (int i = 0; i < chunkCount; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> {
            final int bySeries = Long.compare(chunkSeriesIds[x], chunkSeriesIds[y]);
            return bySeries != 0 ? bySeries : Long.compare(chunkMinTimes[x], chunkMinTimes[y]);
        });
        int distinct = 0;
        for (int i = 0; i < chunkCount; i++) {
            if (i == 0 || chunkSeriesIds[order[i]] != chunkSeriesIds[order[i - 1]]) {
                distinct++;
            }
        }
        seriesCount = distinct;
        final long length = BlockIndexDescriptor.length(seriesCount, chunkCount);
        if (length > Integer.MAX_VALUE) {
            throw new TsdbException("block index too large: length=" + length);
        }
        final ByteBuffer index = ByteBuffer.allocateDirect((int) length).order(ByteOrder.LITTLE_ENDIAN);
        index.putInt(BlockIndexDescriptor.MAGIC_OFFSET, BlockIndexDescriptor.MAGIC);
        index.putInt(BlockIndexDescriptor.VERSION_OFFSET, BlockIndexDescriptor.VERSION);
        index.putInt(BlockIndexDescriptor.SERIES_COUNT_OFFSET, seriesCount);
        index.putInt(BlockIndexDescriptor.CHUNK_COUNT_OFFSET, chunkCount);
        final int tableAt = (int) BlockIndexDescriptor.chunkTableOffset(seriesCount);
        int series = -1;
        for (int i = 0; i < chunkCount; i++) {
            final int source = order[i];
            if (i == 0 || chunkSeriesIds[source] != chunkSeriesIds[order[i - 1]]) {
                series++;
                final int at = BlockIndexDescriptor.HEADER_LENGTH + series * BlockIndexDescriptor.SERIES_ENTRY_LENGTH;
                index.putLong(at + BlockIndexDescriptor.SERIES_ID_OFFSET, chunkSeriesIds[source]);
                index.putInt(at + BlockIndexDescriptor.SERIES_FIRST_CHUNK_OFFSET, i);
                index.putInt(at + BlockIndexDescriptor.SERIES_CHUNK_COUNT_OFFSET, 0);
            }
            final int seriesAt = BlockIndexDescriptor.HEADER_LENGTH +
                series * BlockIndexDescriptor.SERIES_ENTRY_LENGTH +
                BlockIndexDescriptor.SERIES_CHUNK_COUNT_OFFSET;
            index.putInt(seriesAt, index.getInt(seriesAt) + 1);
            index.put(tableAt + i * BlockIndexDescriptor.CHUNK_ENTRY_LENGTH, chunkTable,
                source * BlockIndexDescriptor.CHUNK_ENTRY_LENGTH, BlockIndexDescriptor.CHUNK_ENTRY_LENGTH);
        }
        final int crcAt = (int) length - Integer.BYTES;
        crc.reset();
        crc.update(index.duplicate().limit(crcAt).position(0));
        final int indexCrc = (int) crc.getValue();
        index.putInt(crcAt, indexCrc);
        writeFile(BlockIndexDescriptor.FILE_NAME, index);
        return indexCrc;
    }

    private void writeMeta(final BlockMeta meta) throws IOException {
        final int length = BlockMetaDescriptor.length(parents.length);
        final ByteBuffer buffer = ByteBuffer.allocateDirect(length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(BlockMetaDescriptor.MAGIC_OFFSET, BlockMetaDescriptor.MAGIC);
        buffer.putInt(BlockMetaDescriptor.VERSION_OFFSET, BlockMetaDescriptor.VERSION);
        buffer.putLong(BlockMetaDescriptor.SEQUENCE_OFFSET, meta.sequence());
        buffer.putLong(BlockMetaDescriptor.MIN_TIME_OFFSET, meta.minTimeMillis());
        buffer.putLong(BlockMetaDescriptor.MAX_TIME_OFFSET, meta.maxTimeMillis());
        buffer.putLong(BlockMetaDescriptor.SERIES_COUNT_OFFSET, meta.seriesCount());
        buffer.putLong(BlockMetaDescriptor.CHUNK_COUNT_OFFSET, meta.chunkCount());
        buffer.putLong(BlockMetaDescriptor.POINT_COUNT_OFFSET, meta.pointCount());
        buffer.putLong(BlockMetaDescriptor.CHUNKS_LENGTH_OFFSET, meta.chunksLengthBytes());
        buffer.putLong(BlockMetaDescriptor.INDEX_LENGTH_OFFSET, meta.indexLengthBytes());
        buffer.putInt(BlockMetaDescriptor.INDEX_CRC_OFFSET, meta.indexCrc());
        buffer.putInt(BlockMetaDescriptor.LEVEL_OFFSET, meta.level());
        buffer.putInt(BlockMetaDescriptor.PARENT_COUNT_OFFSET, parents.length);
        buffer.putInt(BlockMetaDescriptor.RESERVED_OFFSET, 0);
        for (int i = 0; i < parents.length; i++) {
            buffer.putLong(BlockMetaDescriptor.PARENTS_OFFSET + i * Long.BYTES, parents[i]);
        }
        final int crcAt = BlockMetaDescriptor.crcOffset(parents.length);
        crc.reset();
        crc.update(buffer.duplicate().limit(crcAt).position(0));
        buffer.putInt(crcAt, (int) crc.getValue());
        writeFile(BlockMetaDescriptor.FILE_NAME, buffer);
    }

    private void writeFile(final String name, final ByteBuffer bytes) throws IOException {
        try (FileChannel channel = fileOps.open(tempDirectory.resolve(name),
            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            bytes.clear();
            fileOps.writeFully(channel, bytes);
            fileOps.force(channel, false);
        }
    }
}
