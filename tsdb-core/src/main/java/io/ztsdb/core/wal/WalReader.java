// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.wal;

import io.ztsdb.core.CorruptionException;
import io.ztsdb.core.TsdbException;
import io.ztsdb.core.io.FileOps;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays the WAL: reads the checkpoint and every segment in sequence order ({@link WalSegmentReader}) and hands
 * each valid record to a {@link WalRecordHandler}.
 * <p>
 * A torn or corrupt tail of the newest segment (a crash during a write) is cut off with a logged warning:
 * such records were never acknowledged under {@link io.ztsdb.core.WalSync.Mode#FSYNC}. A bad record in an older
 * segment, or a missing segment in the sequence, throws {@link CorruptionException}: those segments were forced whole
 * before the next one was started, so the damage happened later and must not pass silently.
 */
public final class WalReader {
    private static final System.Logger LOG = System.getLogger(WalReader.class.getName());

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
        final WalSegmentReader.Counters counters = new WalSegmentReader.Counters();
        if (checkpoint != null) {
            WalSegmentReader.read(checkpoint, checkpointSequence, false, fileOps, handler, counters);
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
            WalSegmentReader.read(segments.get(i), sequence, i == segments.size() - 1, fileOps, handler, counters);
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
}
