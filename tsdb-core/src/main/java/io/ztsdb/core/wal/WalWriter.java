// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.wal;

import io.ztsdb.core.StorageFullException;
import io.ztsdb.core.TsdbException;
import io.ztsdb.core.WalSync;
import io.ztsdb.core.io.FileOps;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

import static io.ztsdb.core.wal.WalRecordDescriptor.CRC_OFFSET;
import static io.ztsdb.core.wal.WalRecordDescriptor.HEADER_LENGTH;
import static io.ztsdb.core.wal.WalRecordDescriptor.LENGTH_OFFSET;
import static io.ztsdb.core.wal.WalRecordDescriptor.MAX_PAYLOAD_LENGTH;
import static io.ztsdb.core.wal.WalRecordDescriptor.TYPE_OFFSET;

/**
 * Appends records to the segmented write-ahead log and tells appenders when their records are durable.
 * <p>
 * Thread-safe. An append frames the record (length, CRC32C, type) into the calling thread's reused direct
 * buffer, outside any lock, then writes it with one {@code write} under a short lock: no allocation per point.
 * It returns the record's log position;
 * {@link #awaitDurable(long)} or {@link #whenDurable(long, Object)} wait until that position is durable.
 * <p>
 * <b>Design note:</b> group commit runs on one dedicated sync thread. It takes the highest appended position,
 * calls {@code fdatasync} once, then releases every appender at or below that position, so any number of
 * concurrent appenders share one force. A segment switch forces the old segment before the new one is used,
 * so forcing the current segment makes every earlier position durable. After a write or force failure the
 * writer refuses further appends and fails every waiter: whether the failed record reached the disk is
 * unknown, and replay after a restart decides.
 * <p>
 * A full disk (ENOSPC) is not such a failure: the record that met it is refused ({@link StorageFullException}) and
 * so is every append while the disk stays full, but the records written before it stay and their waiters are
 * released once they are forced. At most once per {@link #RESUME_CHECK_INTERVAL_NANOS} an append (or
 * {@link #tryResume()}) checks for space: the segment is cut back to its last whole record (a partly written record
 * is never replayed), forced, and appends go on in a new segment.
 */
public final class WalWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WalWriter.class.getName());
    private static final int INITIAL_FRAME_CAPACITY = 1024 * 1024;
    /** Least free space before appends resume after the disk was full. */
    static final long RESUME_FREE_BYTES = 1024 * 1024;
    /** Least time between two checks for space while the disk is full. */
    static final long RESUME_CHECK_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Path directory;
    private final FileOps fileOps;
    private final WalConfig config;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private static final ThreadLocal<Frame> FRAMES = ThreadLocal.withInitial(Frame::new);
    private final List<FileChannel> retiredChannels = new ArrayList<>();
    private FileChannel channel;
    private long sequence;
    private long segmentBytes;
    private long appendedPosition;
    private long appendedRecords;
    private boolean closing;
    private boolean full;
    private long lastSpaceCheckNanos;
    private long storageFullRefusals;

    private final WalDurability durability = new WalDurability();
    private final Thread syncThread;

    private WalWriter(final Path directory, final FileOps fileOps, final WalConfig config, final long sequence) {
        this.directory = directory;
        this.fileOps = fileOps;
        this.config = config;
        this.sequence = sequence;
        syncThread = config.sync().mode() == WalSync.Mode.NONE ? null :
            Thread.ofPlatform().name("ztsdb-wal-sync").daemon(true).unstarted(this::runSync);
    }

    /**
     * Opens a writer that starts a new segment {@code firstSequence} in {@code directory}.
     *
     * @param directory     the WAL directory, created if missing.
     * @param fileOps       file-system calls.
     * @param config        settings.
     * @param firstSequence sequence of the first segment written, above every existing segment's.
     * @return the writer.
     * @throws TsdbException when the segment cannot be created.
     */
    public static WalWriter open(
        final Path directory, final FileOps fileOps, final WalConfig config, final long firstSequence) {
        final WalWriter writer = new WalWriter(directory, fileOps, config, firstSequence);
        try {
            fileOps.createDirectories(directory);
            writer.openSegment(firstSequence);
        } catch (final IOException ex) {
            throw new TsdbException("cannot create WAL segment: directory=" + directory, ex);
        }
        if (writer.syncThread != null) {
            writer.syncThread.start();
        }
        return writer;
    }

    /** @return the WAL directory. */
    public Path directory() {
        return directory;
    }

    /**
     * Appends one record with one write.
     *
     * @param type   record type, see {@link WalRecordType}.
     * @param source payload bytes.
     * @param offset payload offset in {@code source}.
     * @param length payload length, at most {@link WalRecordDescriptor#MAX_PAYLOAD_LENGTH}.
     * @return the log position after the record: pass it to {@link #awaitDurable(long)}.
     * @throws TsdbException when the write fails (the writer then refuses further appends).
     */
    public long append(final byte type, final MemorySegment source, final long offset, final int length) {
        if (length < 0 || length > MAX_PAYLOAD_LENGTH) {
            throw new IllegalArgumentException("WAL record payload too long: length=" + length);
        }
        final int recordLength = HEADER_LENGTH + length;
        final ByteBuffer frame = FRAMES.get().frame(type, source, offset, length);
        // An interrupt during FileChannel I/O closes the channel and would stop the WAL for every writer:
        // hold a pending interrupt back until the write is done.
        final boolean interrupted = Thread.interrupted();
        lock.lock();
        try {
            ensureWritable();
            if (segmentBytes + recordLength > config.segmentLengthBytes() &&
                segmentBytes > WalSegmentDescriptor.HEADER_LENGTH) {
                switchSegment();
            }
            fileOps.writeFully(channel, frame);
            segmentBytes += recordLength;
            appendedPosition += recordLength;
            appendedRecords++;
            appended.signal();
            return appendedPosition;
        } catch (final IOException ex) {
            if (StorageFullException.isNoSpace(ex)) {
                throw suspend(ex);
            }
            throw durability.fail(new TsdbException("WAL write failed: segment=" + sequence, ex));
        } finally {
            lock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Blocks until {@code position} is durable under the sync policy (immediately unless {@link
     * WalSync.Mode#FSYNC}).
     *
     * @param position a position returned by {@link #append}.
     * @throws TsdbException when the log failed before the position became durable.
     */
    public void awaitDurable(final long position) {
        if (config.sync().mode() == WalSync.Mode.FSYNC) {
            durability.await(position);
        }
    }

    /**
     * Returns a future completed with {@code value} once {@code position} is durable under the sync policy
     * (at once unless {@link WalSync.Mode#FSYNC}). The future is completed on the WAL sync thread: keep
     * dependent actions short or hand them off.
     *
     * @param position a position returned by {@link #append}.
     * @param value    the value to complete with.
     * @param <T>      value type.
     * @return the future; completed exceptionally when the log fails first.
     */
    public <T> CompletableFuture<T> whenDurable(final long position, final T value) {
        if (config.sync().mode() != WalSync.Mode.FSYNC) {
            return CompletableFuture.completedFuture(value);
        }
        return durability.when(position, value);
    }

    /**
     * Starts a new segment (a checkpoint boundary): every record appended before this call is in a segment
     * with a lower sequence, and is durable.
     *
     * @return the sequence of the new segment.
     */
    public long rotate() {
        lock.lock();
        try {
            ensureWritable();
            switchSegment();
            appended.signal();
            return sequence;
        } catch (final IOException ex) {
            if (StorageFullException.isNoSpace(ex)) {
                throw suspend(ex);
            }
            throw durability.fail(new TsdbException("WAL segment switch failed: segment=" + sequence, ex));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Deletes the segments with a sequence below {@code sequence} (their records are persisted elsewhere).
     *
     * @param sequence first segment to keep, at most the current one.
     * @return the number of segments deleted.
     */
    public int deleteSegmentsBefore(final long sequence) {
        final long current = currentSequence();
        if (sequence > current) {
            throw new IllegalArgumentException("cannot delete the current segment: sequence=" + sequence +
                " current=" + current);
        }
        int deleted = 0;
        try {
            for (final Path file : fileOps.list(directory)) {
                final long fileSequence = WalSegmentDescriptor.parseSequence(file.getFileName().toString());
                if (fileSequence >= 0 && fileSequence < sequence) {
                    fileOps.delete(file);
                    deleted++;
                }
            }
            if (deleted > 0) {
                fileOps.syncDirectory(directory);
            }
        } catch (final IOException ex) {
            throw new TsdbException("cannot delete WAL segments: directory=" + directory, ex);
        }
        return deleted;
    }

    /** @return sequence of the segment being appended to. */
    public long currentSequence() {
        lock.lock();
        try {
            return sequence;
        } finally {
            lock.unlock();
        }
    }

    /** @return the position after the last appended record. */
    public long appendedPosition() {
        lock.lock();
        try {
            return appendedPosition;
        } finally {
            lock.unlock();
        }
    }

    /** @return the highest position known durable ({@link WalSync.Mode#FSYNC} only; else 0). */
    public long durablePosition() {
        return durability.durablePosition();
    }

    /** @return whether appends are refused because the disk is full. */
    public boolean isStorageFull() {
        lock.lock();
        try {
            return full;
        } finally {
            lock.unlock();
        }
    }

    /** @return appends refused with {@link StorageFullException} since the writer opened. */
    public long storageFullRefusals() {
        lock.lock();
        try {
            return storageFullRefusals;
        } finally {
            lock.unlock();
        }
    }

    /**
     * While the disk is full, checks for space (at most once per {@link #RESUME_CHECK_INTERVAL_NANOS}) and resumes
     * on a new segment when there is some; called by the maintenance thread so that the log resumes without appends.
     *
     * @return whether appends are accepted (again).
     */
    public boolean tryResume() {
        lock.lock();
        try {
            if (full && !closing && durability.failure() == null) {
                resumeIfSpace();
            }
            return !full;
        } finally {
            lock.unlock();
        }
    }

    /** @return the failure that stopped the writer, or null. */
    public Throwable failure() {
        return durability.failure();
    }

    /**
     * Forces what was appended, stops the sync thread and closes the segment; idempotent. Waiters not yet
     * released are released if the final force succeeds, failed otherwise.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            appended.signal();
        } finally {
            lock.unlock();
        }
        if (syncThread != null) {
            boolean interrupted = false;
            while (syncThread.isAlive()) {
                try {
                    syncThread.join();
                } catch (final InterruptedException ex) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        lock.lock();
        try {
            if (durability.failure() == null && channel != null) {
                try {
                    fileOps.force(channel, false);
                    durability.publish(appendedPosition);
                } catch (final IOException ex) {
                    durability.fail(new TsdbException("WAL force on close failed: segment=" + sequence, ex));
                }
            }
            closeQuietly(channel);
            for (final FileChannel retired : retiredChannels) {
                closeQuietly(retired);
            }
            retiredChannels.clear();
        } finally {
            lock.unlock();
        }
        durability.failPending(new TsdbException("WAL closed"));
    }

    private void runSync() {
        final List<FileChannel> toClose = new ArrayList<>();
        final boolean interval = config.sync().mode() == WalSync.Mode.INTERVAL;
        final long intervalNanos = TimeUnit.MILLISECONDS.toNanos(config.sync().intervalMillis());
        long forcedPosition = 0;
        long forcedRecords = 0;
        while (true) {
            final FileChannel target;
            final long position;
            final long records;
            lock.lock();
            try {
                try {
                    if (interval) {
                        appended.awaitNanos(intervalNanos);
                    }
                    while ((appendedPosition == forcedPosition || channel == null) && !closing
                        && durability.failure() == null) {
                        appended.await();
                    }
                } catch (final InterruptedException ex) {
                    closing = true;
                }
                if (durability.failure() != null || closing) {
                    return;
                }
                target = channel;
                position = appendedPosition;
                records = appendedRecords;
                toClose.addAll(retiredChannels);
                retiredChannels.clear();
            } finally {
                lock.unlock();
            }
            for (final FileChannel retired : toClose) {
                closeQuietly(retired);
            }
            toClose.clear();
            final long started = System.nanoTime();
            try {
                fileOps.force(target, false);
            } catch (final IOException | RuntimeException ex) {
                if (!StorageFullException.isNoSpace(ex)) {
                    durability.fail(new TsdbException("WAL fsync failed", ex));
                    return;
                }
                // The waiters stay: resuming cuts the segment back, forces it and switches, then this loop goes on.
                lock.lock();
                try {
                    suspend(ex);
                    appended.await(100, TimeUnit.MILLISECONDS);
                } catch (final InterruptedException interrupted) {
                    closing = true;
                } finally {
                    lock.unlock();
                }
                continue;
            }
            config.syncListener().synced(System.nanoTime() - started, position - forcedPosition,
                records - forcedRecords);
            forcedRecords = records;
            forcedPosition = position;
            durability.publish(position);
        }
    }

    private void ensureWritable() {
        durability.throwIfFailed();
        if (closing) {
            throw new IllegalStateException("WAL writer is closed: directory=" + directory);
        }
        if (full && System.nanoTime() - lastSpaceCheckNanos >= RESUME_CHECK_INTERVAL_NANOS) {
            resumeIfSpace();
        }
        if (full) {
            storageFullRefusals++;
            throw new StorageFullException("disk full: WAL append refused, nothing of it is stored: directory="
                + directory + "; appends resume once space is freed", null);
        }
    }

    /** Called under the lock when the file system reports ENOSPC: refuses appends until there is space again. */
    private StorageFullException suspend(final Exception cause) {
        if (!full) {
            full = true;
            LOG.log(System.Logger.Level.WARNING, "WAL: disk full, appends refused until space is freed: directory="
                + directory);
        }
        lastSpaceCheckNanos = System.nanoTime();
        storageFullRefusals++;
        return new StorageFullException("disk full: WAL append refused, nothing of it is stored: segment="
            + sequence + ", directory=" + directory + "; appends resume once space is freed", cause);
    }

    /** Under the lock: with enough free space, cuts the segment back to its last whole record and switches. */
    private void resumeIfSpace() {
        lastSpaceCheckNanos = System.nanoTime();
        try {
            if (directory.getFileSystem().provider().getFileStore(directory).getUsableSpace() < RESUME_FREE_BYTES) {
                return;
            }
            if (channel != null) {
                fileOps.truncate(channel, segmentBytes);
                switchSegment();
            } else {
                // A switch met the full disk after the old segment was retired: only the new one is missing.
                openSegment(sequence + 1);
            }
            full = false;
            appended.signal();
            LOG.log(System.Logger.Level.INFO, "WAL: space is back, appends resume in segment " + sequence);
        } catch (final IOException ex) {
            if (!StorageFullException.isNoSpace(ex)) {
                durability.fail(new TsdbException("WAL resume after a full disk failed: segment=" + sequence, ex));
            }
        }
    }

    private void switchSegment() throws IOException {
        fileOps.force(channel, false);
        if (syncThread == null) {
            closeQuietly(channel);
        } else {
            retiredChannels.add(channel);
        }
        channel = null;
        openSegment(sequence + 1);
    }

    private void openSegment(final long newSequence) throws IOException {
        final Path file = directory.resolve(WalSegmentDescriptor.fileName(newSequence));
        final FileChannel created = fileOps.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            final ByteBuffer header = ByteBuffer.allocateDirect(WalSegmentDescriptor.HEADER_LENGTH)
                .order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(WalSegmentDescriptor.MAGIC_OFFSET, WalSegmentDescriptor.MAGIC)
                .putShort(WalSegmentDescriptor.VERSION_OFFSET, WalSegmentDescriptor.VERSION)
                .putShort(WalSegmentDescriptor.RESERVED_OFFSET, (short) 0)
                .putLong(WalSegmentDescriptor.SEQUENCE_OFFSET, newSequence);
            fileOps.writeFully(created, header);
            fileOps.force(created, false);
            fileOps.syncDirectory(directory);
        } catch (final IOException | RuntimeException ex) {
            closeQuietly(created);
            try {
                // A header that did not fit (full disk) must not block the next attempt's CREATE_NEW.
                fileOps.delete(file);
            } catch (final IOException ignored) {
                // the original failure is reported
            }
            throw ex;
        }
        channel = created;
        sequence = newSequence;
        segmentBytes = WalSegmentDescriptor.HEADER_LENGTH;
    }

    private static void closeQuietly(final FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (final IOException ex) {
                LOG.log(System.Logger.Level.WARNING, "closing WAL segment failed", ex);
            }
        }
    }

    /** A thread's reused record buffer: frames are built and checksummed outside the writer's lock. */
    private static final class Frame {
        private final CRC32C crc = new CRC32C();
        private ByteBuffer bytes = allocate(INITIAL_FRAME_CAPACITY);
        private MemorySegment memory = MemorySegment.ofBuffer(bytes);

        private static ByteBuffer allocate(final int capacity) {
            return ByteBuffer.allocateDirect(capacity).order(ByteOrder.LITTLE_ENDIAN);
        }

        ByteBuffer frame(final byte type, final MemorySegment source, final long offset, final int length) {
            final int recordLength = HEADER_LENGTH + length;
            if (bytes.capacity() < recordLength) {
                bytes = allocate(Math.max(recordLength, bytes.capacity() * 2));
                memory = MemorySegment.ofBuffer(bytes);
            }
            bytes.clear();
            bytes.putInt(LENGTH_OFFSET, length);
            bytes.putInt(TYPE_OFFSET, type & 0xFF);
            MemorySegment.copy(source, offset, memory, HEADER_LENGTH, length);
            crc.reset();
            bytes.limit(recordLength).position(TYPE_OFFSET);
            crc.update(bytes);
            bytes.putInt(CRC_OFFSET, (int) crc.getValue());
            bytes.limit(recordLength).position(0);
            return bytes;
        }
    }
}
