// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql;

import io.ztsdb.core.Labels;
import io.ztsdb.core.Tsdb;
import io.ztsdb.core.TsdbConfig;
import io.ztsdb.core.WalSync;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromqlEngineTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    static Path dir;
    private static Tsdb tsdb;
    private static PromqlEngine engine;

    @BeforeAll
    static void load() {
        tsdb = Tsdb.open(dir, new TsdbConfig().walSync(WalSync.none()));
        for (int c = 0; c < 3; c++) {
            final long id = tsdb.registerSeries("container.cpu.usage", Labels.of("container_name", "c" + (c % 2),
                "instance", "i" + c));
            for (int s = 0; s <= 40; s++) {
                tsdb.insert(id, T0 + s * 15_000L, (c + 1) * s * 1.5);
            }
        }
        tsdb.insert(42, T0, 7.0);
        engine = new PromqlEngine(tsdb);
    }

    @AfterAll
    static void close() {
        tsdb.close();
    }

    @Test
    void shouldSelectByPrometheusAndCanonicalName() {
        final QueryResult byProm = engine.instantQuery("container_cpu_usage{instance=\"i1\"}", T0 + 600_000);
        assertThat(byProm.type()).isEqualTo(ValueType.VECTOR);
        assertThat(byProm.series()).hasSize(1);
        assertThat(byProm.series().get(0).labels().metricName()).isEqualTo("container_cpu_usage");
        assertThat(byProm.series().get(0).value(0)).isEqualTo(2 * 40 * 1.5);
        final QueryResult byCanonical = engine.instantQuery("{__name__=\"container.cpu.usage\"}", T0 + 600_000);
        assertThat(byCanonical.series()).hasSize(3);
    }

    @Test
    void shouldSelectRawSeriesById() {
        final QueryResult raw = engine.instantQuery("{__ztsdb_id__=\"42\"}", T0 + 60_000);
        assertThat(raw.series()).hasSize(1);
        assertThat(raw.series().get(0).labels().get(MetricNames.ID_LABEL)).isEqualTo("42");
        assertThat(raw.series().get(0).value(0)).isEqualTo(7.0);
        assertThat(engine.instantQuery("{__ztsdb_id__=\"42\"}", T0 + 301_000).series()).isEmpty();
    }

    @Test
    void shouldEvaluateRateAndSumByStep() {
        final QueryResult r = engine.rangeQuery("sum by (container_name) (rate(container_cpu_usage[1m]))",
            T0 + 60_000, T0 + 600_000, 15_000);
        assertThat(r.type()).isEqualTo(ValueType.MATRIX);
        assertThat(r.series()).hasSize(2);
        final QueryResult.Series c0 = r.series().get(0);
        assertThat(c0.labels()).isEqualTo(LabelSet.of("container_name", "c0"));
        assertThat(c0.size()).isEqualTo(37);
        // c0 = instances 0 and 2: slopes 1.5/15 and 4.5/15 per second.
        assertThat(c0.value(5)).isCloseTo(0.1 + 0.3, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void shouldSumInInputOrderOverWholePresenceWords() {
        // 601 steps: whole 64-step words where every series has a value, a partial word at the end.
        final QueryResult sum = engine.rangeQuery("sum by (container_name) (container_cpu_usage)", T0, T0 + 600_000,
            1_000);
        final QueryResult i0 = engine.rangeQuery("container_cpu_usage{instance=\"i0\"}", T0, T0 + 600_000, 1_000);
        final QueryResult i2 = engine.rangeQuery("container_cpu_usage{instance=\"i2\"}", T0, T0 + 600_000, 1_000);
        final QueryResult.Series c0 = sum.series().get(0);
        assertThat(c0.labels()).isEqualTo(LabelSet.of("container_name", "c0"));
        assertThat(c0.size()).isEqualTo(601);
        for (int i = 0; i < c0.size(); i++) {
            final double expected = i0.series().get(0).value(i) + i2.series().get(0).value(i);
            assertThat(c0.value(i)).as("step " + i).isEqualTo(expected);
        }
        // The sum of a single -0 is -0 (Prometheus starts from the first value; -0.0 + -0.0 keeps the sign).
        final QueryResult negativeZero = engine.instantQuery("sum(container_cpu_usage{instance=\"i0\"} * -1)", T0);
        assertThat(Double.doubleToRawLongBits(negativeZero.series().get(0).value(0)))
            .isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void shouldRefuseRangeVectorForRangeQuery() {
        assertThatThrownBy(() -> engine.rangeQuery("container_cpu_usage[5m]", T0, T0 + 60_000, 15_000))
            .isInstanceOf(PromqlException.class).hasMessageContaining("invalid expression type \"range vector\"");
    }

    @Test
    void shouldStopAtMaxSamples() {
        final PromqlEngine small = new PromqlEngine(tsdb, PromqlOptions.DEFAULTS.withMaxSamples(10));
        assertThatThrownBy(() -> small.rangeQuery("container_cpu_usage", T0, T0 + 600_000, 15_000))
            .isInstanceOf(PromqlException.class)
            .hasMessage("query processing would load too many samples into memory in query execution");
    }
}
