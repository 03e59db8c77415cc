// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.remotewrite;

import io.ztsdb.core.PointDescriptor;
import io.ztsdb.core.io.DefaultFileOps;
import io.ztsdb.core.io.FileOps;
import io.ztsdb.core.wal.WalConfig;
import io.ztsdb.core.wal.WalRecordDescriptor;
import io.ztsdb.core.wal.WalRecordType;
import io.ztsdb.core.wal.WalSegmentDescriptor;
import io.ztsdb.core.wal.WalWriter;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The sender's durable queue: point batches appended as {@link WalRecordType#POINTS} records to segments in the
 * WAL's format (written by a {@link WalWriter}, with its group commit and the engine's sync policy), read back in
 * order, and a cursor file holding the first point the receiver has not acknowledged. Segments wholly before the
 * cursor are deleted; the oldest ones are dropped when the queue outgrows its bounds.
 * <p>
 * {@link #append} is thread-safe; every other method belongs to the sender's dispatcher thread.
 */
final class SenderQueue implements AutoCloseable {
    private final Path directory;
    private final FileOps fileOps;
    private final WalWriter writer;
    private final QueueReader reader;
    private final QueueCursorFile cursorFile;
    private QueuePosition committed;
    private QueuePosition stored;

    private SenderQueue(final Path directory, final FileOps fileOps, final WalWriter writer,
        final QueuePosition committed) {
        this.directory = directory;
        this.fileOps = fileOps;
        this.writer = writer;
        this.committed = committed;
        this.stored = committed;
        this.cursorFile = new QueueCursorFile(directory, fileOps);
        this.reader = new QueueReader(directory, fileOps, writer::currentSequence, committed);
    }

    /**
     * Opens the queue in {@code config.queueDirectory()}, creating it when missing; a new segment is started after
     * the existing ones, and reading resumes at the stored cursor.
     */
    static SenderQueue open(final RemoteWriteConfig config) throws IOException {
        final FileOps fileOps = DefaultFileOps.INSTANCE;
        final Path directory = config.queueDirectory();
        fileOps.createDirectories(directory);
        final long[] sequences = QueueSegments.sequences(directory, fileOps);
        final long next = sequences.length == 0 ? 0 : sequences[sequences.length - 1] + 1;
        QueuePosition cursor = new QueueCursorFile(directory, fileOps).read();
        if (cursor == null) {
            cursor = new QueuePosition(sequences.length == 0 ? next : sequences[0],
                WalSegmentDescriptor.HEADER_LENGTH, 0);
        }
        final WalWriter writer = WalWriter.open(directory, fileOps, new WalConfig()
            .segmentLengthBytes(config.segmentLengthBytes()).sync(config.queueSync()), next);
        return new SenderQueue(directory, fileOps, writer, cursor);
    }

    /**
     * Appends points as one record (thread-safe).
     *
     * @return a future completed once the record is durable under the sync policy.
     */
    CompletableFuture<Void> append(final MemorySegment batch, final long offset, final int pointCount) {
        final long position = writer.append(WalRecordType.POINTS, batch, offset, pointCount * PointDescriptor.LENGTH);
        return writer.whenDurable(position, null);
    }

    /** @return the largest number of points one record may hold. */
    static int maxPointsPerRecord() {
        return WalRecordDescriptor.MAX_PAYLOAD_LENGTH / PointDescriptor.LENGTH;
    }

    /** Reads the next points, see {@link QueueReader#read}. */
    int read(final int maxPoints, final PointSink sink, final boolean mayChangeSegment) throws IOException {
        return reader.read(maxPoints, sink, mayChangeSegment);
    }

    /** @return where the next read starts. */
    QueuePosition readPosition() {
        return reader.position();
    }

    /** Goes back to the last committed position: the points read since are read again. */
    void rewind() {
        reader.seek(committed);
    }

    /** Records that every point before {@code position} was acknowledged; persisted by {@link #persist()}. */
    void commit(final QueuePosition position) {
        if (position.compareTo(committed) > 0) {
            committed = position;
        }
    }

    /** @return the first point not acknowledged. */
    QueuePosition committed() {
        return committed;
    }

    /** Writes the cursor if it moved, then deletes the segments wholly before it. */
    void persist() throws IOException {
        if (!committed.equals(stored)) {
            cursorFile.write(committed);
            stored = committed;
            writer.deleteSegmentsBefore(Math.min(committed.sequence(), writer.currentSequence()));
        }
    }

    /** @return the segment being appended to. */
    long writerSequence() {
        return writer.currentSequence();
    }

    /** Starts a new segment, so the current one can age and be dropped on its own. */
    void rotate() {
        writer.rotate();
    }

    /** @return bytes on disk from the committed position to the end. */
    long pendingBytes() throws IOException {
        long bytes = 0;
        for (final long sequence : QueueSegments.sequences(directory, fileOps)) {
            if (sequence >= committed.sequence()) {
                bytes += sizeOf(sequence);
            }
        }
        return Math.max(0, bytes - committed.recordOffset());
    }

    /** @return milliseconds since the oldest pending segment was last written, 0 when it is the current one. */
    long oldestPendingAgeMillis(final long nowMillis) throws IOException {
        if (committed.sequence() >= writer.currentSequence()) {
            return 0;
        }
        try {
            return nowMillis - Files.getLastModifiedTime(reader.segmentFile(committed.sequence())).toMillis();
        } catch (final NoSuchFileException ex) {
            return 0;
        }
    }

    /**
     * Drops the oldest pending segment (not the one being written): the cursor moves past it.
     *
     * @return the points it held that had not been acknowledged, -1 when there was nothing to drop.
     */
    long dropOldestSegment() throws IOException {
        final long sequence = committed.sequence();
        if (sequence >= writer.currentSequence()) {
            return -1;
        }
        final long dropped = countPoints(sequence, committed.recordOffset()) - committed.pointIndex();
        long next = writer.currentSequence();
        for (final long s : QueueSegments.sequences(directory, fileOps)) {
            if (s > sequence && s < next) {
                next = s;
            }
        }
        committed = new QueuePosition(next, WalSegmentDescriptor.HEADER_LENGTH, 0);
        reader.seek(committed);
        persist();
        return Math.max(0, dropped);
    }

    private long countPoints(final long sequence, final long fromOffset) throws IOException {
        final ByteBuffer header = ByteBuffer.allocate(WalRecordDescriptor.HEADER_LENGTH).order(LITTLE_ENDIAN);
        long points = 0;
        try (FileChannel channel = fileOps.open(reader.segmentFile(sequence), StandardOpenOption.READ)) {
            final long size = channel.size();
            long at = Math.max(fromOffset, WalSegmentDescriptor.HEADER_LENGTH);
            while (size - at >= WalRecordDescriptor.HEADER_LENGTH) {
                header.clear();
                channel.read(header, at);
                final int length = header.getInt(WalRecordDescriptor.LENGTH_OFFSET);
                if (length < 0 || at + WalRecordDescriptor.HEADER_LENGTH + length > size) {
                    break;
                }
                if (header.get(WalRecordDescriptor.TYPE_OFFSET) == WalRecordType.POINTS) {
                    points += length / PointDescriptor.LENGTH;
                }
                at += WalRecordDescriptor.HEADER_LENGTH + length;
            }
        } catch (final NoSuchFileException ex) {
            return 0;
        }
        return points;
    }

    private long sizeOf(final long sequence) throws IOException {
        try {
            return Files.size(reader.segmentFile(sequence));
        } catch (final NoSuchFileException ex) {
            return 0;
        }
    }

    /** Persists the cursor and closes the writer, forcing what was appended. */
    @Override
    public void close() throws IOException {
        try {
            reader.close();
            persist();
        } finally {
            writer.close();
        }
    }
}
