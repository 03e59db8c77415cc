// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

/**
 * Summary of one stored series.
 *
 * @param seriesId           the series id.
 * @param pointCount         points stored.
 * @param minTimestampMillis oldest timestamp stored, {@link Long#MAX_VALUE} when empty.
 * @param maxTimestampMillis newest timestamp stored, {@link Long#MIN_VALUE} when empty.
 * @param metric             metric name of a named series, null for a raw-id series.
 * @param labels             labels of a named series, empty for a raw-id series.
 */
public record SeriesInfo(long seriesId, long pointCount, long minTimestampMillis, long maxTimestampMillis,
    String metric, Labels labels) {

    /** Replaces null labels with the empty set. */
    public SeriesInfo {
        if (labels == null) {
            labels = Labels.empty();
        }
    }

    /**
     * A raw-id series: no metric name, no labels.
     *
     * @param seriesId           the series id.
     * @param pointCount         points stored.
     * @param minTimestampMillis oldest timestamp stored, {@link Long#MAX_VALUE} when empty.
     * @param maxTimestampMillis newest timestamp stored, {@link Long#MIN_VALUE} when empty.
     */
    public SeriesInfo(final long seriesId, final long pointCount, final long minTimestampMillis,
        final long maxTimestampMillis) {
        this(seriesId, pointCount, minTimestampMillis, maxTimestampMillis, null, Labels.empty());
    }

    /** {@return true for a named series (registered with a metric name and labels)} */
    public boolean isNamed() {
        return metric != null;
    }

    /**
     * Adds the name and labels of a named series.
     *
     * @param name       metric name.
     * @param nameLabels labels.
     * @return this summary with the name and labels of a named series.
     */
    public SeriesInfo withName(final String name, final Labels nameLabels) {
        return new SeriesInfo(seriesId, pointCount, minTimestampMillis, maxTimestampMillis, name, nameLabels);
    }
}
