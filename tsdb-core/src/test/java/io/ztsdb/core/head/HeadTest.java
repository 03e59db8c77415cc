// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.head;

import io.ztsdb.core.PointDescriptor;
import io.ztsdb.core.TestPoints;
import io.ztsdb.core.chunks.AnyChunkDecoder;
import io.ztsdb.core.memory.NativeMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeadTest {
    private static final long T0 = 1_704_067_200_000L;
    private long bytesBefore;
    private Head head;

    @BeforeEach
    void setUp() {
        bytesBefore = NativeMemory.bytesInUse();
        head = new Head(4, 120, 1024, 7_200_000L);
    }

    @AfterEach
    void tearDown() {
        head.close();
        head.close();
        assertThat(NativeMemory.bytesInUse()).as("native memory leak").isEqualTo(bytesBefore);
    }

    @Test
    void shouldSealChunksAtMaxSamplesAndReadEverythingBack() {
        for (int i = 0; i < 1000; i++) {
            assertThat(head.append(7, T0 + i * 10_000L, i * 0.5)).isTrue();
        }
        final HeadStats stats = head.stats();
        assertThat(stats.pointCount()).isEqualTo(1000);
        assertThat(stats.sealedChunks()).isEqualTo(8);
        assertThat(stats.openChunks()).isEqualTo(1);
        assertThat(stats.memoryBytes()).isGreaterThan(stats.compressedBytes() / 2);
        final ChunkListCursor cursor = head.query(7, Long.MIN_VALUE, Long.MAX_VALUE, new ChunkListCursor());
        int i = 0;
        while (cursor.next()) {
            assertThat(cursor.timestampMillis()).isEqualTo(T0 + i * 10_000L);
            assertThat(cursor.value()).isEqualTo(i * 0.5);
            i++;
        }
        assertThat(i).isEqualTo(1000);
    }

    @Test
    void shouldSealChunkWhenSpanOrBytesExceeded() {
        final Head small = new Head(1, 120, 64, 60_000L);
        try {
            for (int i = 0; i < 10; i++) {
                small.append(1, T0 + i * 30_000L, 1.0);
            }
            assertThat(small.stats().sealedChunks()).isEqualTo(4);
            final SplittableRandom random = new SplittableRandom(1);
            for (int i = 0; i < 20; i++) {
                small.append(2, T0 + i, Double.longBitsToDouble(random.nextLong()));
            }
            assertThat(small.stats().sealedChunks()).isGreaterThan(6);
        } finally {
            small.close();
        }
    }

    @Test
    void shouldPushTimeRangeDownToChunks() {
        for (int i = 0; i < 1200; i++) {
            head.append(3, T0 + i * 1000L, i);
        }
        final ChunkListCursor cursor = head.query(3, T0 + 500_000L, T0 + 600_000L, new ChunkListCursor()
            .reset(T0 + 500_000L, T0 + 600_000L));
        assertThat(cursor.chunkCount()).isEqualTo(2);
        final List<Long> seen = new ArrayList<>();
        while (cursor.next()) {
            seen.add(cursor.timestampMillis());
        }
        assertThat(seen).hasSize(101);
        assertThat(seen.get(0)).isEqualTo(T0 + 500_000L);
        assertThat(seen.get(100)).isEqualTo(T0 + 600_000L);
        assertThat(head.query(3, T0 - 10, T0 - 1, new ChunkListCursor().reset(T0 - 10, T0 - 1)).chunkCount())
            .isZero();
    }

    @Test
    void shouldRejectOlderAndReplaceNewestAcrossSealBoundary() {
        for (int i = 0; i < 120; i++) {
            head.append(5, T0 + i, i);
        }
        assertThat(head.append(5, T0 + 119, -1.0)).isTrue();
        assertThat(head.append(5, T0 + 118, 1.0)).isFalse();
        assertThat(head.append(5, T0 + 120, 120.0)).isTrue();
        assertThat(head.append(5, T0 + 120, Double.NaN)).isTrue();
        assertThat(head.append(5, T0 + 120, Double.NaN)).isTrue();
        assertThat(head.append(5, T0 + 119, 1.0)).isFalse();
        final HeadStats stats = head.stats();
        assertThat(stats.pointCount()).isEqualTo(121);
        assertThat(stats.rejectedPoints()).isEqualTo(2);
        assertThat(stats.sealedChunks()).isEqualTo(1);
        final ChunkListCursor cursor = head.query(5, T0 + 119, T0 + 120, new ChunkListCursor()
            .reset(T0 + 119, T0 + 120));
        assertThat(cursor.next()).isTrue();
        assertThat(cursor.value()).isEqualTo(-1.0);
        assertThat(cursor.next()).isTrue();
        assertThat(cursor.value()).isNaN();
        assertThat(cursor.next()).isFalse();
    }

    @Test
    void shouldHandOutSealedChunksThenDropThemAndLoadThemBack() {
        for (long series = 0; series < 10; series++) {
            for (int i = 0; i < 300; i++) {
                head.append(series, T0 + i * 10_000L, series * 1000 + i);
            }
        }
        record Stored(long seriesId, long minTime, long maxTime, int count, byte[] bytes) {
        }
        final List<Stored> stored = new ArrayList<>();
        head.forEachSealedChunk((seriesId, minTime, maxTime, count, chunk, offset, length) -> {
            final byte[] bytes = chunk.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
            stored.add(new Stored(seriesId, minTime, maxTime, count, bytes));
        });
        assertThat(stored).hasSize(20);
        assertThat(stored).allMatch(s -> s.count() == 120 && s.maxTime() - s.minTime() == 119 * 10_000L);
        final long before = head.stats().memoryBytes();
        for (long series = 0; series < 10; series++) {
            assertThat(head.dropSealedChunks(series, T0 + 2_390_000L)).isEqualTo(2);
        }
        assertThat(head.stats().sealedChunks()).isZero();
        assertThat(head.stats().memoryBytes()).isLessThan(before);

        // After the drop, the series' floor rejects what was persisted, as a restart's raised floor does.
        assertThat(head.append(4, T0 + 239 * 10_000L, 0)).isFalse();
        assertThat(head.append(4, T0 + 300 * 10_000L, 4300)).isTrue();

        final Head recovered = new Head(2, 120, 1024, 7_200_000L);
        try {
            recovered.raisePersistedFloor(4, T0 + 239 * 10_000L);
            assertThat(recovered.append(4, T0 + 239 * 10_000L, 0)).isFalse();
            assertThat(recovered.append(4, T0 + 240 * 10_000L, 4240)).isTrue();
            assertThat(recovered.stats().pointCount()).isEqualTo(1);
            assertThat(recovered.stats().rejectedPoints()).isEqualTo(1);
        } finally {
            recovered.close();
        }
    }

    @Test
    void shouldHandOutTheSealedChunksOfOneWindowPerSeriesAndSkipSeriesWithOlderOnes() {
        final long window = 120 * 10_000L;
        // Series 1: chunks in windows 0, 1, 2 (120 samples each), window 0 already persisted and dropped.
        for (int i = 0; i < 400; i++) {
            head.append(1, T0 + i * 10_000L, i);
        }
        head.dropSealedChunks(1, T0 + window - 10_000L);
        // Series 2 appeared after the windows were planned: chunks in windows 0 and 1, not persisted yet.
        for (int i = 0; i < 250; i++) {
            head.append(2, T0 + i * 10_000L, i);
        }
        final List<String> seen = new ArrayList<>();
        head.forEachSeriesSealedChunks(T0 + window, T0 + 2 * window, list -> {
            seen.add(list.seriesId() + ":" + list.size() + ":" + list.totalSamples() + "@" +
                (list.minTimeMillis(0) - T0) / 10_000);
            assertThat(decodedSamples(list)).isEqualTo(list.totalSamples());
        });
        assertThat(seen).as("series 2 holds an unpersisted chunk before the window: left for the next persist")
            .containsExactly("1:1:120@120");
        seen.clear();
        head.forEachSeriesSealedChunks(T0, T0 + 3 * window, list -> seen.add(list.seriesId() + ":" + list.size()));
        assertThat(seen).containsExactlyInAnyOrder("1:2", "2:2");

        // Sealing idle series: series 2 stopped 150 samples before series 1.
        assertThat(head.sealOpenChunks(T0 + 260 * 10_000L)).isEqualTo(1);
        assertThat(head.stats().openChunks()).isEqualTo(1);
        assertThat(head.sealOpenChunks(Long.MAX_VALUE)).isEqualTo(1);
        assertThat(head.stats().openChunks()).isZero();
        assertThat(head.append(1, T0 + 399 * 10_000L, -1)).as("newest of a sealed chunk: not replaced").isFalse();
        assertThat(head.append(1, T0 + 400 * 10_000L, 400)).isTrue();
    }

    @Test
    void shouldAppendBatchOfWireRecords() {
        final MemorySegment batch = MemorySegment.ofArray(new byte[PointDescriptor.LENGTH * 3 + 8]);
        final long[][] points = {{1, 100}, {2, 100}, {1, 99}};
        for (int i = 0; i < 3; i++) {
            TestPoints.put(batch.asSlice(8), i, points[i][0], points[i][1], i + 0.25);
        }
        assertThat(head.appendBatch(batch, 8, 3)).isEqualTo(2);
        assertThat(head.stats().rejectedPoints()).isEqualTo(1);
        assertThat(head.series()).hasSize(2);
    }

    @Test
    void shouldKeepPerSeriesOrderWhenBatchIsGroupedByShard() {
        final int series = 37;
        final int perSeries = 50;
        final MemorySegment batch = MemorySegment.ofArray(new byte[series * perSeries * PointDescriptor.LENGTH]);
        final SplittableRandom random = new SplittableRandom(11);
        final int[] next = new int[series];
        for (int i = 0; i < series * perSeries; i++) {
            int s = random.nextInt(series);
            while (next[s] == perSeries) {
                s = (s + 1) % series;
            }
            TestPoints.put(batch, i, s * 1_000_003L, T0 + next[s] * 1000L, next[s]);
            next[s]++;
        }
        assertThat(head.appendBatch(batch, 0, series * perSeries)).isEqualTo(series * perSeries);
        for (int s = 0; s < series; s++) {
            final ChunkListCursor cursor = head.query(s * 1_000_003L, T0, T0 + 49_000L, new ChunkListCursor());
            int i = 0;
            while (cursor.next()) {
                assertThat(cursor.timestampMillis()).isEqualTo(T0 + i * 1000L);
                assertThat(cursor.value()).isEqualTo(i);
                i++;
            }
            assertThat(i).isEqualTo(perSeries);
        }
        assertThat(head.stats().rejectedPoints()).isZero();
    }

    @Test
    void shouldGiveSameOutcomeForBatchAsForPointByPointAppends() {
        final SplittableRandom random = new SplittableRandom(23);
        final long[] ids = new long[3000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i < 4 ? new long[] {0, -1, Long.MIN_VALUE, Long.MAX_VALUE}[i] :
                (i % 2 == 0 ? random.nextLong() : (long)i << 32);
        }
        final long[] newest = new long[ids.length];
        final Head single = new Head(4, 120, 1024, 7_200_000L);
        try (Arena arena = Arena.ofConfined()) {
            int batchAccepted = 0;
            int singleAccepted = 0;
            for (int round = 0; round < 6; round++) {
                // The last round is loaded in three parts (HeadBatch.MAX_POINTS at a time).
                final int points = round == 5 ? 2 * HeadBatch.MAX_POINTS + 7 : 500 + random.nextInt(20_000);
                final int distinct = 1 + random.nextInt(round == 0 ? 50 : ids.length);
                // Native memory here, heap arrays above: the batch path reads both.
                final MemorySegment batch = arena.allocate((long) points * PointDescriptor.LENGTH);
                for (int i = 0; i < points; i++) {
                    final int s = random.nextInt(distinct);
                    final int kind = random.nextInt(20);
                    final long ts = kind == 0 ? newest[s] - random.nextInt(5) : kind == 1 ? newest[s] :
                        newest[s] + 1 + random.nextInt(kind == 2 ? 10_000_000 : 20_000);
                    newest[s] = Math.max(newest[s], ts);
                    final double value = random.nextInt(4) == 0 ? i : random.nextDouble();
                    TestPoints.put(batch, i, ids[s], T0 + ts, value);
                    if (single.append(ids[s], T0 + ts, value)) {
                        singleAccepted++;
                    }
                }
                batchAccepted += head.appendBatch(batch, 0, points);
                assertThat(batchAccepted).isEqualTo(singleAccepted);
            }
            assertThat(head.stats()).isEqualTo(single.stats());
            assertThat(head.stats().rejectedPoints()).isPositive();
            assertThat(head.series()).containsExactlyInAnyOrderElementsOf(single.series());
            for (final long id : ids) {
                assertThat(head.info(id)).isEqualTo(single.info(id));
                final ChunkListCursor expected = single.query(id, Long.MIN_VALUE, Long.MAX_VALUE,
                    new ChunkListCursor());
                final ChunkListCursor actual = head.query(id, Long.MIN_VALUE, Long.MAX_VALUE, new ChunkListCursor());
                while (expected.next()) {
                    assertThat(actual.next()).isTrue();
                    assertThat(actual.timestampMillis()).isEqualTo(expected.timestampMillis());
                    assertThat(Double.doubleToRawLongBits(actual.value()))
                        .isEqualTo(Double.doubleToRawLongBits(expected.value()));
                }
                assertThat(actual.next()).isFalse();
            }
        } finally {
            single.close();
        }
    }

    @Test
    void shouldFailOperationsAfterClose() {
        head.append(1, 1, 1);
        head.close();
        assertThatThrownBy(() -> head.append(1, 2, 2)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> head.query(1, 0, 5, new ChunkListCursor())).isInstanceOf(IllegalStateException.class);
    }

    /** @return the samples decoded from the chunks of a window view. */
    private static long decodedSamples(final SealedChunkList list) {
        final AnyChunkDecoder decoder = new AnyChunkDecoder();
        long total = 0;
        for (int c = 0; c < list.size(); c++) {
            final long[] timestamps = new long[list.sampleCount(c)];
            total += decoder.decode(list.segment(c), list.offset(c), list.lengthBytes(c), timestamps,
                new double[timestamps.length], 0);
        }
        return total;
    }
}
