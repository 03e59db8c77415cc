// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.series;

import io.ztsdb.core.Labels;

/**
 * A named series known to the registry.
 *
 * @param seriesId its stable id, see {@link SeriesIds}.
 * @param metric   metric name (interned).
 * @param labels   labels (names and values interned).
 */
public record RegisteredSeries(long seriesId, String metric, Labels labels) {
    /** @return the canonical text form, see {@link SeriesIds#canonical}. */
    public String canonical() {
        return SeriesIds.canonical(metric, labels);
    }

    boolean sameName(final String otherMetric, final Labels otherLabels) {
        return metric.equals(otherMetric) && labels.equals(otherLabels);
    }
}
