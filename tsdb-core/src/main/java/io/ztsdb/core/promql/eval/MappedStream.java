// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.eval;

import io.ztsdb.core.promql.LabelSet;

import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * Transforms each series of a stream in place: new labels, new values; series left without samples are skipped,
 * and when labels change, duplicate label sets at one step are an error.
 */
final class MappedStream implements SeriesStream {
    /** Rewrites the values of a series in place (clearing steps it drops). */
    @FunctionalInterface
    interface ValueMapper {
        void map(StepSeries series);
    }

    private final SeriesStream input;
    private final UnaryOperator<LabelSet> labels;
    private final ValueMapper values;
    private final DuplicateGuard guard;

    /**
     * @param labels the label rewrite, or null to keep labels.
     * @param values the value rewrite.
     */
    MappedStream(final SeriesStream input, final UnaryOperator<LabelSet> labels, final ValueMapper values) {
        this.input = input;
        this.labels = labels;
        this.values = values;
        this.guard = labels == null ? null : new DuplicateGuard();
    }

    /** @return a stream that drops the metric name and applies {@code op} to every value. */
    static MappedStream dropNameAndMap(final SeriesStream input, final DoubleUnaryOperator op) {
        return new MappedStream(input, LabelSet::withoutMetricName, series -> {
            final double[] v = series.values();
            for (int i = series.nextPresent(0); i >= 0; i = series.nextPresent(i + 1)) {
                v[i] = op.applyAsDouble(v[i]);
            }
        });
    }

    @Override
    public StepSeries next() {
        for (StepSeries s = input.next(); s != null; s = input.next()) {
            if (labels != null) {
                s.labels(labels.apply(s.labels()));
            }
            values.map(s);
            if (s.isEmpty()) {
                continue;
            }
            if (guard != null) {
                guard.check(s);
            }
            return s;
        }
        return null;
    }
}
