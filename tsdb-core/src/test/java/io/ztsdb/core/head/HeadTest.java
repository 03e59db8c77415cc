// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.head;

import io.ztsdb.core.codec.ChunkFormatException;
import io.ztsdb.core.memory.NativeMemory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
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
            final byte[] bytes = new byte[length];
            chunk.getBytes(offset, bytes);
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

        final Head recovered = new Head(2, 120, 1024, 7_200_000L);
        try {
            for (final Stored s : stored) {
                assertThat(recovered.loadSealedChunk(s.seriesId(), new UnsafeBuffer(s.bytes()), 0, s.bytes().length))
                    .isTrue();
            }
            assertThat(recovered.loadSealedChunk(stored.get(0).seriesId(), new UnsafeBuffer(stored.get(0).bytes()),
                0, stored.get(0).bytes().length)).isFalse();
            assertThat(recovered.append(4, T0 + 239 * 10_000L, 0)).isFalse();
            assertThat(recovered.append(4, T0 + 240 * 10_000L, 4240)).isTrue();
            final ChunkListCursor cursor = recovered.query(4, Long.MIN_VALUE, Long.MAX_VALUE, new ChunkListCursor());
            int i = 0;
            while (cursor.next()) {
                assertThat(cursor.timestampMillis()).isEqualTo(T0 + i * 10_000L);
                assertThat(cursor.value()).isEqualTo(4000 + i);
                i++;
            }
            assertThat(i).isEqualTo(241);
            assertThat(recovered.stats().pointCount()).isEqualTo(2401);
        } finally {
            recovered.close();
        }
    }

    @Test
    void shouldRejectCorruptChunkOnLoad() {
        final byte[] garbage = {1, 1, 5, 0, 1, 2};
        assertThatThrownBy(() -> head.loadSealedChunk(1, new UnsafeBuffer(garbage), 0, garbage.length))
            .isInstanceOf(ChunkFormatException.class);
    }

    @Test
    void shouldAppendBatchOfWireRecords() {
        final UnsafeBuffer batch = new UnsafeBuffer(new byte[24 * 3 + 8]);
        final long[][] points = {{1, 100}, {2, 100}, {1, 99}};
        for (int i = 0; i < 3; i++) {
            batch.putLong(8 + i * 24, points[i][0], ByteOrder.LITTLE_ENDIAN);
            batch.putLong(8 + i * 24 + 8, points[i][1], ByteOrder.LITTLE_ENDIAN);
            batch.putDouble(8 + i * 24 + 16, i + 0.25, ByteOrder.LITTLE_ENDIAN);
        }
        assertThat(head.appendBatch(batch, 8, 3)).isEqualTo(2);
        assertThat(head.stats().rejectedPoints()).isEqualTo(1);
        assertThat(head.series()).hasSize(2);
    }

    @Test
    void shouldFailOperationsAfterClose() {
        head.append(1, 1, 1);
        head.close();
        assertThatThrownBy(() -> head.append(1, 2, 2)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> head.query(1, 0, 5, new ChunkListCursor())).isInstanceOf(IllegalStateException.class);
    }
}
