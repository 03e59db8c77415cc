// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.wal;

import io.ztsdb.core.CorruptionException;
import io.ztsdb.core.TsdbException;
import io.ztsdb.core.io.FileOps;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import static io.ztsdb.core.wal.WalRecordDescriptor.CRC_OFFSET;
import static io.ztsdb.core.wal.WalRecordDescriptor.HEADER_LENGTH;
import static io.ztsdb.core.wal.WalRecordDescriptor.LENGTH_OFFSET;
import static io.ztsdb.core.wal.WalRecordDescriptor.MAX_PAYLOAD_LENGTH;
import static io.ztsdb.core.wal.WalRecordDescriptor.TYPE_OFFSET;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Replays the WAL: reads every segment in sequence order through a read-only mapping and hands each valid
 * record to a {@link WalRecordHandler}.
 * <p>
 * A torn or corrupt tail of the newest segment (a crash during a write) is cut off with a logged warning:
 * such records were never acknowledged under {@link WalSyncPolicy#FSYNC}. A bad record in an older segment,
 * or a missing segment in the sequence, throws {@link CorruptionException}: those segments were forced whole
 * before the next one was started, so the damage happened later and must not pass silently.
 */
public final class WalReader {
    private static final System.Logger LOG = System.getLogger(WalReader.class.getName());
    /** Bytes of a mapped segment read between two releases of its pages. */
    private static final int RELEASE_BYTES = 4 * 1024 * 1024;

    private WalReader() {
    }

    /**
     * Replays every segment of {@code directory}.
     *
     * @param directory the WAL directory (missing means empty).
     * @param fileOps   file-system calls.
     * @param handler   receives the records.
     * @return what was found.
     * @throws CorruptionException on damage before the tail.
     * @throws TsdbException       on I/O failure.
     */
    public static WalReplayResult replay(final Path directory, final FileOps fileOps, final WalRecordHandler handler) {
        final List<Path> segments = new ArrayList<>();
        final List<Long> sequences = new ArrayList<>();
        Path checkpoint = null;
        long checkpointSequence = -1;
        try {
            for (final Path file : fileOps.list(directory)) {
                final String name = file.getFileName().toString();
                final long sequence = WalSegmentDescriptor.parseSequence(name);
                final long checkpointOf = WalCheckpoint.parseSequence(name);
                if (sequence >= 0) {
                    segments.add(file);
                    sequences.add(sequence);
                } else if (checkpointOf >= 0) {
                    if (checkpoint != null) {
                        fileOps.delete(checkpoint);
                    }
                    checkpoint = file;
                    checkpointSequence = checkpointOf;
                } else if (name.startsWith(WalCheckpoint.PREFIX) && name.endsWith(WalCheckpoint.TEMP_SUFFIX)) {
                    LOG.log(System.Logger.Level.INFO, "WAL: removing interrupted checkpoint " + file);
                    fileOps.delete(file);
                }
            }
            // Segments below the checkpoint are in it: a crash came between the checkpoint and their deletion.
            while (!sequences.isEmpty() && sequences.getFirst() < checkpointSequence) {
                fileOps.delete(segments.removeFirst());
                sequences.removeFirst();
            }
        } catch (final IOException ex) {
            throw new TsdbException("cannot list WAL directory: directory=" + directory, ex);
        }
        final Counters counters = new Counters();
        if (checkpoint != null) {
            replaySegment(checkpoint, checkpointSequence, false, fileOps, handler, counters);
            if (!sequences.isEmpty() && sequences.getFirst() != checkpointSequence) {
                throw new CorruptionException(segments.getFirst(), sequences.getFirst(), 0,
                    "missing WAL segment " + checkpointSequence + " after its checkpoint");
            }
        }
        for (int i = 0; i < segments.size(); i++) {
            final long sequence = sequences.get(i);
            if (i > 0 && sequence != sequences.get(i - 1) + 1) {
                throw new CorruptionException(segments.get(i), sequence, 0,
                    "missing WAL segment " + (sequences.get(i - 1) + 1));
            }
            replaySegment(segments.get(i), sequence, i == segments.size() - 1, fileOps, handler, counters);
        }
        long lastSequence = !sequences.isEmpty() ? sequences.getLast() :
            checkpoint != null ? checkpointSequence - 1 : -1;
        if (counters.removedLast) {
            // The incomplete newest segment is gone: its number is free again, so the sequence stays gapless.
            lastSequence--;
        }
        final long firstSequence = checkpoint != null ? checkpointSequence : sequences.isEmpty() ? -1 :
            sequences.getFirst();
        return new WalReplayResult(firstSequence, lastSequence, counters.records, counters.payloadBytes,
            counters.truncatedBytes);
    }

    /**
     * Reads one complete segment or checkpoint file, any damage being corruption.
     *
     * @param file     the file.
     * @param sequence the sequence in its header.
     * @param fileOps  file-system calls.
     * @param handler  receives the records.
     */
    static void replayWhole(final Path file, final long sequence, final FileOps fileOps,
        final WalRecordHandler handler) {
        replaySegment(file, sequence, false, fileOps, handler, new Counters());
    }

    private static void replaySegment(
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
                final UnsafeBuffer buffer = new UnsafeBuffer(mapped.address(), (int) fileLength);
                checkHeader(file, sequence, buffer);
                final ByteBuffer bytes = mapped.asByteBuffer();
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
                    final String problem = checkRecord(buffer, bytes, crc, position);
                    if (problem != null) {
                        if (!last) {
                            throw new CorruptionException(file, sequence, position, problem);
                        }
                        tailReason = problem;
                        break;
                    }
                    final int length = buffer.getInt(position + LENGTH_OFFSET, LITTLE_ENDIAN);
                    handler.onRecord(sequence, buffer.getByte(position + TYPE_OFFSET), buffer,
                        position + HEADER_LENGTH, length);
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

    private static void checkHeader(final Path file, final long sequence, final UnsafeBuffer buffer) {
        if (buffer.capacity() < WalSegmentDescriptor.HEADER_LENGTH) {
            throw new CorruptionException(file, sequence, 0, "segment shorter than its header");
        }
        if (buffer.getInt(WalSegmentDescriptor.MAGIC_OFFSET, LITTLE_ENDIAN) != WalSegmentDescriptor.MAGIC) {
            throw new CorruptionException(file, sequence, WalSegmentDescriptor.MAGIC_OFFSET, "bad magic");
        }
        final short version = buffer.getShort(WalSegmentDescriptor.VERSION_OFFSET, LITTLE_ENDIAN);
        if (version != WalSegmentDescriptor.VERSION) {
            throw new CorruptionException(file, sequence, WalSegmentDescriptor.VERSION_OFFSET,
                "unsupported WAL version " + version);
        }
        final long stored = buffer.getLong(WalSegmentDescriptor.SEQUENCE_OFFSET, LITTLE_ENDIAN);
        if (stored != sequence) {
            throw new CorruptionException(file, sequence, WalSegmentDescriptor.SEQUENCE_OFFSET,
                "header sequence " + stored + " does not match the file name");
        }
    }

    private static String checkRecord(
        final UnsafeBuffer buffer, final ByteBuffer bytes, final CRC32C crc, final int position) {
        final int capacity = buffer.capacity();
        if (capacity - position < HEADER_LENGTH) {
            return "truncated record header";
        }
        final int length = buffer.getInt(position + LENGTH_OFFSET, LITTLE_ENDIAN);
        if (length < 0 || length > MAX_PAYLOAD_LENGTH) {
            return "bad record length " + length;
        }
        if ((long) capacity - position - HEADER_LENGTH < length) {
            return "truncated record payload: length=" + length;
        }
        crc.reset();
        bytes.limit(position + HEADER_LENGTH + length).position(position + TYPE_OFFSET);
        crc.update(bytes);
        if ((int) crc.getValue() != buffer.getInt(position + CRC_OFFSET, LITTLE_ENDIAN)) {
            return "record checksum mismatch";
        }
        final byte type = buffer.getByte(position + TYPE_OFFSET);
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

    private static final class Counters {
        long records;
        long payloadBytes;
        long truncatedBytes;
        boolean removedLast;
    }
}
