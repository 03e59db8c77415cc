// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.remotewrite;

import io.ztsdb.core.PointDescriptor;
import io.ztsdb.core.io.FileOps;
import io.ztsdb.core.wal.WalRecordDescriptor;
import io.ztsdb.core.wal.WalRecordType;
import io.ztsdb.core.wal.WalSegmentDescriptor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongSupplier;
import java.util.zip.CRC32C;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Reads the points of the queue's segments in order from a {@link QueuePosition}, while the writer appends. A
 * record that is incomplete or fails its checksum ends the readable part: of the segment being written, for now
 * (the next read tries again); of an older segment, for good (a torn tail left by a crash: the reader moves on).
 * One thread only.
 */
final class QueueReader implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(QueueReader.class.getName());

    private final Path directory;
    private final FileOps fileOps;
    private final LongSupplier writerSequence;
    private final ByteBuffer header = ByteBuffer.allocate(WalRecordDescriptor.HEADER_LENGTH).order(LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private ByteBuffer payload = ByteBuffer.allocateDirect(1 << 20).order(LITTLE_ENDIAN);
    private FileChannel channel;
    private long sequence;
    private long recordOffset;
    private int pointIndex;
    private int recordPoints = -1;
    private int recordLength;

    QueueReader(final Path directory, final FileOps fileOps, final LongSupplier writerSequence,
        final QueuePosition start) {
        this.directory = directory;
        this.fileOps = fileOps;
        this.writerSequence = writerSequence;
        seek(start);
    }

    /** Moves to {@code position}, forgetting the loaded record. */
    void seek(final QueuePosition position) {
        closeChannel();
        sequence = position.sequence();
        recordOffset = Math.max(position.recordOffset(), WalSegmentDescriptor.HEADER_LENGTH);
        pointIndex = position.pointIndex();
        recordPoints = -1;
    }

    /** @return the place of the next point to read. */
    QueuePosition position() {
        return new QueuePosition(sequence, recordOffset, pointIndex);
    }

    /**
     * Hands the next points to {@code sink} until it refuses one, {@code maxPoints} are read, nothing more is
     * readable now, or the segment ends.
     *
     * @param mayChangeSegment whether the read may move on to the next segment before its first point.
     * @return points handed over.
     */
    int read(final int maxPoints, final PointSink sink, final boolean mayChangeSegment) throws IOException {
        int count = 0;
        while (count < maxPoints) {
            if (recordPoints < 0 && !load(mayChangeSegment && count == 0)) {
                return count;
            }
            while (pointIndex < recordPoints && count < maxPoints) {
                final int at = pointIndex * PointDescriptor.LENGTH;
                if (!sink.accept(payload.getLong(at + PointDescriptor.SERIES_ID_OFFSET),
                    payload.getLong(at + PointDescriptor.TIMESTAMP_OFFSET),
                    payload.getDouble(at + PointDescriptor.VALUE_OFFSET))) {
                    return count;
                }
                pointIndex++;
                count++;
            }
            if (pointIndex == recordPoints) {
                recordOffset += WalRecordDescriptor.HEADER_LENGTH + recordLength;
                pointIndex = 0;
                recordPoints = -1;
            }
        }
        return count;
    }

    /**
     * Loads the record at the position, moving to the next segment at the end of a finished one.
     *
     * @param mayChangeSegment whether moving to the next segment is allowed.
     * @return false when no record is readable now.
     */
    private boolean load(final boolean mayChangeSegment) throws IOException {
        while (true) {
            // Read the writer's segment first: once it is past ours, ours is complete on disk.
            final boolean finished = sequence < writerSequence.getAsLong();
            if (channel == null && !openSegment()) {
                if (!finished) {
                    return false;
                }
                nextSegment();
                continue;
            }
            final String problem = readRecord();
            if (problem == null) {
                if (header.get(WalRecordDescriptor.TYPE_OFFSET) != WalRecordType.POINTS) {
                    recordOffset += WalRecordDescriptor.HEADER_LENGTH + recordLength;
                    continue;
                }
                recordPoints = recordLength / PointDescriptor.LENGTH;
                pointIndex = Math.min(pointIndex, recordPoints);
                return true;
            }
            if (!finished || !mayChangeSegment) {
                return false;
            }
            if (!problem.isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, "remote-write queue: segment " + sequence + " ends at offset "
                    + recordOffset + " with a damaged record (" + problem + "); continuing with the next segment");
            }
            nextSegment();
        }
    }

    /** @return null when a whole record is loaded, "" at the end of the data, else what is wrong. */
    private String readRecord() throws IOException {
        final long size = channel.size();
        if (size - recordOffset < WalRecordDescriptor.HEADER_LENGTH) {
            return size == recordOffset ? "" : "truncated record header";
        }
        header.clear();
        readFully(header, recordOffset);
        final int length = header.getInt(WalRecordDescriptor.LENGTH_OFFSET);
        if (length < 0 || length > WalRecordDescriptor.MAX_PAYLOAD_LENGTH) {
            return "bad record length " + length;
        }
        if (size - recordOffset - WalRecordDescriptor.HEADER_LENGTH < length) {
            return "truncated record payload";
        }
        if (payload.capacity() < length) {
            payload = ByteBuffer.allocateDirect(Integer.highestOneBit(length) << 1).order(LITTLE_ENDIAN);
        }
        payload.clear().limit(length);
        readFully(payload, recordOffset + WalRecordDescriptor.HEADER_LENGTH);
        crc.reset();
        crc.update(header.array(), WalRecordDescriptor.TYPE_OFFSET,
            WalRecordDescriptor.HEADER_LENGTH - WalRecordDescriptor.TYPE_OFFSET);
        crc.update(payload.flip());
        payload.clear();
        if ((int) crc.getValue() != header.getInt(WalRecordDescriptor.CRC_OFFSET)) {
            return "record checksum mismatch";
        }
        recordLength = length;
        return null;
    }

    private void readFully(final ByteBuffer target, final long position) throws IOException {
        long at = position;
        while (target.hasRemaining()) {
            final int n = channel.read(target, at);
            if (n < 0) {
                throw new IOException("unexpected end of queue segment " + sequence + " at " + at);
            }
            at += n;
        }
    }

    private boolean openSegment() throws IOException {
        try {
            channel = fileOps.open(segmentFile(sequence), StandardOpenOption.READ);
            return true;
        } catch (final NoSuchFileException ex) {
            return false;
        }
    }

    /** Moves to the first segment after the current one that exists, or the writer's. */
    private void nextSegment() throws IOException {
        closeChannel();
        final long writer = writerSequence.getAsLong();
        long next = writer;
        for (final long s : QueueSegments.sequences(directory, fileOps)) {
            if (s > sequence && s < next) {
                next = s;
            }
        }
        sequence = next;
        recordOffset = WalSegmentDescriptor.HEADER_LENGTH;
        pointIndex = 0;
        recordPoints = -1;
    }

    Path segmentFile(final long segment) {
        return directory.resolve(WalSegmentDescriptor.fileName(segment));
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (final IOException ex) {
                LOG.log(System.Logger.Level.DEBUG, "closing a queue segment: " + ex);
            }
            channel = null;
        }
    }

    @Override
    public void close() {
        closeChannel();
    }
}
