// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Tsdb#backfill}: a day of history imported below a day of live data (some of it persisted, some still in
 * the head), in many small calls, survives a restart bit for bit, and its small blocks are merged by the next
 * maintenance pass; ranges that reach stored data are refused whole.
 */
class BackfillTest {
    private static final long STEP = 10_000;
    private static final int DAY_SAMPLES = 8_640;
    private static final long LIVE_START = 20L * 86_400_000L;
    private static final long HISTORY_START = LIVE_START - DAY_SAMPLES * STEP;
    private static final int SERIES = 3;
    private static final int CALLS_PER_SERIES = 6;

    @TempDir
    Path dir;

    @Test
    void historyBelowTheHeadRoundTripsAndIsCompacted() {
        final long[][] timestamps = new long[SERIES][DAY_SAMPLES];
        final double[][] values = new double[SERIES][DAY_SAMPLES];
        final SplittableRandom random = new SplittableRandom(12);
        for (int s = 0; s < SERIES; s++) {
            for (int i = 0; i < DAY_SAMPLES; i++) {
                timestamps[s][i] = HISTORY_START + i * STEP + (i % 7 == 3 ? 17 : 0);
                values[s][i] = switch (i % 5) {
                    case 0 -> Math.round(random.nextDouble() * 1e4) / 100.0;
                    case 1 -> Double.longBitsToDouble(random.nextLong());
                    case 2 -> -0.0;
                    default -> random.nextInt(1000);
                };
            }
        }
        try (Tsdb tsdb = Tsdb.open(dir)) {
            writeLive(tsdb);
            tsdb.persistNow();
            writeLive(tsdb, LIVE_START + DAY_SAMPLES * STEP);
            int written = 0;
            for (int s = 0; s < SERIES; s++) {
                final int part = DAY_SAMPLES / CALLS_PER_SERIES;
                for (int c = CALLS_PER_SERIES - 1; c >= 0; c--) {
                    written += tsdb.backfill(s + 1, timestamps[s], values[s], c * part, (c + 1) * part);
                }
            }
            assertThat(written).isGreaterThanOrEqualTo(SERIES * CALLS_PER_SERIES);
            final long points = tsdb.stats().pointCount();
            assertThatThrownBy(() -> tsdb.backfill(1, new long[] {LIVE_START}, new double[] {1}, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("oldest stored");
            assertThatThrownBy(() -> tsdb.backfill(1, new long[] {5, 5}, new double[] {1, 2}, 0, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ascending");
            assertThat(tsdb.stats().pointCount()).isEqualTo(points);
            assertHistory(tsdb, timestamps, values);
        }
        try (Tsdb tsdb = Tsdb.open(dir)) {
            assertHistory(tsdb, timestamps, values);
            tsdb.persistNow();
            // The 18 small history blocks lie in closed windows: a maintenance pass merges them (the background
            // thread may have merged some already).
            assertThat(tsdb.storageStats().blocks()).filteredOn(b -> b.maxTimeMillis() < LIVE_START)
                .hasSizeLessThan(2);
            assertHistory(tsdb, timestamps, values);
            assertThat(tsdb.insert(1, HISTORY_START, 1.0).rejectedPoints()).isEqualTo(1);
        }
    }

    @Test
    void seriesWithoutDataRejectsLivePointsInsideItsBackfill() {
        try (Tsdb tsdb = Tsdb.open(dir)) {
            assertThat(tsdb.backfill(7, new long[] {1000, 2000}, new double[] {1, 2}, 0, 2)).isEqualTo(1);
            assertThat(tsdb.insert(7, 2000, 3).rejectedPoints()).isEqualTo(1);
            assertThat(tsdb.insert(7, 3000, 3).acceptedPoints()).isEqualTo(1);
            try (SampleCursor cursor = tsdb.query(7, 0, Long.MAX_VALUE)) {
                assertThat(cursor.next()).isTrue();
                assertThat(cursor.timestampMillis()).isEqualTo(1000);
                assertThat(cursor.next()).isTrue();
                assertThat(cursor.value()).isEqualTo(2.0);
                assertThat(cursor.next()).isTrue();
                assertThat(cursor.timestampMillis()).isEqualTo(3000);
                assertThat(cursor.next()).isFalse();
            }
        }
    }

    private static void writeLive(final Tsdb tsdb) {
        writeLive(tsdb, LIVE_START);
    }

    private static void writeLive(final Tsdb tsdb, final long start) {
        try (Arena arena = Arena.ofConfined()) {
            final int perBatch = 1_000;
            final MemorySegment batch = arena.allocate((long) perBatch * SERIES * PointDescriptor.LENGTH);
            for (int from = 0; from < DAY_SAMPLES; from += perBatch) {
                int n = 0;
                for (int i = from; i < Math.min(from + perBatch, DAY_SAMPLES); i++) {
                    for (int s = 0; s < SERIES; s++) {
                        TestPoints.put(batch, n++, s + 1, start + i * STEP, s * 1000 + i % 100);
                    }
                }
                assertThat(tsdb.insertBatch(batch, 0, n).acceptedPoints()).isEqualTo(n);
            }
        }
    }

    private static void assertHistory(final Tsdb tsdb, final long[][] timestamps, final double[][] values) {
        for (int s = 0; s < SERIES; s++) {
            try (SampleCursor cursor = tsdb.query(s + 1, HISTORY_START, LIVE_START - 1)) {
                for (int i = 0; i < DAY_SAMPLES; i++) {
                    assertThat(cursor.next()).isTrue();
                    assertThat(cursor.timestampMillis()).isEqualTo(timestamps[s][i]);
                    assertThat(Double.doubleToRawLongBits(cursor.value()))
                        .isEqualTo(Double.doubleToRawLongBits(values[s][i]));
                }
                assertThat(cursor.next()).isFalse();
            }
            try (SampleCursor cursor = tsdb.query(s + 1, LIVE_START, Long.MAX_VALUE)) {
                int live = 0;
                while (cursor.next()) {
                    live++;
                }
                assertThat(live).isEqualTo(2 * DAY_SAMPLES);
            }
        }
    }
}
