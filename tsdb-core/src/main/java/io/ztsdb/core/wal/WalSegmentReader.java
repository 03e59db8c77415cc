// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.wal;

import io.ztsdb.core.CorruptionException;
import io.ztsdb.core.TsdbException;
import io.ztsdb.core.io.FileOps;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import static io.ztsdb.core.wal.WalRecordDescriptor.CRC_OFFSET;
import static io.ztsdb.core.wal.WalRecordDescriptor.HEADER_LENGTH;
import static io.ztsdb.core.wal.WalRecordDescriptor.LENGTH_OFFSET;
import static io.ztsdb.core.wal.WalRecordDescriptor.MAX_PAYLOAD_LENGTH;
import static io.ztsdb.core.wal.WalRecordDescriptor.TYPE_OFFSET;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Reads the records of one WAL file (segment or checkpoint) through a read-only mapping, checking the header and
 * every record's length, checksum and type. Damage in a file that must be whole is a {@link CorruptionException};
 * in the newest segment it is a torn tail, cut off the file with a logged warning.
 */
final class WalSegmentReader {
    private static final System.Logger LOG = System.getLogger(WalSegmentReader.class.getName());
    /** Bytes of a mapped segment read between two releases of its pages. */
    private static final int RELEASE_BYTES = 4 * 1024 * 1024;

    private WalSegmentReader() {
    }

    /**
     * Reads one complete segment or checkpoint file, any damage being corruption.
     *
     * @param file     the file.
     * @param sequence the sequence in its header.
     * @param fileOps  file-system calls.
     * @param handler  receives the records.
     */
    static void readWhole(final Path file, final long sequence, final FileOps fileOps,
        final WalRecordHandler handler) {
        read(file, sequence, false, fileOps, handler, new Counters());
    }

    /**
     * Reads one file; with {@code last}, a damaged tail is cut off instead of being corruption.
     *
     * @param counters receives what was read and cut.
     */
    static void read(
        final Path file, final long sequence, final boolean last, final FileOps fileOps,
        final WalRecordHandler handler, final Counters counters) {
        long validEnd;
        long fileLength;
        String tailReason = null;
        try (FileChannel channel = fileOps.open(file, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            fileLength = channel.size();
            if (fileLength < WalSegmentDescriptor.HEADER_LENGTH && last) {
                validEnd = -1;
                tailReason = "segment shorter than its header";
            } else {
                if (fileLength > Integer.MAX_VALUE) {
                    throw new CorruptionException(file, sequence, 0, "segment longer than 2 GiB: " + fileLength);
                }
                final MemorySegment mapped = fileOps.map(channel, FileChannel.MapMode.READ_ONLY, 0, fileLength, arena);
                final ByteBuffer bytes = mapped.asByteBuffer().order(LITTLE_ENDIAN);
                checkHeader(file, sequence, bytes);
                final CRC32C crc = new CRC32C();
                int position = WalSegmentDescriptor.HEADER_LENGTH;
                long released = 0;
                while (position < fileLength) {
                    if (position - released >= RELEASE_BYTES) {
                        // The pages read so far leave the process (madvise DONTNEED; they stay in the page cache):
                        // otherwise replaying or checkpointing a 64 MiB segment adds 64 MiB to the RSS.
                        mapped.asSlice(released, position - released).unload();
                        released = position;
                    }
                    final String problem = checkRecord(bytes, crc, position);
                    if (problem != null) {
                        if (!last) {
                            throw new CorruptionException(file, sequence, position, problem);
                        }
                        tailReason = problem;
                        break;
                    }
                    final int length = bytes.getInt(position + LENGTH_OFFSET);
                    handler.onRecord(sequence, bytes.get(position + TYPE_OFFSET), mapped, position + HEADER_LENGTH,
                        length);
                    counters.records++;
                    counters.payloadBytes += length;
                    position += HEADER_LENGTH + length;
                }
                validEnd = position;
            }
        } catch (final IOException ex) {
            throw new TsdbException("cannot read WAL segment: file=" + file, ex);
        }
        if (tailReason != null) {
            cutTail(file, sequence, validEnd, fileLength, tailReason, fileOps, counters);
        }
    }

    private static void checkHeader(final Path file, final long sequence, final ByteBuffer bytes) {
        if (bytes.capacity() < WalSegmentDescriptor.HEADER_LENGTH) {
            throw new CorruptionException(file, sequence, 0, "segment shorter than its header");
        }
        if (bytes.getInt(WalSegmentDescriptor.MAGIC_OFFSET) != WalSegmentDescriptor.MAGIC) {
            throw new CorruptionException(file, sequence, WalSegmentDescriptor.MAGIC_OFFSET, "bad magic");
        }
        final short version = bytes.getShort(WalSegmentDescriptor.VERSION_OFFSET);
        if (version != WalSegmentDescriptor.VERSION) {
            throw new CorruptionException(file, sequence, WalSegmentDescriptor.VERSION_OFFSET,
                "unsupported WAL version " + version);
        }
        final long stored = bytes.getLong(WalSegmentDescriptor.SEQUENCE_OFFSET);
        if (stored != sequence) {
            throw new CorruptionException(file, sequence, WalSegmentDescriptor.SEQUENCE_OFFSET,
                "header sequence " + stored + " does not match the file name");
        }
    }

    private static String checkRecord(final ByteBuffer bytes, final CRC32C crc, final int position) {
        final int capacity = bytes.capacity();
        if (capacity - position < HEADER_LENGTH) {
            return "truncated record header";
        }
        final int length = bytes.getInt(position + LENGTH_OFFSET);
        if (length < 0 || length > MAX_PAYLOAD_LENGTH) {
            return "bad record length " + length;
        }
        if ((long) capacity - position - HEADER_LENGTH < length) {
            return "truncated record payload: length=" + length;
        }
        crc.reset();
        crc.update(bytes.limit(position + HEADER_LENGTH + length).position(position + TYPE_OFFSET));
        bytes.clear();
        if ((int) crc.getValue() != bytes.getInt(position + CRC_OFFSET)) {
            return "record checksum mismatch";
        }
        final byte type = bytes.get(position + TYPE_OFFSET);
        if (!WalRecordType.isKnown(type)) {
            return "unknown record type " + type;
        }
        return null;
    }

    private static void cutTail(
        final Path file, final long sequence, final long validEnd, final long fileLength, final String reason,
        final FileOps fileOps, final Counters counters) {
        try {
            if (validEnd < 0) {
                LOG.log(System.Logger.Level.WARNING, "WAL: removing incomplete segment file=" + file +
                    " length=" + fileLength + " reason=" + reason);
                fileOps.delete(file);
                fileOps.syncDirectory(file.getParent());
                counters.truncatedBytes += fileLength;
                counters.removedLast = true;
                return;
            }
            LOG.log(System.Logger.Level.WARNING, "WAL: truncating torn tail file=" + file + " segment=" + sequence +
                " offset=" + validEnd + " droppedBytes=" + (fileLength - validEnd) + " reason=" + reason);
            try (FileChannel channel = fileOps.open(file, StandardOpenOption.WRITE)) {
                fileOps.truncate(channel, validEnd);
                fileOps.force(channel, true);
            }
            counters.truncatedBytes += fileLength - validEnd;
        } catch (final IOException ex) {
            throw new TsdbException("cannot truncate WAL tail: file=" + file, ex);
        }
    }

    /** What a replay read and cut, over all its files. */
    static final class Counters {
        long records;
        long payloadBytes;
        long truncatedBytes;
        boolean removedLast;
    }
}
