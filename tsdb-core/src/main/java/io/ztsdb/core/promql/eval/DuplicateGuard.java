// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.eval;

import io.ztsdb.core.promql.LabelSet;

import java.util.HashMap;
import java.util.Map;

/**
 * Prometheus' check that an instant vector never holds two samples with the same labels at one step (which
 * happens when an operation drops the metric name of series that differ only by it).
 */
final class DuplicateGuard {
    private final Map<LabelSet, long[]> presence = new HashMap<>();

    /**
     * @throws io.ztsdb.core.promql.PromqlException when a series seen before with the same labels has a sample at
     *     one of the same steps.
     */
    void check(final StepSeries series) {
        final long[] bits = series.presence();
        final long[] seen = presence.get(series.labels());
        if (seen == null) {
            presence.put(series.labels(), bits.clone());
            return;
        }
        for (int w = 0; w < bits.length; w++) {
            if ((seen[w] & bits[w]) != 0) {
                throw EvalContext.executionError("vector cannot contain metrics with the same labelset");
            }
            seen[w] |= bits[w];
        }
    }
}
