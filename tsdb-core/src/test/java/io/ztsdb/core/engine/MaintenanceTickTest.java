// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.engine;

import io.ztsdb.core.MaintenanceStats;
import io.ztsdb.core.PointDescriptor;
import io.ztsdb.core.SampleCursor;
import io.ztsdb.core.TestPoints;
import io.ztsdb.core.TsdbConfig;
import io.ztsdb.core.block.BlockStore;
import io.ztsdb.core.block.BlockWriter;
import io.ztsdb.core.chunks.ChunkRewriter;
import io.ztsdb.core.codec.ChunkDescriptor;
import io.ztsdb.core.codec.GorillaEncoder;
import io.ztsdb.core.compact.BlockWindows;
import io.ztsdb.core.io.DefaultFileOps;
import io.ztsdb.core.io.FaultInjectingFileOps;
import io.ztsdb.core.memory.MemoryTag;
import io.ztsdb.core.memory.NativeMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one maintenance tick does, driven by hand on a {@link MaintenanceClock} the test moves: merges per tick and
 * the compaction budget, the idle flush, the back-off of a failing persist. No wall-clock waiting.
 */
class MaintenanceTickTest {
    private static final long HOUR = 3_600_000L;
    private static final long T0 = 1_700_006_400_000L; // a multiple of 54 h: windows start here
    private static final int POINTS_PER_BLOCK = 240;

    @TempDir
    Path dir;

    /** A clock that moves only when the test says so. */
    private static final class ManualClock implements MaintenanceClock {
        private long now = 1_000_000_000L;
        private long stepPerRead;

        @Override
        public long nanoTime() {
            now += stepPerRead;
            return now;
        }

        void advanceMillis(final long millis) {
            now += TimeUnit.MILLISECONDS.toNanos(millis);
        }
    }

    private static double valueOf(final long series, final long i) {
        return Math.round(Math.sin((series * 1000 + i) / 40.0) * 1e4) / 100.0;
    }

    /**
     * Three level-0 blocks in each of {@code partitions} two-hour partitions (series 1 and 2, 240 points each at
     * 10 s steps, in thirds), written before the engine opens: the backlog a replay or a backfill leaves.
     */
    private void writeBacklog(final int partitions) {
        try (BlockStore store = BlockStore.open(DefaultFileOps.INSTANCE, dir.resolve("blocks"))) {
            final MemorySegment buffer = MemorySegment.ofArray(new byte[8192]);
            final GorillaEncoder encoder = new GorillaEncoder();
            for (int p = 0; p < partitions; p++) {
                for (int third = 0; third < 3; third++) {
                    try (BlockWriter writer = BlockWriter.create(DefaultFileOps.INSTANCE, store.directory(),
                        store.newSequence(), 0)) {
                        for (long series = 1; series <= 2; series++) {
                            encoder.wrap(buffer, 0, (int) buffer.byteSize());
                            for (int k = 0; k < POINTS_PER_BLOCK / 3; k++) {
                                final long i = (long) p * POINTS_PER_BLOCK + third * (POINTS_PER_BLOCK / 3) + k;
                                encoder.append(T0 + i * 30_000L, valueOf(series, i));
                            }
                            encoder.writeCount();
                            writer.addChunk(series, encoder.firstTimestampMillis(), encoder.lastTimestampMillis(),
                                encoder.count(), ChunkDescriptor.ENCODING_GORILLA, buffer, 0, encoder.lengthBytes());
                        }
                        store.add(writer.finish());
                    }
                }
            }
        }
    }

    private static void assertSeries(final StorageEngine engine, final long series, final long points) {
        try (SampleCursor cursor = engine.read(series, Long.MIN_VALUE, Long.MAX_VALUE)) {
            long i = 0;
            while (cursor.next()) {
                assertThat(cursor.timestampMillis()).isEqualTo(T0 + i * 30_000L);
                assertThat(Double.doubleToRawLongBits(cursor.value())).as("series %d point %d", series, i)
                    .isEqualTo(Double.doubleToRawLongBits(valueOf(series, i)));
                i++;
            }
            assertThat(i).isEqualTo(points);
        }
    }

    private static TsdbConfig config() {
        return new TsdbConfig().shardCount(2).walSegmentLengthBytes(1024 * 1024).persistIntervalMillis(3_600_000L)
            .walCheckpointBytes(1L << 40).idleFlushMillis(60_000);
    }

    @Test
    void shouldMergeManyWindowsPerMaintenanceTick() {
        writeBacklog(27); // 81 blocks over 54 h
        final ManualClock clock = new ManualClock();
        try (StorageEngine engine = StorageEngine.open(dir, config(), DefaultFileOps.INSTANCE, clock)) {
            assertThat(engine.storageStats().blocks()).hasSize(81);
            engine.maintenanceTick();
            // One merge per tick would leave 79 blocks; the frozen clock never ends the budget: every closed window
            // is merged in this tick. Closed: ending at least 2 h before the newest point (54 h - 30 s). 25 merges of
            // 2 h windows, 8 of 6 h windows, 2 of 18 h ones; left: [0, 18), [18, 36), [36, 42), [42, 48), [48, 50)
            // and the three blocks of each of the two open partitions.
            assertThat(engine.storageStats().blocks()).hasSize(11);
            assertThat(engine.maintenanceStats().compactions()).isEqualTo(25 + 8 + 2);
            assertThat(engine.maintenanceStats().pointsReencoded()).isPositive();
            assertSeries(engine, 1, 27L * POINTS_PER_BLOCK);
            assertSeries(engine, 2, 27L * POINTS_PER_BLOCK);
        }
    }

    @Test
    void shouldStopCompactingOnceTheBudgetIsSpentOrAPersistIsDue() {
        writeBacklog(9);
        final ManualClock clock = new ManualClock();
        try (BlockStore store = BlockStore.open(DefaultFileOps.INSTANCE, dir.resolve("blocks"));
             ChunkRewriter rewriter = new ChunkRewriter()) {
            final NewestTimestamp newest = new NewestTimestamp();
            newest.raise(T0 + 9 * 2 * HOUR);
            final BlockMaintenance maintenance = new BlockMaintenance(store, DefaultFileOps.INSTANCE, newest,
                new BlockWindows(2 * HOUR, 54 * HOUR), 0, rewriter, new ReentrantLock(), clock);
            // Every clock read moves half the budget: the budget is over after the second merge.
            clock.stepPerRead = Maintenance.COMPACTION_BUDGET_NANOS / 2;
            maintenance.compactFor(Maintenance.COMPACTION_BUDGET_NANOS, () -> false, () -> false, false);
            assertThat(maintenance.compactions()).isEqualTo(2);
            assertThat(store.blocks()).hasSize(27 - 2 * 2);
            // A persist that becomes due stops it after the current merge.
            clock.stepPerRead = 0;
            maintenance.compactFor(Maintenance.COMPACTION_BUDGET_NANOS, () -> false, () -> true, false);
            assertThat(maintenance.compactions()).isEqualTo(3);
            // Closing stops it before the next merge.
            maintenance.compactFor(Maintenance.COMPACTION_BUDGET_NANOS, () -> true, () -> false, false);
            assertThat(maintenance.compactions()).isEqualTo(3);
        }
    }

    private static void insert(final StorageEngine engine, final long series, final int from, final int count) {
        final MemorySegment batch = MemorySegment.ofArray(new byte[count * PointDescriptor.LENGTH]);
        for (int k = 0; k < count; k++) {
            TestPoints.put(batch, k, series, T0 + (from + k) * 30_000L, valueOf(series, from + k));
        }
        engine.insertBatch(batch, 0, count);
    }

    /** Records the most native memory of tag {@code BLOCK} in use whenever a file is written. */
    private static final class BlockMemoryWatch extends DefaultFileOps {
        private long peak;

        @Override
        public void writeFully(final FileChannel channel, final ByteBuffer source) throws IOException {
            peak = Math.max(peak, NativeMemory.bytesInUse(MemoryTag.BLOCK));
            super.writeFully(channel, source);
        }
    }

    @Test
    void shouldPersistMonthsOfDataInFewBlocksWithOneWriterAtATime() {
        final ManualClock clock = new ManualClock();
        final BlockMemoryWatch fileOps = new BlockMemoryWatch();
        // 10 series, 8,000 hourly points: 333 days, 8,000 two-hour partitions.
        try (StorageEngine engine = StorageEngine.open(dir, config(), fileOps, clock)) {
            final long before = NativeMemory.bytesInUse(MemoryTag.BLOCK);
            final MemorySegment batch = MemorySegment.ofArray(new byte[8000 * PointDescriptor.LENGTH]);
            for (long series = 1; series <= 10; series++) {
                for (int i = 0; i < 8000; i++) {
                    TestPoints.put(batch, i, series, T0 + i * HOUR, valueOf(series, i));
                }
                engine.insertBatch(batch, 0, 8000);
            }
            clock.advanceMillis(60_000);
            engine.maintenanceTick(); // idle: seal, persist, compact
            assertThat(engine.stats().headChunks()).isZero();
            assertThat(engine.maintenanceStats().pointsPersisted()).isEqualTo(80_000);
            // Old data goes into the largest closed window that holds it: five or six of 1,458 h, then at most two
            // of each smaller step of the ladder (486 h ... 2 h) up to the newest partition; not 4,000 blocks.
            assertThat(engine.maintenanceStats().blocksPersisted()).isBetween(6L, 6L + 2 * 6);
            assertThat(engine.storageStats().blocks().size()).isLessThanOrEqualTo(
                (int) engine.maintenanceStats().blocksPersisted());
            assertThat(fileOps.peak - before).as("one block writer's staging buffer at a time")
                .isLessThanOrEqualTo(BlockWriter.STAGING_BYTES);
            for (long series = 1; series <= 10; series++) {
                try (SampleCursor cursor = engine.read(series, Long.MIN_VALUE, Long.MAX_VALUE)) {
                    int i = 0;
                    while (cursor.next()) {
                        assertThat(cursor.timestampMillis()).isEqualTo(T0 + i * HOUR);
                        assertThat(cursor.value()).isEqualTo(valueOf(series, i));
                        i++;
                    }
                    assertThat(i).isEqualTo(8000);
                }
            }
        }
    }

    @Test
    void shouldFlushTheHeadOfAnIdleDatabaseOnceAndAgainAfterNewWrites() {
        final ManualClock clock = new ManualClock();
        try (StorageEngine engine = StorageEngine.open(dir, config(), DefaultFileOps.INSTANCE, clock)) {
            insert(engine, 1, 0, 500);
            insert(engine, 2, 0, 500);
            engine.maintenanceTick();
            assertThat(engine.storageStats().blocks()).as("not idle yet").isEmpty();
            clock.advanceMillis(60_000);
            engine.maintenanceTick();
            assertThat(engine.maintenanceStats().idleFlushes()).isEqualTo(1);
            assertThat(engine.stats().headChunks()).as("open chunks sealed and persisted too").isZero();
            assertThat(engine.storageStats().blocks()).isNotEmpty();
            clock.advanceMillis(60_000);
            engine.maintenanceTick();
            assertThat(engine.maintenanceStats().idleFlushes()).as("nothing new written").isEqualTo(1);

            insert(engine, 1, 500, 100);
            clock.advanceMillis(59_999);
            engine.maintenanceTick();
            assertThat(engine.maintenanceStats().idleFlushes()).isEqualTo(1);
            clock.advanceMillis(1);
            engine.maintenanceTick();
            assertThat(engine.maintenanceStats().idleFlushes()).isEqualTo(2);
            assertThat(engine.stats().headChunks()).isZero();
            assertSeries(engine, 1, 600);
            assertSeries(engine, 2, 500);
        }
    }

    @Test
    void shouldBackOffAFailingPersistAndSayWhy() {
        final ManualClock clock = new ManualClock();
        final FaultInjectingFileOps fileOps = new FaultInjectingFileOps();
        try (StorageEngine engine = StorageEngine.open(dir, config(), fileOps, clock)) {
            insert(engine, 1, 0, 500);
            fileOps.failAt(FaultInjectingFileOps.Op.RENAME, 1);
            clock.advanceMillis(60_000);
            engine.maintenanceTick();
            MaintenanceStats stats = engine.maintenanceStats();
            assertThat(stats.persistFailures()).isEqualTo(1);
            assertThat(stats.consecutiveFailures()).isEqualTo(1);
            assertThat(stats.lastFailure()).contains("rename");
            assertThat(stats.nextRetryInMillis()).isEqualTo(1000);
            engine.maintenanceTick();
            assertThat(engine.maintenanceStats().persistFailures()).as("waits out its back-off").isEqualTo(1);
            clock.advanceMillis(1000);
            engine.maintenanceTick();
            stats = engine.maintenanceStats();
            assertThat(stats.persistFailures()).isEqualTo(2);
            assertThat(stats.nextRetryInMillis()).as("the wait doubles").isEqualTo(2000);
            assertSeries(engine, 1, 500);

            fileOps.failAt(FaultInjectingFileOps.Op.RENAME, Integer.MAX_VALUE);
            clock.advanceMillis(2000);
            engine.maintenanceTick();
            stats = engine.maintenanceStats();
            assertThat(stats.consecutiveFailures()).isZero();
            assertThat(stats.nextRetryInMillis()).isZero();
            assertThat(stats.persists()).isEqualTo(1);
            assertThat(engine.storageStats().blocks()).isNotEmpty();
            assertThat(engine.stats().headChunks()).isZero();
            assertSeries(engine, 1, 500);
        }
        assertThat(Backoff.waitAfter(1)).isEqualTo(1000);
        assertThat(Backoff.waitAfter(6)).isEqualTo(32_000);
        assertThat(Backoff.waitAfter(7)).isEqualTo(MaintenanceStats.MAX_BACKOFF_MILLIS);
        assertThat(Backoff.waitAfter(1000)).isEqualTo(MaintenanceStats.MAX_BACKOFF_MILLIS);
    }
}
