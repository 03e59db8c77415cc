// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.engine;

import io.ztsdb.core.PointDescriptor;
import io.ztsdb.core.block.BlockStore;
import io.ztsdb.core.head.Head;
import io.ztsdb.core.io.FileOps;
import io.ztsdb.core.wal.WalReader;
import io.ztsdb.core.wal.WalRecordHandler;
import io.ztsdb.core.wal.WalRecordType;
import io.ztsdb.core.wal.WalReplayResult;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * Recovery at open: raises every series' floor to its newest persisted time, then replays the WAL (checkpoint and
 * segments) into the head, whose floors reject what the blocks hold already.
 * <p>
 * <b>Design note:</b> a WAL larger than the head memory limit is replayed in bounded memory: every
 * {@link #CHECK_BYTES} of payload the head's memory is checked, and when it is over the limit the sealed chunks
 * replayed so far are persisted into blocks and dropped from the head, as a persist does, while the WAL is left
 * alone (it is being read; the first persist after open folds it). A crash in here leaves blocks that are a time
 * prefix of each series' WAL points, published in ascending partition order, and the next recovery skips what
 * they hold by the floor rule.
 */
final class Recovery implements WalRecordHandler {
    /** WAL payload replayed between two checks of the head memory (the check walks every series). */
    static final long CHECK_BYTES = 1024 * 1024;

    /**
     * What recovery did.
     *
     * @param replay   what the WAL replay found.
     * @param persists persists during the replay, to keep the head within its memory limit.
     * @param blocks   blocks those persists wrote.
     */
    record Result(WalReplayResult replay, int persists, int blocks) {
    }

    private final Head head;
    private final Persister persister;
    private final NewestTimestamp newest;
    private final long headMemoryLimitBytes;
    private long bytesSinceCheck;
    private int persists;
    private int blocksWritten;

    private Recovery(final Head head, final Persister persister, final NewestTimestamp newest,
        final long headMemoryLimitBytes) {
        this.head = head;
        this.persister = persister;
        this.newest = newest;
        this.headMemoryLimitBytes = headMemoryLimitBytes;
    }

    /**
     * Seeds the floors from the blocks and replays the WAL into the head.
     *
     * @return what was replayed.
     * @throws io.ztsdb.core.CorruptionException when the WAL is damaged before its tail.
     */
    static Result recover(final BlockStore blocks, final PersistedFloors floors, final Path walDirectory,
        final FileOps fileOps, final Head head, final Persister persister, final NewestTimestamp newest,
        final long headMemoryLimitBytes) {
        newest.raise(floors.seed(blocks.blocks(), head));
        final Recovery recovery = new Recovery(head, persister, newest, headMemoryLimitBytes);
        final WalReplayResult replay = WalReader.replay(walDirectory, fileOps, recovery);
        return new Result(replay, recovery.persists, recovery.blocksWritten);
    }

    @Override
    public void onRecord(final long segment, final byte type, final MemorySegment memory, final long offset,
        final int length) {
        if (type != WalRecordType.POINTS) {
            return;
        }
        final int points = length / PointDescriptor.LENGTH;
        long newestInRecord = Long.MIN_VALUE;
        long at = offset + PointDescriptor.TIMESTAMP_OFFSET;
        for (int i = 0; i < points; i++, at += PointDescriptor.LENGTH) {
            newestInRecord = Math.max(newestInRecord, memory.get(PointDescriptor.LONG, at));
        }
        newest.raise(newestInRecord);
        head.appendBatch(memory, offset, points);
        bytesSinceCheck += length;
        if (bytesSinceCheck >= CHECK_BYTES) {
            bytesSinceCheck = 0;
            if (Persister.overMemoryLimit(head.stats(), headMemoryLimitBytes)) {
                final int written = persister.persistSealedChunks();
                if (written > 0) {
                    persists++;
                    blocksWritten += written;
                }
            }
        }
    }
}
