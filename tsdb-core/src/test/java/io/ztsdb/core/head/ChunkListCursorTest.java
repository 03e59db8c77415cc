// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.head;

import io.ztsdb.core.memory.NativeMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Bulk reads of a {@link ChunkListCursor}: whole chunks decoded into the caller's arrays keep the range filter. */
class ChunkListCursorTest {
    private static final long T0 = 1_704_067_200_000L;
    private static final int SAMPLES = 1000;
    private long bytesBefore;
    private Head head;

    @BeforeEach
    void setUp() {
        bytesBefore = NativeMemory.bytesInUse();
        head = new Head(1, 120, 1024, 7_200_000L);
        for (int i = 0; i < SAMPLES; i++) {
            head.append(1, T0 + i * 1000L, i * 0.25);
        }
    }

    @AfterEach
    void tearDown() {
        head.close();
        assertThat(NativeMemory.bytesInUse()).as("native memory leak").isEqualTo(bytesBefore);
    }

    @Test
    void shouldReadTheSameSamplesInBulkAsOneByOne() {
        // Ranges that start and end inside chunks, on chunk edges, before, after and around everything.
        final long[][] ranges = {{0, 999}, {5, 994}, {120, 239}, {119, 240}, {130, 131}, {-50, 10}, {990, 2000},
            {-100, -1}, {1000, 1100}, {-10, 5000}};
        for (final long[] range : ranges) {
            final long start = T0 + range[0] * 1000L;
            final long end = T0 + range[1] * 1000L;
            final List<Long> expected = oneByOne(start, end);
            for (final int length : new int[] {1, 7, 120, 121, 500, 4096}) {
                assertThat(inBulk(start, end, length)).as("range %s..%s, reads of %s", range[0], range[1], length)
                    .isEqualTo(expected);
            }
        }
    }

    @Test
    void shouldOfferTheNextChunkAsOneRead() {
        final ChunkListCursor cursor = query(T0, T0 + SAMPLES * 1000L);
        assertThat(cursor.preferredReadLength()).isEqualTo(120);
        final long[] t = new long[4096];
        final double[] v = new double[4096];
        assertThat(cursor.read(t, v, 3, 120)).isEqualTo(120);
        assertThat(t[3]).isEqualTo(T0);
        assertThat(cursor.read(t, v, 0, 50)).isEqualTo(50);
        assertThat(cursor.preferredReadLength()).isEqualTo(70);
        int total = 170;
        for (int n = cursor.read(t, v, 0, 4096); n > 0; n = cursor.read(t, v, 0, 4096)) {
            total += n;
        }
        assertThat(total).isEqualTo(SAMPLES);
        assertThat(cursor.preferredReadLength()).isZero();
    }

    private ChunkListCursor query(final long start, final long end) {
        return head.query(1, start, end, new ChunkListCursor().reset(start, end));
    }

    private List<Long> oneByOne(final long start, final long end) {
        final ChunkListCursor cursor = query(start, end);
        final List<Long> seen = new ArrayList<>();
        while (cursor.next()) {
            assertThat(cursor.value()).isEqualTo((cursor.timestampMillis() - T0) / 1000 * 0.25);
            seen.add(cursor.timestampMillis());
        }
        return seen;
    }

    private List<Long> inBulk(final long start, final long end, final int length) {
        final ChunkListCursor cursor = query(start, end);
        final long[] t = new long[length + 2];
        final double[] v = new double[length + 2];
        final List<Long> seen = new ArrayList<>();
        for (int n = cursor.read(t, v, 2, length); n > 0; n = cursor.read(t, v, 2, length)) {
            for (int i = 2; i < 2 + n; i++) {
                assertThat(v[i]).isEqualTo((t[i] - T0) / 1000 * 0.25);
                seen.add(t[i]);
            }
        }
        return seen;
    }
}
