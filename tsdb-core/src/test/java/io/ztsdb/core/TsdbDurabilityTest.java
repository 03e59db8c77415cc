// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import io.ztsdb.core.io.FaultInjectingFileOps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TsdbDurabilityTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long SEED = 20261129L;

    @TempDir
    Path dir;

    /** Value of point {@code i} of series {@code s}: random bit patterns, NaN payloads included. */
    static double valueOf(final long s, final long i) {
        return Double.longBitsToDouble(new SplittableRandom(SEED ^ s * 31 ^ i).nextLong());
    }

    /** A batch in native memory (a direct buffer's), points {@code fromIndex} on of series {@code seriesId}. */
    static MemorySegment batch(final long seriesId, final long fromIndex, final int points) {
        final MemorySegment batch = MemorySegment.ofBuffer(ByteBuffer.allocateDirect(points * PointDescriptor.LENGTH));
        for (int p = 0; p < points; p++) {
            final long i = fromIndex + p;
            TestPoints.put(batch, p, seriesId, T0 + i * 10_000, valueOf(seriesId, i));
        }
        return batch;
    }

    /** Checks that series {@code s} holds exactly points 0..count-1, bit-exact. */
    static void assertSeries(final Tsdb tsdb, final long s, final long count) {
        long i = 0;
        try (SampleCursor cursor = tsdb.query(s, Long.MIN_VALUE, Long.MAX_VALUE)) {
            while (cursor.next()) {
                assertThat(cursor.timestampMillis()).as("series %d point %d", s, i).isEqualTo(T0 + i * 10_000);
                assertThat(Double.doubleToRawLongBits(cursor.value())).as("series %d point %d", s, i)
                    .isEqualTo(Double.doubleToRawLongBits(valueOf(s, i)));
                i++;
            }
        }
        assertThat(i).as("points of series %d", s).isEqualTo(count);
    }

    private TsdbConfig smallConfig() {
        return new TsdbConfig().shardCount(2).walSegmentLengthBytes(64 * 1024)
            .blockPartitionMillis(3_600_000L);
    }

    @Test
    void shouldRecoverAcknowledgedBatchesFromTheWal() {
        try (Tsdb tsdb = Tsdb.open(dir, smallConfig())) {
            for (long s = 0; s < 5; s++) {
                assertThat(tsdb.insertBatch(batch(s, 0, 300), 0, 300).acceptedPoints()).isEqualTo(300);
            }
            tsdb.insert(9, T0, valueOf(9, 0));
        }
        try (Tsdb tsdb = Tsdb.open(dir, smallConfig())) {
            for (long s = 0; s < 5; s++) {
                assertSeries(tsdb, s, 300);
            }
            assertSeries(tsdb, 9, 1);
            assertThat(tsdb.stats().pointCount()).isEqualTo(1501);
        }
    }

    @Test
    void shouldPersistSealedChunksIntoBlocksCheckpointTheWalAndQueryAcrossBoth() throws IOException {
        try (Tsdb tsdb = Tsdb.open(dir, smallConfig())) {
            for (long s = 0; s < 20; s++) {
                tsdb.insertBatch(batch(s, 0, 1000), 0, 1000);
            }
            tsdb.persistNow();
            final StorageStats stats = tsdb.storageStats();
            assertThat(stats.blocks()).isNotEmpty();
            assertThat(stats.persistedPoints()).isEqualTo(20 * 960);
            assertThat(stats.walSyncPolicy()).isEqualTo(WalSync.fsync());
            assertThat(tsdb.stats().pointCount()).isEqualTo(20_000);
            for (long s = 0; s < 20; s++) {
                assertSeries(tsdb, s, 1000);
                tsdb.insertBatch(batch(s, 1000, 100), 0, 100);
            }
            assertThat(tsdb.stats().pointCount()).isEqualTo(22_000);
            assertThat(tsdb.series()).hasSize(20).allSatisfy(info -> {
                assertThat(info.pointCount()).isEqualTo(1100);
                assertThat(info.minTimestampMillis()).isEqualTo(T0);
                assertThat(info.maxTimestampMillis()).isEqualTo(T0 + 1099 * 10_000);
            });
        }
        try (var wal = Files.list(dir.resolve("wal"))) {
            assertThat(wal.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("checkpoint."));
        }
        try (Tsdb tsdb = Tsdb.open(dir, smallConfig())) {
            for (long s = 0; s < 20; s++) {
                assertSeries(tsdb, s, 1100);
            }
            // Points at or before persisted data are rejected after a restart, as before it.
            assertThat(tsdb.insert(3, T0 + 5 * 10_000, 1.0).rejectedPoints()).isEqualTo(1);
            assertThat(tsdb.stats().pointCount()).isEqualTo(22_000);
            assertThat(tsdb.series()).hasSize(20);
        }
    }

    @Test
    void shouldPersistInTheBackgroundOnceHeadMemoryPassesHalfTheLimit() throws InterruptedException {
        final TsdbConfig config = smallConfig().headMemoryLimitBytes(1024 * 1024);
        try (Tsdb tsdb = Tsdb.open(dir, config)) {
            for (long s = 0; s < 200; s++) {
                tsdb.insertBatch(batch(s, 0, 2000), 0, 2000);
            }
            final long deadline = System.nanoTime() + 20_000_000_000L;
            while ((tsdb.storageStats().blocks().isEmpty() || tsdb.stats().headMemoryBytes() >= 1024 * 1024) &&
                System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(tsdb.storageStats().blocks()).isNotEmpty();
            assertThat(tsdb.stats().headMemoryBytes()).isLessThan(1024 * 1024);
            for (long s = 0; s < 200; s += 37) {
                assertSeries(tsdb, s, 2000);
            }
        }
    }

    @Test
    void shouldPushTimeRangeDownToBlockChunks() {
        try (Tsdb tsdb = Tsdb.open(dir, smallConfig())) {
            tsdb.insertBatch(batch(1, 0, 2000), 0, 2000);
            tsdb.persistNow();
            final List<Long> times = new ArrayList<>();
            try (SampleCursor cursor = tsdb.query(1, T0 + 500 * 10_000, T0 + 505 * 10_000)) {
                while (cursor.next()) {
                    times.add((cursor.timestampMillis() - T0) / 10_000);
                }
            }
            assertThat(times).containsExactly(500L, 501L, 502L, 503L, 504L, 505L);
        }
    }

    @Test
    void shouldDeleteBlocksBeyondRetentionAndCompactClosedPartitions() {
        // Blocks span at most a tenth of the retention: 3 days allow 6 h windows (merges of 2 h blocks).
        final TsdbConfig config = smallConfig().retention("3d");
        try (Tsdb tsdb = Tsdb.open(dir, config)) {
            // Ten days at one point a minute, persisted day by day.
            for (int day = 0; day < 10; day++) {
                final MemorySegment buffer = MemorySegment.ofArray(new byte[1440 * PointDescriptor.LENGTH]);
                for (int m = 0; m < 1440; m++) {
                    TestPoints.put(buffer, m, 7, T0 + (day * 1440L + m) * 60_000, m);
                }
                tsdb.insertBatch(buffer, 0, 1440);
                tsdb.persistNow();
            }
            final StorageStats stats = tsdb.storageStats();
            final long newest = stats.blocks().getLast().maxTimeMillis();
            assertThat(stats.blocks()).allSatisfy(b -> assertThat(b.maxTimeMillis()).isGreaterThanOrEqualTo(
                newest - 3 * 86_400_000L));
            assertThat(stats.blocks()).anySatisfy(b -> assertThat(b.level()).isPositive());
            assertThat(stats.blocks()).allSatisfy(b -> assertThat(b.maxTimeMillis() - b.minTimeMillis())
                .isLessThan(6 * 3_600_000L));
            long first = Long.MAX_VALUE;
            try (SampleCursor cursor = tsdb.query(7, Long.MIN_VALUE, Long.MAX_VALUE)) {
                long previous = Long.MIN_VALUE;
                while (cursor.next()) {
                    assertThat(cursor.timestampMillis()).isGreaterThan(previous);
                    previous = cursor.timestampMillis();
                    first = Math.min(first, previous);
                }
            }
            assertThat(first).isGreaterThan(T0 + 6 * 86_400_000L);
        }
    }

    @Test
    void shouldReportACorruptChunkAndKeepServingTheRest() throws IOException {
        final TsdbConfig config = smallConfig();
        try (Tsdb tsdb = Tsdb.open(dir, config)) {
            tsdb.insertBatch(batch(1, 0, 1000), 0, 1000);
            tsdb.insertBatch(batch(2, 0, 1000), 0, 1000);
            tsdb.persistNow();
        }
        // Flip one byte in the first chunk record's data of the first block file (series 1 sorts first; the chunks
        // section starts the file).
        final Path block;
        try (var blocks = Files.list(dir.resolve("blocks"))) {
            block = blocks.sorted().findFirst().orElseThrow();
        }
        try (java.io.RandomAccessFile chunks = new java.io.RandomAccessFile(block.toFile(), "rw")) {
            chunks.seek(8 + 8 + 20);
            final int b = chunks.read();
            chunks.seek(8 + 8 + 20);
            chunks.write(b ^ 0x5A);
        }
        // The damaged chunk belongs to one of the two series: reading it is reported, the other is intact.
        try (Tsdb tsdb = Tsdb.open(dir, config)) {
            final List<CorruptionException> reports = new ArrayList<>();
            for (long s = 1; s <= 2; s++) {
                try {
                    assertSeries(tsdb, s, 1000);
                } catch (final CorruptionException ex) {
                    reports.add(ex);
                }
            }
            assertThat(reports).singleElement().satisfies(ex -> {
                assertThat(ex.reason()).contains("checksum");
                assertThat(ex.file()).isEqualTo(block);
            });
        }
    }

    @Test
    void shouldCompleteAsyncInsertOnlyWhenDurable() throws Exception {
        try (Tsdb tsdb = Tsdb.open(dir, smallConfig())) {
            final CompletableFuture<WriteResult> future = tsdb.insertBatchAsync(batch(1, 0, 10), 0, 10);
            assertThat(future.get().acceptedPoints()).isEqualTo(10);
            assertThat(tsdb.storageStats().walDurableBytes()).isEqualTo(tsdb.storageStats().walAppendedBytes());
        }
    }

    @Test
    void shouldRefuseASecondOpenOfTheSameDirectory() {
        try (Tsdb tsdb = Tsdb.open(dir, smallConfig())) {
            assertThatThrownBy(() -> Tsdb.open(dir, smallConfig())).isInstanceOf(TsdbException.class)
                .hasMessageContaining("already open");
            assertThat(tsdb.stats().seriesCount()).isZero();
        }
    }

    @Test
    void shouldLoseNoAcknowledgedBatchAndHalfApplyNoneWhenFsyncFails() {
        final FaultInjectingFileOps ops = new FaultInjectingFileOps();
        final int[] acknowledged = new int[4];
        try (Tsdb tsdb = Tsdb.open(dir, smallConfig(), ops)) {
            ops.failAt(FaultInjectingFileOps.Op.FORCE, 25);
            try {
                for (int round = 0; round < 100; round++) {
                    for (int s = 0; s < 4; s++) {
                        tsdb.insertBatch(batch(s, acknowledged[s] * 50L, 50), 0, 50);
                        acknowledged[s]++;
                    }
                }
            } catch (final TsdbException expected) {
                assertThat(expected).hasMessageContaining("WAL");
            }
        }
        assertThat(acknowledged[0]).isLessThan(100);
        try (Tsdb tsdb = Tsdb.open(dir, smallConfig())) {
            for (int s = 0; s < 4; s++) {
                final long id = s;
                final long count = tsdb.series().stream().filter(i -> i.seriesId() == id)
                    .mapToLong(SeriesInfo::pointCount).sum();
                assertThat(count % 50).as("whole batches only").isZero();
                assertThat(count).isBetween(acknowledged[s] * 50L, acknowledged[s] * 50L + 50);
                assertSeries(tsdb, s, count);
            }
        }
    }

    @Test
    void shouldLeaveTheDataIntactWhenPersistingABlockFails() {
        final FaultInjectingFileOps ops = new FaultInjectingFileOps();
        try (Tsdb tsdb = Tsdb.open(dir, smallConfig(), ops)) {
            for (long s = 0; s < 10; s++) {
                tsdb.insertBatch(batch(s, 0, 500), 0, 500);
            }
            ops.failAt(FaultInjectingFileOps.Op.RENAME, 1);
            assertThatThrownBy(tsdb::persistNow).isInstanceOf(TsdbException.class);
            assertThat(tsdb.storageStats().blocks()).isEmpty();
            for (long s = 0; s < 10; s++) {
                assertSeries(tsdb, s, 500);
            }
            ops.failAt(FaultInjectingFileOps.Op.RENAME, Integer.MAX_VALUE);
            tsdb.persistNow();
            assertThat(tsdb.storageStats().blocks()).isNotEmpty();
        }
        try (Tsdb tsdb = Tsdb.open(dir, smallConfig())) {
            for (long s = 0; s < 10; s++) {
                assertSeries(tsdb, s, 500);
            }
        }
    }
}
