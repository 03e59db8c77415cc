// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.series;

import io.ztsdb.core.CorruptionException;
import io.ztsdb.core.TsdbException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import static io.ztsdb.core.series.RegistryFileDescriptor.BODY_LENGTH_OFFSET;
import static io.ztsdb.core.series.RegistryFileDescriptor.CRC_OFFSET;
import static io.ztsdb.core.series.RegistryFileDescriptor.HEADER_LENGTH;
import static io.ztsdb.core.series.RegistryFileDescriptor.MAGIC;
import static io.ztsdb.core.series.RegistryFileDescriptor.MAGIC_OFFSET;
import static io.ztsdb.core.series.RegistryFileDescriptor.MAX_BODY_LENGTH;
import static io.ztsdb.core.series.RegistryFileDescriptor.MIN_BODY_LENGTH;
import static io.ztsdb.core.series.RegistryFileDescriptor.RECORD_HEADER_LENGTH;
import static io.ztsdb.core.series.RegistryFileDescriptor.VERSION;
import static io.ztsdb.core.series.RegistryFileDescriptor.VERSION_OFFSET;

/**
 * The append-only registry file: replays its records on open, then appends new ones and forces them to disk
 * before returning. A torn tail (a record cut short by a crash before its fsync returned, so never
 * acknowledged) is truncated with a warning; a damaged record followed by more data is corruption and fails
 * the open.
 */
final class RegistryLog implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RegistryLog.class.getName());

    /** Receives each valid record body during replay. */
    @FunctionalInterface
    interface RecordHandler {
        void onRecord(ByteBuffer buffer, int bodyOffset, int bodyLength, long fileOffset);
    }

    private final Path file;
    private final FileChannel channel;
    private final CRC32C crc = new CRC32C();
    private long size;

    private RegistryLog(final Path file, final FileChannel channel, final long size) {
        this.file = file;
        this.channel = channel;
        this.size = size;
    }

    /**
     * Opens or creates the registry file in {@code directory}, replaying every record into {@code handler}.
     */
    static RegistryLog open(final Path directory, final RecordHandler handler) {
        final Path file = directory.resolve(RegistryFileDescriptor.FILE_NAME);
        FileChannel channel = null;
        try {
            Files.createDirectories(directory);
            final boolean existed = Files.exists(file);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
            long size = channel.size();
            if (size < HEADER_LENGTH) {
                // New file, or a crash while creating it (the header is forced before any record).
                writeHeader(channel);
                size = HEADER_LENGTH;
                if (!existed) {
                    forceDirectory(directory);
                }
            } else {
                size = replay(file, channel, size, handler);
            }
            channel.position(size);
            return new RegistryLog(file, channel, size);
        } catch (final IOException ex) {
            closeQuietly(channel);
            throw new TsdbException("cannot open series registry: file=" + file + ", " + ex, ex);
        } catch (final RuntimeException ex) {
            closeQuietly(channel);
            throw ex;
        }
    }

    /** @return the file. */
    Path file() {
        return file;
    }

    /** @return bytes in the file. */
    long sizeBytes() {
        return size;
    }

    /**
     * Writes the first {@code length} bytes of {@code records} (framed records, a heap buffer) after the last
     * committed ones; not yet durable.
     */
    void write(final ByteBuffer records, final int length) {
        final ByteBuffer bb = ByteBuffer.wrap(records.array(), 0, length);
        try {
            while (bb.hasRemaining()) {
                channel.write(bb);
            }
        } catch (final IOException ex) {
            throw failed("write", ex);
        }
    }

    /** Forces what was written: when this returns, the records are durable. */
    void commit() {
        try {
            channel.force(false);
            size = channel.position();
        } catch (final IOException ex) {
            throw failed("fsync", ex);
        }
    }

    /** Cuts the file back to its last committed size, dropping records written since. */
    void rollback() {
        try {
            channel.truncate(size);
            channel.position(size);
        } catch (final IOException ex) {
            LOG.log(System.Logger.Level.WARNING, "series registry: cannot roll back to " + size + ": file=" + file,
                ex);
        }
    }

    private TsdbException failed(final String op, final IOException ex) {
        rollback();
        return new TsdbException("cannot " + op + " series registry: file=" + file + ", " + ex, ex);
    }

    /**
     * Writes the length and CRC32C of the record at {@code recordOffset}, whose body follows its header.
     */
    void frame(final ByteBuffer records, final int recordOffset, final int bodyLength) {
        crc.reset();
        crc.update(records.array(), recordOffset + RECORD_HEADER_LENGTH, bodyLength);
        records.putInt(recordOffset + BODY_LENGTH_OFFSET, bodyLength);
        records.putInt(recordOffset + CRC_OFFSET, (int) crc.getValue());
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (final IOException ex) {
            throw new TsdbException("cannot close series registry: file=" + file, ex);
        }
    }

    private static long replay(final Path file, final FileChannel channel, final long size,
        final RecordHandler handler) throws IOException {
        if (size > Integer.MAX_VALUE) {
            throw new TsdbException("series registry larger than 2 GiB: file=" + file + ", size=" + size);
        }
        final ByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
        checkHeader(file, buffer);
        final CRC32C crc = new CRC32C();
        final byte[] scratch = new byte[4096];
        int offset = HEADER_LENGTH;
        final int end = (int) size;
        while (offset < end) {
            final String problem = checkRecord(buffer, offset, end, crc, scratch);
            if (problem != null) {
                if (isTornTail(buffer, offset, end)) {
                    LOG.log(System.Logger.Level.WARNING, "series registry: truncating torn tail at offset " +
                        offset + " (" + problem + "), " + (end - offset) + " bytes dropped: file=" + file);
                    channel.truncate(offset);
                    channel.force(true);
                    return offset;
                }
                throw new CorruptionException(file, CorruptionException.NO_SEGMENT, offset,
                    "series registry record: " + problem);
            }
            final int bodyLength = buffer.getInt(offset + BODY_LENGTH_OFFSET);
            handler.onRecord(buffer, offset + RECORD_HEADER_LENGTH, bodyLength, offset);
            offset += RECORD_HEADER_LENGTH + bodyLength;
        }
        return end;
    }

    private static String checkRecord(final ByteBuffer buffer, final int offset, final int end,
        final CRC32C crc, final byte[] scratch) {
        if (end - offset < RECORD_HEADER_LENGTH) {
            return "record header cut short";
        }
        final int bodyLength = buffer.getInt(offset + BODY_LENGTH_OFFSET);
        if (bodyLength < MIN_BODY_LENGTH || bodyLength > MAX_BODY_LENGTH) {
            return "bad body length " + bodyLength;
        }
        if ((long) offset + RECORD_HEADER_LENGTH + bodyLength > end) {
            return "record cut short";
        }
        crc.reset();
        int at = offset + RECORD_HEADER_LENGTH;
        int remaining = bodyLength;
        while (remaining > 0) {
            final int n = Math.min(remaining, scratch.length);
            buffer.get(at, scratch, 0, n);
            crc.update(scratch, 0, n);
            at += n;
            remaining -= n;
        }
        final int expected = buffer.getInt(offset + CRC_OFFSET);
        return (int) crc.getValue() == expected ? null : "CRC32C mismatch";
    }

    /**
     * A damaged record is a torn tail when nothing valid can follow it: it reaches the end of the file, or
     * everything after its start is zero (a file system that extended the file before the data landed).
     */
    private static boolean isTornTail(final ByteBuffer buffer, final int offset, final int end) {
        if (end - offset >= RECORD_HEADER_LENGTH) {
            final int bodyLength = buffer.getInt(offset + BODY_LENGTH_OFFSET);
            if (bodyLength >= MIN_BODY_LENGTH && bodyLength <= MAX_BODY_LENGTH &&
                (long) offset + RECORD_HEADER_LENGTH + bodyLength >= end) {
                return true;
            }
        } else {
            return true;
        }
        for (int i = offset; i < end; i++) {
            if (buffer.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private static void checkHeader(final Path file, final ByteBuffer buffer) {
        final int magic = buffer.getInt(MAGIC_OFFSET);
        if (magic != MAGIC) {
            throw new CorruptionException(file, CorruptionException.NO_SEGMENT, MAGIC_OFFSET,
                "not a ztsdb series registry (bad magic 0x" + Integer.toHexString(magic) + ")");
        }
        final byte version = buffer.get(VERSION_OFFSET);
        if (version != VERSION) {
            throw new CorruptionException(file, CorruptionException.NO_SEGMENT, VERSION_OFFSET,
                "unsupported series registry version: version=" + version + ", supported=" + VERSION);
        }
    }

    private static void writeHeader(final FileChannel channel) throws IOException {
        final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(MAGIC_OFFSET, MAGIC).put(VERSION_OFFSET, VERSION);
        channel.truncate(0);
        channel.position(0);
        while (header.hasRemaining()) {
            channel.write(header);
        }
        channel.force(true);
    }

    private static void forceDirectory(final Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private static void closeQuietly(final FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (final IOException ignore) {
                // Already failing: the first exception is the one to report.
            }
        }
    }
}
