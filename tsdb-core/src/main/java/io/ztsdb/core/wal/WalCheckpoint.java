// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.wal;

import io.ztsdb.core.PointDescriptor;
import io.ztsdb.core.TsdbException;
import io.ztsdb.core.io.FileOps;
import io.ztsdb.core.io.SequenceNames;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Folds the WAL segments below a sequence into one checkpoint file that keeps only what is not yet
 * persisted in blocks, then deletes those segments (Prometheus {@code wlog.Checkpoint}).
 * <p>
 * A checkpoint {@code checkpoint.<N>} has the segment format (header sequence N) and holds, in their original
 * order, the records of the previous checkpoint and of segments below N, with each points record reduced to
 * the points the filter keeps. Replay reads it before segment N. It is written to {@code .tmp}, forced and
 * renamed, so a crash leaves either the old state or the new one.
 */
public final class WalCheckpoint {
    /** File name prefix of checkpoints. */
    public static final String PREFIX = "checkpoint.";
    /** Suffix of a checkpoint being written. */
    public static final String TEMP_SUFFIX = ".tmp";

    /** Decides which points of the WAL are still needed. */
    @FunctionalInterface
    public interface PointFilter {
        /**
         * @param seriesId        the point's series.
         * @param timestampMillis the point's timestamp.
         * @return true to keep the point in the checkpoint (it is not yet persisted).
         */
        boolean keep(long seriesId, long timestampMillis);
    }

    /**
     * What a checkpoint kept.
     *
     * @param sequence        the checkpoint's sequence.
     * @param keptRecords     records written.
     * @param keptPoints      points kept.
     * @param droppedPoints   points dropped (persisted).
     * @param deletedSegments segments deleted.
     */
    public record Result(long sequence, long keptRecords, long keptPoints, long droppedPoints, int deletedSegments) {
    }

    private WalCheckpoint() {
    }

    /**
     * @param sequence the checkpoint sequence.
     * @return its file name.
     */
    public static String fileName(final long sequence) {
        return SequenceNames.format(PREFIX, sequence, "");
    }

    /**
     * @param name a file name.
     * @return the checkpoint sequence it names, or -1.
     */
    public static long parseSequence(final String name) {
        return SequenceNames.parse(name, PREFIX, "");
    }

    /**
     * Writes {@code checkpoint.<upTo>} and deletes the segments below {@code upTo} and the older checkpoint.
     *
     * @param directory the WAL directory.
     * @param fileOps   file-system calls.
     * @param upTo      first segment not folded in: a sequence returned by {@link WalWriter#rotate()}.
     * @param filter    which points to keep.
     * @return what was kept.
     * @throws TsdbException on I/O failure (the WAL is left as it was).
     */
    public static Result create(final Path directory, final FileOps fileOps, final long upTo,
        final PointFilter filter) {
        final List<Path> inputs = new ArrayList<>();
        final List<Long> inputSequences = new ArrayList<>();
        try {
            for (final Path file : fileOps.list(directory)) {
                final String name = file.getFileName().toString();
                final long checkpoint = parseSequence(name);
                final long segment = WalSegmentDescriptor.parseSequence(name);
                if (checkpoint >= 0 && checkpoint < upTo) {
                    inputs.addFirst(file);
                    inputSequences.addFirst(checkpoint);
                } else if (segment >= 0 && segment < upTo) {
                    inputs.add(file);
                    inputSequences.add(segment);
                }
            }
        } catch (final IOException ex) {
            throw new TsdbException("cannot list WAL directory: directory=" + directory, ex);
        }
        final Path temp = directory.resolve(fileName(upTo) + TEMP_SUFFIX);
        final Writer writer = new Writer(filter);
        try (FileChannel channel = fileOps.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
            writer.start(channel, fileOps, upTo);
            for (int i = 0; i < inputs.size(); i++) {
                WalSegmentReader.readWhole(inputs.get(i), inputSequences.get(i), fileOps, writer);
                writer.rethrow();
            }
            writer.flush();
            fileOps.force(channel, false);
        } catch (final IOException ex) {
            throw new TsdbException("cannot write WAL checkpoint: file=" + temp, ex);
        }
        int deleted = 0;
        try {
            fileOps.rename(temp, directory.resolve(fileName(upTo)));
            fileOps.syncDirectory(directory);
            for (final Path input : inputs) {
                fileOps.delete(input);
                deleted++;
            }
            fileOps.syncDirectory(directory);
        } catch (final IOException ex) {
            throw new TsdbException("cannot install WAL checkpoint: file=" + temp, ex);
        }
        return new Result(upTo, writer.records, writer.keptPoints, writer.droppedPoints, deleted);
    }

    private static final class Writer implements WalRecordHandler {
        private final PointFilter filter;
        private final CRC32C crc = new CRC32C();
        private ByteBuffer staging = ByteBuffer.allocateDirect(4 * 1024 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        private MemorySegment memory = MemorySegment.ofBuffer(staging);
        private FileChannel channel;
        private FileOps fileOps;
        private IOException failure;
        long records;
        long keptPoints;
        long droppedPoints;

        Writer(final PointFilter filter) {
            this.filter = filter;
        }

        void start(final FileChannel channel, final FileOps fileOps, final long sequence) {
            this.channel = channel;
            this.fileOps = fileOps;
            staging.putInt(WalSegmentDescriptor.MAGIC_OFFSET, WalSegmentDescriptor.MAGIC);
            staging.putShort(WalSegmentDescriptor.VERSION_OFFSET, WalSegmentDescriptor.VERSION);
            staging.putShort(WalSegmentDescriptor.RESERVED_OFFSET, (short) 0);
            staging.putLong(WalSegmentDescriptor.SEQUENCE_OFFSET, sequence);
            staging.position(WalSegmentDescriptor.HEADER_LENGTH);
        }

        @Override
        public void onRecord(final long segment, final byte type, final MemorySegment source, final long offset,
            final int length) {
            if (failure != null) {
                return;
            }
            try {
                ensureRoom(WalRecordDescriptor.HEADER_LENGTH + length);
                final int at = staging.position();
                final int payloadAt = at + WalRecordDescriptor.HEADER_LENGTH;
                int kept = length;
                if (type == WalRecordType.POINTS) {
                    kept = 0;
                    for (long p = offset; p < offset + length; p += PointDescriptor.LENGTH) {
                        if (filter.keep(source.get(PointDescriptor.LONG, p + PointDescriptor.SERIES_ID_OFFSET),
                            source.get(PointDescriptor.LONG, p + PointDescriptor.TIMESTAMP_OFFSET))) {
                            MemorySegment.copy(source, p, memory, payloadAt + kept, PointDescriptor.LENGTH);
                            kept += PointDescriptor.LENGTH;
                            keptPoints++;
                        } else {
                            droppedPoints++;
                        }
                    }
                    if (kept == 0) {
                        return;
                    }
                } else {
                    MemorySegment.copy(source, offset, memory, payloadAt, length);
                }
                staging.putInt(at + WalRecordDescriptor.LENGTH_OFFSET, kept);
                staging.putInt(at + WalRecordDescriptor.TYPE_OFFSET, type & 0xFF);
                crc.reset();
                crc.update(staging.duplicate().limit(payloadAt + kept).position(at + WalRecordDescriptor.TYPE_OFFSET));
                staging.putInt(at + WalRecordDescriptor.CRC_OFFSET, (int) crc.getValue());
                staging.position(payloadAt + kept);
                records++;
            } catch (final IOException ex) {
                failure = ex;
            }
        }

        private void ensureRoom(final int recordLength) throws IOException {
            if (staging.remaining() < recordLength) {
                flush();
                if (staging.capacity() < recordLength) {
                    staging = ByteBuffer.allocateDirect(recordLength).order(ByteOrder.LITTLE_ENDIAN);
                    memory = MemorySegment.ofBuffer(staging);
                }
            }
        }

        void flush() throws IOException {
            rethrow();
            staging.flip();
            fileOps.writeFully(channel, staging);
            staging.clear();
        }

        void rethrow() throws IOException {
            if (failure != null) {
                throw failure;
            }
        }
    }
}
