// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.eval;

import io.ztsdb.core.promql.LabelSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects output samples into series by label set, in order of first appearance, as Prometheus assembles the
 * per-step results of an operation into a matrix.
 */
final class SeriesMerger {
    private final int steps;
    private final Map<LabelSet, StepSeries> byLabels = new HashMap<>();
    private final List<StepSeries> series = new ArrayList<>();

    SeriesMerger(final int steps) {
        this.steps = steps;
    }

    /** @return the output series with these labels, created empty when new. */
    StepSeries get(final LabelSet labels) {
        StepSeries s = byLabels.get(labels);
        if (s == null) {
            s = new StepSeries(labels, steps);
            byLabels.put(labels, s);
            series.add(s);
        }
        return s;
    }

    /** @return the collected series. */
    StepMatrix matrix() {
        series.removeIf(StepSeries::isEmpty);
        return new StepMatrix(steps, series);
    }
}
