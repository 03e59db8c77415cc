// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

/**
 * Summary of one stored series.
 *
 * @param seriesId         the series id.
 * @param pointCount       points stored.
 * @param minTimestampMillis oldest timestamp stored, {@link Long#MAX_VALUE} when empty.
 * @param maxTimestampMillis newest timestamp stored, {@link Long#MIN_VALUE} when empty.
 */
public record SeriesInfo(long seriesId, long pointCount, long minTimestampMillis, long maxTimestampMillis) {
}
