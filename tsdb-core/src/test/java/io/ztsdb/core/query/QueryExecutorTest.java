// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.query;

import io.ztsdb.core.Aggregation;
import io.ztsdb.core.Labels;
import io.ztsdb.core.QueryLimitException;
import io.ztsdb.core.SampleCursor;
import io.ztsdb.core.SeriesCursor;
import io.ztsdb.core.SeriesSelector;
import io.ztsdb.core.series.SeriesCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryExecutorTest {
    @TempDir
    Path dir;

    private SeriesCatalog catalog;
    private final Map<Long, long[]> stored = new HashMap<>();
    private QueryExecutor executor;

    @BeforeEach
    void setUp() {
        catalog = SeriesCatalog.open(dir);
        executor = new QueryExecutor(catalog, (seriesId, startMillis, endMillis) -> {
                final long[] ts = stored.getOrDefault(seriesId, new long[0]);
                final List<Long> in = new ArrayList<>();
                for (final long t : ts) {
                    if (t >= startMillis && t <= endMillis) {
                        in.add(t);
                    }
                }
                final long[] t = in.stream().mapToLong(Long::longValue).toArray();
                final double[] v = new double[t.length];
                for (int i = 0; i < t.length; i++) {
                    v[i] = t[i] / 1000.0;
                }
                return new ArraySampleCursor(t, v);
        });
    }

    @AfterEach
    void tearDown() {
        catalog.close();
    }

    @Test
    void shouldQueryBySelectorWithNamesAndAggregation() {
        final long a = catalog.register("cpu", Labels.of("id", "a"));
        final long b = catalog.register("cpu", Labels.of("id", "b"));
        catalog.register("mem", Labels.of("id", "a"));
        stored.put(a, new long[] {0, 1000, 2000, 3000});
        stored.put(b, new long[] {5000});
        final List<String> out = new ArrayList<>();
        try (SeriesCursor series = executor.query(SeriesSelector.parse("cpu"), 0, 10_000, 2000, Aggregation.COUNT,
            100)) {
            assertThat(series.seriesCount()).isEqualTo(2);
            while (series.next()) {
                final SampleCursor samples = series.samples();
                while (samples.next()) {
                    out.add(series.metric() + series.labels() + "@" + samples.timestampMillis() + "=" +
                        samples.value());
                }
            }
        }
        assertThat(out).containsExactly("cpu{id=\"a\"}@0=2.0", "cpu{id=\"a\"}@2000=2.0", "cpu{id=\"b\"}@4000=1.0");
    }

    @Test
    void shouldQueryRawSeriesById() {
        stored.put(7L, new long[] {1, 2, 3});
        try (SeriesCursor series = executor.query(new long[] {7}, 2, 3, 0, null, 100)) {
            assertThat(series.next()).isTrue();
            assertThat(series.metric()).isNull();
            assertThat(series.labels().isEmpty()).isTrue();
            final SampleCursor s = series.samples();
            assertThat(s.next()).isTrue();
            assertThat(s.timestampMillis()).isEqualTo(2);
            assertThat(s.next()).isTrue();
            assertThat(s.next()).isFalse();
            assertThat(series.next()).isFalse();
        }
    }

    @Test
    void shouldRaiseLimitErrorBeforeReturningPoints() {
        final long a = catalog.register("cpu", Labels.of("id", "a"));
        stored.put(a, new long[] {0, 1, 2, 3, 4, 5});
        assertThatThrownBy(() -> executor.query(new long[] {a}, 0, 10, 0, null, 5))
            .isInstanceOfSatisfying(QueryLimitException.class, ex -> {
                assertThat(ex.maxPoints()).isEqualTo(5);
                assertThat(ex.points()).isEqualTo(6);
            })
            .hasMessageContaining("query exceeds the limit of 5 points");
        // Within limit once the range is narrowed, or a step reduces the points.
        executor.query(new long[] {a}, 0, 4, 0, null, 5).close();
        executor.query(SeriesSelector.parse("cpu"), 0, 10, 5, Aggregation.AVG, 5).close();
        // 11 buckets of 1 ms: bounded by the 6 samples present, still over 5.
        assertThatThrownBy(() -> executor.query(SeriesSelector.parse("cpu"), 0, 10, 1, Aggregation.AVG, 5))
            .isInstanceOf(QueryLimitException.class);
    }

    @Test
    void shouldRejectBadRanges() {
        final long[] one = {1};
        assertThatThrownBy(() -> executor.query(one, 10, 5, 0, null, 5)).hasMessageContaining("start must not be");
        assertThatThrownBy(() -> executor.query(one, 0, 5, -1, Aggregation.AVG, 5)).hasMessageContaining("step");
        assertThatThrownBy(() -> executor.query(one, 0, 5, 10, null, 5)).hasMessageContaining("a step needs an agg");
    }
}
