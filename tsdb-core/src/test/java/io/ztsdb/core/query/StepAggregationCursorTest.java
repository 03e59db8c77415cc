// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.query;

import io.ztsdb.core.Aggregation;
import io.ztsdb.core.SampleCursor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StepAggregationCursorTest {
    /** Samples at 0, 10, 20 (bucket 0 of step 30), 30, 50 (bucket 1), nothing in bucket 2, 95 (bucket 3). */
    private static final long[] TS = {0, 10, 20, 30, 50, 95};
    private static final double[] VALUES = {1, 5, 3, 10, -2, 7};

    @Test
    void shouldReduceEachBucketAndSkipEmptyOnes() {
        assertThat(run(Aggregation.AVG)).containsExactly("0=3.0", "30=4.0", "90=7.0");
        assertThat(run(Aggregation.MIN)).containsExactly("0=1.0", "30=-2.0", "90=7.0");
        assertThat(run(Aggregation.MAX)).containsExactly("0=5.0", "30=10.0", "90=7.0");
        assertThat(run(Aggregation.SUM)).containsExactly("0=9.0", "30=8.0", "90=7.0");
        assertThat(run(Aggregation.COUNT)).containsExactly("0=3.0", "30=2.0", "90=1.0");
        assertThat(run(Aggregation.LAST)).containsExactly("0=3.0", "30=-2.0", "90=7.0");
    }

    @Test
    void shouldAlignBucketsToMultiplesOfStepIncludingNegativeTimestamps() {
        final List<String> out = collect(new StepAggregationCursor().reset(
            new ArraySampleCursor(new long[] {-15, -1, 0, 9, 10}, new double[] {1, 2, 3, 4, 5}), 10,
            Aggregation.COUNT));
        assertThat(out).containsExactly("-20=1.0", "-10=1.0", "0=2.0", "10=1.0");
    }

    @Test
    void shouldComputeRatePerSecondFromPreviousSampleAndHandleCounterReset() {
        // Counter sampled every second: 0, 10, 20, reset to 5, 15, 25; step 2 s.
        final long[] ts = {0, 1000, 2000, 3000, 4000, 5000};
        final double[] values = {0, 10, 20, 5, 15, 25};
        final List<String> out = collect(new StepAggregationCursor().reset(new ArraySampleCursor(ts, values), 2000,
            Aggregation.RATE));
        // Bucket 0: 0 -> 10 over 1 s. Bucket 2000: 10 -> 20 -> reset(5) over 2 s = (10 + 5) / 2.
        // Bucket 4000: 5 -> 15 -> 25 over 2 s = 10.
        assertThat(out).containsExactly("0=10.0", "2000=7.5", "4000=10.0");
    }

    @Test
    void shouldSkipRateBucketWithoutTimeSpan() {
        final List<String> out = collect(new StepAggregationCursor().reset(
            new ArraySampleCursor(new long[] {500, 2500}, new double[] {1, 3}), 1000, Aggregation.RATE));
        // First bucket: one sample, nothing before it. Second: from 500 to 2500, +2 in 2 s.
        assertThat(out).containsExactly("2000=1.0");
    }

    @Test
    void shouldPropagateNaN() {
        final List<String> out = collect(new StepAggregationCursor().reset(
            new ArraySampleCursor(new long[] {0, 1}, new double[] {1, Double.NaN}), 10, Aggregation.SUM));
        assertThat(out).containsExactly("0=NaN");
    }

    @Test
    void shouldBeReusableAndCloseSource() {
        final StepAggregationCursor cursor = new StepAggregationCursor();
        final ArraySampleCursor first = new ArraySampleCursor(TS, VALUES);
        assertThat(collect(cursor.reset(first, 30, Aggregation.LAST))).hasSize(3);
        cursor.close();
        assertThat(first.isClosed()).isTrue();
        assertThat(collect(cursor.reset(new ArraySampleCursor(TS, VALUES), 1000, Aggregation.COUNT)))
            .containsExactly("0=6.0");
    }

    @Test
    void shouldCountBucketsOfRange() {
        assertThat(StepAggregationCursor.bucketCount(0, 86_399_999, 60_000)).isEqualTo(1440);
        assertThat(StepAggregationCursor.bucketCount(5, 5, 60_000)).isEqualTo(1);
        assertThat(StepAggregationCursor.bucketCount(59_999, 60_000, 60_000)).isEqualTo(2);
        assertThat(StepAggregationCursor.bucketCount(10, 5, 60_000)).isZero();
        assertThatThrownBy(() -> new StepAggregationCursor().reset(new ArraySampleCursor(TS, VALUES), 0,
            Aggregation.AVG)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldParseAggregationNames() {
        assertThat(Aggregation.parse("Rate")).isEqualTo(Aggregation.RATE);
        assertThat(Aggregation.RATE.label()).isEqualTo("rate");
        assertThatThrownBy(() -> Aggregation.parse("median")).hasMessageContaining("agg=median")
            .hasMessageContaining("avg, min, max, sum, count, last, rate");
    }

    private static List<String> run(final Aggregation aggregation) {
        return collect(new StepAggregationCursor().reset(new ArraySampleCursor(TS, VALUES), 30, aggregation));
    }

    private static List<String> collect(final SampleCursor cursor) {
        final List<String> out = new ArrayList<>();
        while (cursor.next()) {
            out.add(cursor.timestampMillis() + "=" + cursor.value());
        }
        return out;
    }
}
