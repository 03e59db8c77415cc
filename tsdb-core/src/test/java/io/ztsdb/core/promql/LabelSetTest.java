// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LabelSetTest {
    @Test
    void shouldKeepLabelsSortedAndDropEmptyValues() {
        final LabelSet labels = LabelSet.of("job", "api", "__name__", "up", "empty", "", "Zone", "a");
        assertThat(labels.toString()).isEqualTo("{Zone=\"a\", __name__=\"up\", job=\"api\"}");
        assertThat(labels.with("job", "")).isEqualTo(LabelSet.of("__name__", "up", "Zone", "a"));
        assertThat(labels.withoutMetricName().metricName()).isNull();
        assertThat(labels.keep(List.of("job"))).isEqualTo(LabelSet.of("job", "api"));
        assertThat(labels.without(List.of("job", "Zone"))).isEqualTo(LabelSet.of("__name__", "up"));
        assertThat(labels.get("missing")).isEmpty();
    }

    @Test
    void shouldCompareAsPrometheus() {
        assertThat(LabelSet.of("a", "1").compareTo(LabelSet.of("a", "1", "b", "2"))).isNegative();
        assertThat(LabelSet.of("a", "2").compareTo(LabelSet.of("a", "1", "b", "2"))).isPositive();
        assertThat(LabelSet.of("b", "1").compareTo(LabelSet.of("a", "1"))).isPositive();
    }

    @Test
    void shouldQuoteLikeGo() {
        assertThat(GoQuote.quote("a\"b\\c\n\u0001é")).isEqualTo("\"a\\\"b\\\\c\\n\\x01é\"");
    }

    @Test
    void shouldParseAndPrintDurations() {
        assertThat(Durations.parse("1h30m")).isEqualTo(5_400_000);
        assertThat(Durations.parse("1y2w3d4h5m6s7ms")).isEqualTo(((((365L + 14 + 3) * 24 + 4) * 60 + 5) * 60 + 6) *
            1000 + 7);
        assertThat(Durations.format(5_400_000)).isEqualTo("1h30m");
        assertThat(Durations.format(90 * 86_400_000L)).isEqualTo("90d");
        assertThat(Durations.format(7 * 86_400_000L)).isEqualTo("1w");
    }
}
