// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import io.ztsdb.core.memory.NativeMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TsdbTest {
    @TempDir
    Path dir;

    @Test
    void shouldStoreAndQueryWithInclusiveBoundsBitExact() {
        assertNoLeak(() -> {
            try (Tsdb tsdb = Tsdb.open(dir)) {
                final long nanBits = 0x7FF8_0000_DEAD_BEEFL;
                tsdb.insert(1, 1000, 1.5);
                tsdb.insert(1, 2000, Double.longBitsToDouble(nanBits));
                tsdb.insert(1, 3000, -0.0);
                assertThat(read(tsdb.query(1, 1000, 2000))).containsExactly(1000L, 1.5, 2000L, Double.NaN);
                try (SampleCursor cursor = tsdb.query(1, 2000, 3000)) {
                    assertThat(cursor.next()).isTrue();
                    assertThat(Double.doubleToRawLongBits(cursor.value())).isEqualTo(nanBits);
                    assertThat(cursor.next()).isTrue();
                    assertThat(Double.doubleToRawLongBits(cursor.value())).isEqualTo(Long.MIN_VALUE);
                    assertThat(cursor.next()).isFalse();
                }
                assertThat(read(tsdb.query(2, 0, Long.MAX_VALUE))).isEmpty();
                assertThat(read(tsdb.query(1, 3001, 1000))).isEmpty();
            }
        });
    }

    @Test
    void shouldApplyOutOfOrderRuleAndCountRejects() {
        assertNoLeak(() -> {
            try (Tsdb tsdb = Tsdb.open(dir)) {
                assertThat(tsdb.insert(9, 100, 1.0)).isEqualTo(new WriteResult(1, 0));
                assertThat(tsdb.insert(9, 100, 2.0)).isEqualTo(new WriteResult(1, 0));
                assertThat(tsdb.insert(9, 50, 3.0)).isEqualTo(new WriteResult(0, 1));
                assertThat(read(tsdb.query(9, 0, 1000))).containsExactly(100L, 2.0);
                final TsdbStats stats = tsdb.stats();
                assertThat(stats.rejectedPoints()).isEqualTo(1);
                assertThat(stats.pointCount()).isEqualTo(1);
                assertThat(stats.seriesCount()).isEqualTo(1);
            }
        });
    }

    @Test
    void shouldInsertBatchesAndReportStats() {
        assertNoLeak(() -> {
            try (Tsdb tsdb = Tsdb.open(dir, new TsdbConfig().shardCount(4))) {
                final int series = 100;
                final int perSeries = 500;
                final MemorySegment batch = MemorySegment.ofArray(new byte[series * PointDescriptor.LENGTH]);
                for (int i = 0; i < perSeries; i++) {
                    for (int s = 0; s < series; s++) {
                        TestPoints.put(batch, s, s, 1_704_067_200_000L + i * 10_000L, s + i % 7);
                    }
                    final WriteResult result = i % 2 == 0 ? tsdb.insertBatch(batch, 0, series) :
                        tsdb.insertBatchAsync(batch, 0, series).join();
                    assertThat(result).isEqualTo(new WriteResult(series, 0));
                }
                final TsdbStats stats = tsdb.stats();
                assertThat(stats.pointCount()).isEqualTo(series * perSeries);
                assertThat(stats.bytesPerPoint()).isBetween(0.1, 2.0);
                assertThat(stats.headMemoryBytes()).isGreaterThanOrEqualTo(stats.compressedBytes());
                assertThat(tsdb.series()).hasSize(series).allMatch(info -> info.pointCount() == perSeries &&
                    info.minTimestampMillis() == 1_704_067_200_000L);
            }
        });
    }

    @Test
    void shouldServeConcurrentWritersAndReadersConsistently() throws Exception {
        assertNoLeak(() -> {
            try (Tsdb tsdb = Tsdb.open(dir, new TsdbConfig().shardCount(2))) {
                final int writers = 4;
                final int points = 20_000;
                final CountDownLatch done = new CountDownLatch(writers);
                final AtomicReference<Throwable> failure = new AtomicReference<>();
                final List<Thread> threads = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    final long seriesId = w;
                    threads.add(Thread.ofPlatform().start(() -> {
                        try {
                            for (int i = 0; i < points; i++) {
                                tsdb.insert(seriesId, i, seriesId * 1e6 + i);
                            }
                        } catch (final Throwable t) {
                            failure.compareAndSet(null, t);
                        } finally {
                            done.countDown();
                        }
                    }));
                }
                threads.add(Thread.ofPlatform().start(() -> {
                    final SplittableRandom random = new SplittableRandom(7);
                    try {
                        while (done.getCount() > 0) {
                            final long seriesId = random.nextInt(writers);
                            try (SampleCursor cursor = tsdb.query(seriesId, 0, Long.MAX_VALUE)) {
                                long expected = 0;
                                while (cursor.next()) {
                                    assertThat(cursor.timestampMillis()).isEqualTo(expected);
                                    assertThat(cursor.value()).isEqualTo(seriesId * 1e6 + expected);
                                    expected++;
                                }
                            }
                        }
                    } catch (final Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }));
                for (final Thread thread : threads) {
                    thread.join();
                }
                assertThat(failure.get()).isNull();
                assertThat(tsdb.stats().pointCount()).isEqualTo((long)writers * points);
            } catch (final InterruptedException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void shouldCloseIdempotentlyAndRefuseUseAfterClose() {
        final long before = NativeMemory.bytesInUse();
        final Tsdb tsdb = Tsdb.open(dir);
        tsdb.insert(1, 1, 1.0);
        tsdb.close();
        tsdb.close();
        assertThat(NativeMemory.bytesInUse()).isEqualTo(before);
        assertThatThrownBy(() -> tsdb.insert(1, 2, 2.0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> tsdb.query(1, 0, 5)).isInstanceOf(IllegalStateException.class);
        assertThat(tsdb.stats().pointCount()).isZero();
    }

    private static List<Object> read(final SampleCursor cursor) {
        final List<Object> result = new ArrayList<>();
        try (cursor) {
            while (cursor.next()) {
                result.add(cursor.timestampMillis());
                result.add(cursor.value());
            }
        }
        return result;
    }

    private static void assertNoLeak(final Runnable body) {
        final long before = NativeMemory.bytesInUse();
        body.run();
        assertThat(NativeMemory.bytesInUse()).as("native bytes in use after close").isEqualTo(before);
    }
}
