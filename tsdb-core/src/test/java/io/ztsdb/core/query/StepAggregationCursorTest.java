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
    void shouldStartBucketsAtQueryStart() {
        // start 5, step 10: buckets [5,15) [15,25) [25,35).
        final List<String> out = collect(new StepAggregationCursor().reset(
            new ArraySampleCursor(new long[] {5, 14, 15, 30, 34}, new double[] {1, 2, 3, 4, 5}), 5, 10,
            Aggregation.COUNT));
        assertThat(out).containsExactly("5=2.0", "15=1.0", "25=2.0");
    }

    @Test
    void shouldMakeOneBucketWhenStepIsZero() {
        final List<String> out = collect(new StepAggregationCursor().reset(new ArraySampleCursor(TS, VALUES), -100, 0,
            Aggregation.SUM));
        assertThat(out).containsExactly("-100=24.0");
    }

    @Test
    void shouldComputeRatePerSecondWithinBucketAndHandleCounterReset() {
        // Counter sampled every second: 0, 10, 20, reset to 5, 15, 25, 35; step 3 s.
        final long[] ts = {0, 1000, 2000, 3000, 4000, 5000, 6000};
        final double[] values = {0, 10, 20, 5, 15, 25, 35};
        final List<String> out = collect(new StepAggregationCursor().reset(new ArraySampleCursor(ts, values), 0, 3000,
            Aggregation.RATE));
        // Bucket 0: 0 -> 20 over 2 s. Bucket 3000: 5 -> 25 over 2 s. Bucket 6000: one sample, no rate.
        assertThat(out).containsExactly("0=10.0", "3000=10.0");
        final List<String> reset = collect(new StepAggregationCursor().reset(new ArraySampleCursor(ts, values), 0,
            0, Aggregation.RATE));
        // 10 + 10 + reset(5) + 10 + 10 + 10 = 55 over 6 s.
        assertThat(reset).containsExactly("0=" + 55.0 / 6);
    }

    @Test
    void shouldSkipRateBucketWithOneSample() {
        final List<String> out = collect(new StepAggregationCursor().reset(
            new ArraySampleCursor(new long[] {500, 2500, 2900}, new double[] {1, 3, 4}), 0, 1000, Aggregation.RATE));
        assertThat(out).containsExactly("2000=2.5");
    }

    @Test
    void shouldPropagateNaN() {
        final List<String> out = collect(new StepAggregationCursor().reset(
            new ArraySampleCursor(new long[] {0, 1}, new double[] {1, Double.NaN}), 0, 10, Aggregation.SUM));
        assertThat(out).containsExactly("0=NaN");
    }

    @Test
    void shouldBeReusableAndCloseSource() {
        final StepAggregationCursor cursor = new StepAggregationCursor();
        final ArraySampleCursor first = new ArraySampleCursor(TS, VALUES);
        assertThat(collect(cursor.reset(first, 0, 30, Aggregation.LAST))).hasSize(3);
        cursor.close();
        assertThat(first.isClosed()).isTrue();
        assertThat(collect(cursor.reset(new ArraySampleCursor(TS, VALUES), 0, 1000, Aggregation.COUNT)))
            .containsExactly("0=6.0");
    }

    @Test
    void shouldCountBucketsOfRange() {
        assertThat(StepAggregationCursor.bucketCount(0, 86_399_999, 60_000)).isEqualTo(1440);
        assertThat(StepAggregationCursor.bucketCount(5, 5, 60_000)).isEqualTo(1);
        assertThat(StepAggregationCursor.bucketCount(0, 60_000, 60_000)).isEqualTo(2);
        assertThat(StepAggregationCursor.bucketCount(10, 5, 60_000)).isZero();
        assertThat(StepAggregationCursor.bucketCount(0, 1_000_000, 0)).isEqualTo(1);
        assertThat(StepAggregationCursor.bucketCount(Long.MIN_VALUE, Long.MAX_VALUE, 1)).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> new StepAggregationCursor().reset(new ArraySampleCursor(TS, VALUES), 0, -1,
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
        return collect(new StepAggregationCursor().reset(new ArraySampleCursor(TS, VALUES), 0, 30, aggregation));
    }

    private static List<String> collect(final SampleCursor cursor) {
        final List<String> out = new ArrayList<>();
        while (cursor.next()) {
            out.add(cursor.timestampMillis() + "=" + cursor.value());
        }
        return out;
    }
}
