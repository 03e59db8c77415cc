// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import io.ztsdb.core.series.SeriesIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TsdbSeriesTest {
    @TempDir
    Path dir;

    @Test
    void shouldRegisterNamedSeriesAndKeepIdsAcrossRestart() {
        final Labels labels = Labels.of("container_id", "abc", "runtime", "docker");
        final long id;
        try (Tsdb tsdb = Tsdb.open(dir)) {
            id = tsdb.registerSeries("container.cpu.usage", labels);
            assertThat(id).isEqualTo(SeriesIds.id("container.cpu.usage", labels));
            assertThat(tsdb.registerSeries("container.cpu.usage", Labels.of("runtime", "docker", "container_id",
                "abc"))).isEqualTo(id);
        }
        try (Tsdb tsdb = Tsdb.open(dir)) {
            final List<SeriesInfo> selected =
                tsdb.select(SeriesSelector.parse("container.cpu.usage{container_id=\"abc\"}"));
            assertThat(selected).singleElement().satisfies(info -> {
                assertThat(info.seriesId()).isEqualTo(id);
                assertThat(info.metric()).isEqualTo("container.cpu.usage");
                assertThat(info.labels()).isEqualTo(labels);
                assertThat(info.pointCount()).isZero();
            });
        }
    }

    @Test
    void shouldSelectWithPointsAndListNamedAndRawSeries() {
        try (Tsdb tsdb = Tsdb.open(dir)) {
            final long cpuA = tsdb.registerSeries("cpu", Labels.of("id", "a", "rt", "docker"));
            final long cpuB = tsdb.registerSeries("cpu", Labels.of("id", "b", "rt", "podman"));
            tsdb.registerSeries("mem", Labels.of("id", "a", "rt", "docker"));
            tsdb.insert(cpuA, 1000, 1.0);
            tsdb.insert(cpuA, 2000, 2.0);
            tsdb.insert(cpuB, 1000, 5.0);
            tsdb.insert(42, 1000, 9.0);
            final List<SeriesInfo> selected = tsdb.select(SeriesSelector.parse("cpu{rt=~\"docker|podman\"}"));
            assertThat(selected).extracting(SeriesInfo::seriesId).containsExactly(cpuA, cpuB);
            assertThat(selected.getFirst().pointCount()).isEqualTo(2);
            assertThat(selected.getFirst().maxTimestampMillis()).isEqualTo(2000);
            final List<SeriesInfo> all = tsdb.series();
            assertThat(all).hasSize(4);
            assertThat(all).filteredOn(s -> s.seriesId() == 42).singleElement()
                .satisfies(s -> assertThat(s.isNamed()).isFalse());
            assertThat(all).filteredOn(SeriesInfo::isNamed).extracting(SeriesInfo::metric)
                .containsExactlyInAnyOrder("cpu", "cpu", "mem");
            assertThat(tsdb.labelNames()).containsExactly("__name__", "id", "rt");
            assertThat(tsdb.findSeries(cpuA).metric()).isEqualTo("cpu");
            assertThat(tsdb.findSeries(cpuA).pointCount()).isEqualTo(2);
            assertThat(tsdb.findSeries(42).isNamed()).isFalse();
            assertThat(tsdb.findSeries(43)).isNull();
            assertThat(tsdb.labelValues("rt")).containsExactly("docker", "podman");
            assertThat(tsdb.labelValues("__name__")).containsExactly("cpu", "mem");
            assertThat(tsdb.labelValues("rt", SeriesSelector.parse("mem"))).containsExactly("docker");
            assertThat(tsdb.labelValues("__name__", SeriesSelector.parse("{id=\"b\"}"))).containsExactly("cpu");
            assertThat(tsdb.labelNames(SeriesSelector.parse("mem"))).containsExactly("__name__", "id", "rt");
        }
    }

    @Test
    void shouldAggregateByStepThroughTheHead() {
        try (Tsdb tsdb = Tsdb.open(dir)) {
            final long id = tsdb.registerSeries("net.rx.bytes", Labels.of("id", "a"));
            // A counter growing by 100 per second for 10 minutes, reset to 0 at minute 5.
            for (int s = 0; s < 600; s++) {
                tsdb.insert(id, s * 1000L, (s < 300 ? s : s - 300) * 100.0);
            }
            final List<String> avg = collect(tsdb.query(id, 0, 599_000, 60_000, Aggregation.COUNT));
            assertThat(avg).hasSize(10).allMatch(p -> p.endsWith("=60.0"));
            final List<String> rate = collect(tsdb.query(id, 0, 599_000, 60_000, Aggregation.RATE));
            assertThat(rate).hasSize(10).allMatch(p -> p.endsWith("=100.0"));
            final List<String> whole = collect(tsdb.query(id, 0, 599_000, 0, Aggregation.RATE));
            // 599 intervals of +100, one of them a reset to 0 (increase 0): 59,800 over 599 s.
            assertThat(whole).containsExactly("0=" + 59_800.0 / 599);
            final List<String> last = collect(tsdb.query(id, 30_000, 150_000, 60_000, Aggregation.LAST));
            assertThat(last).containsExactly("30000=8900.0", "90000=14900.0", "150000=15000.0");
        }
    }

    @Test
    void shouldQueryBySelectorAndEnforceLimit() {
        try (Tsdb tsdb = Tsdb.open(dir)) {
            for (int c = 0; c < 3; c++) {
                final long id = tsdb.registerSeries("cpu", Labels.of("id", "c" + c));
                for (int s = 0; s < 100; s++) {
                    tsdb.insert(id, s * 1000L, c);
                }
            }
            int series = 0;
            int points = 0;
            try (SeriesCursor cursor = tsdb.query(SeriesSelector.parse("cpu{id!=\"c1\"}"), 0, 99_000, 10_000,
                Aggregation.AVG)) {
                while (cursor.next()) {
                    series++;
                    assertThat(cursor.labels().get("id")).isIn("c0", "c2");
                    final SampleCursor samples = cursor.samples();
                    while (samples.next()) {
                        points++;
                        assertThat(samples.value()).isEqualTo(cursor.labels().get("id").equals("c0") ? 0.0 : 2.0);
                    }
                }
            }
            assertThat(series).isEqualTo(2);
            assertThat(points).isEqualTo(20);
            assertThatThrownBy(() -> tsdb.query(SeriesSelector.parse("cpu"), 0, 99_000, 0, null, 299))
                .isInstanceOf(QueryLimitException.class).hasMessageContaining("limit of 299 points");
            tsdb.query(SeriesSelector.parse("cpu"), 0, 99_000, 0, null, 300).close();
        }
    }

    @Test
    void shouldFindNamedSeriesAndTheirPointsInBlocksAfterRestart() {
        final long id;
        try (Tsdb tsdb = Tsdb.open(dir)) {
            id = tsdb.registerSeries("container.memory.bytes", Labels.of("container_id", "p1"));
            for (int s = 0; s < 600; s++) {
                tsdb.insert(id, s * 1000L, s);
            }
            tsdb.persistNow();
        }
        try (Tsdb tsdb = Tsdb.open(dir)) {
            final SeriesInfo info = tsdb.select(SeriesSelector.parse("container.memory.bytes")).getFirst();
            assertThat(info.seriesId()).isEqualTo(id);
            assertThat(info.pointCount()).isEqualTo(600);
            assertThat(info.minTimestampMillis()).isZero();
            assertThat(info.maxTimestampMillis()).isEqualTo(599_000);
            assertThat(tsdb.findSeries(id).pointCount()).isEqualTo(600);
            try (SeriesCursor cursor = tsdb.query(SeriesSelector.parse("{container_id=\"p1\"}"), 0, 599_000,
                60_000, Aggregation.MAX)) {
                assertThat(cursor.next()).isTrue();
                final List<String> points = new ArrayList<>();
                final SampleCursor samples = cursor.samples();
                while (samples.next()) {
                    points.add(samples.timestampMillis() + "=" + samples.value());
                }
                assertThat(points).hasSize(10).startsWith("0=59.0").endsWith("540000=599.0");
            }
        }
    }

    @Test
    void shouldStillServeRawIdSeries() {
        try (Tsdb tsdb = Tsdb.open(dir)) {
            tsdb.insert(1, 2_542_244_864L, 100.0);
            try (SeriesCursor cursor = tsdb.query(new long[] {1}, 0, 9_999_999_999_999L, 0, null, 10)) {
                assertThat(cursor.next()).isTrue();
                assertThat(cursor.metric()).isNull();
                final SampleCursor samples = cursor.samples();
                assertThat(samples.next()).isTrue();
                assertThat(samples.value()).isEqualTo(100.0);
            }
        }
    }

    private static List<String> collect(final SampleCursor cursor) {
        final List<String> out = new ArrayList<>();
        try (cursor) {
            while (cursor.next()) {
                out.add(cursor.timestampMillis() + "=" + cursor.value());
            }
        }
        return out;
    }
}
