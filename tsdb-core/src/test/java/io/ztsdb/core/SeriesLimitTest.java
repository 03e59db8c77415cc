// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cardinality limit: a write that would take the head past maxSeries is refused whole, others go on. */
class SeriesLimitTest {
    @TempDir
    Path dir;

    private static MemorySegment batch(final Arena arena, final long firstSeries, final int series,
        final long timestampMillis) {
        final MemorySegment points = arena.allocate((long)series * PointDescriptor.LENGTH);
        for (int i = 0; i < series; i++) {
            final long at = (long)i * PointDescriptor.LENGTH;
            points.set(PointDescriptor.LONG, at + PointDescriptor.SERIES_ID_OFFSET, firstSeries + i);
            points.set(PointDescriptor.LONG, at + PointDescriptor.TIMESTAMP_OFFSET, timestampMillis);
            points.set(PointDescriptor.DOUBLE, at + PointDescriptor.VALUE_OFFSET, i);
        }
        return points;
    }

    @Test
    void shouldRefuseWritesBeyondTheSeriesLimitWholeAndAcceptPointsOfKnownSeries() {
        try (Tsdb tsdb = Tsdb.open(dir, new TsdbConfig().maxSeries(100)); Arena arena = Arena.ofConfined()) {
            assertThat(tsdb.insertBatch(batch(arena, 1, 90, 1000), 0, 90).acceptedPoints()).isEqualTo(90);
            assertThatThrownBy(() -> tsdb.insertBatch(batch(arena, 81, 30, 2000), 0, 30))
                .isInstanceOfSatisfying(SeriesLimitException.class, ex -> {
                    assertThat(ex.maxSeries()).isEqualTo(100);
                    assertThat(ex.getMessage()).contains("holds 90 series").contains("would add 20")
                        .contains("nothing of it is stored");
                });
            assertThat(tsdb.stats().pointCount()).as("nothing of the refused batch").isEqualTo(90);
            assertThat(tsdb.insertBatch(batch(arena, 1, 90, 3000), 0, 90).acceptedPoints())
                .as("existing series near the limit").isEqualTo(90);
            assertThat(tsdb.insertBatch(batch(arena, 91, 10, 3000), 0, 10).acceptedPoints()).isEqualTo(10);
            assertThatThrownBy(() -> tsdb.insert(101, 1000, 1.0)).isInstanceOf(SeriesLimitException.class);
            assertThat(tsdb.stats().seriesCount()).isEqualTo(100);
        }
        try (Tsdb reopened = Tsdb.open(dir, new TsdbConfig().maxSeries(100))) {
            assertThat(reopened.stats().pointCount()).as("the refused writes never reached the WAL").isEqualTo(190);
        }
    }
}
