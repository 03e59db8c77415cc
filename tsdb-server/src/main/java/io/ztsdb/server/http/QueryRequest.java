// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import io.ztsdb.core.Aggregation;
import io.ztsdb.core.SeriesSelector;

/**
 * A checked {@code GET /query}: the series (a selector, or one id), the range and the optional aggregation.
 *
 * @param selector    the {@code match} selector, null for a query of one id.
 * @param seriesId    the {@code series} id (u64), meaningful when {@code selector} is null.
 * @param startMillis first timestamp of the range, inclusive.
 * @param endMillis   last timestamp of the range, inclusive, not before {@code startMillis}.
 * @param stepMillis  bucket width, 0 for one bucket (with an aggregation) or none.
 * @param aggregation the reduction per bucket, null for the raw samples.
 */
record QueryRequest(SeriesSelector selector, long seriesId, long startMillis, long endMillis, long stepMillis,
                    Aggregation aggregation) {
    /**
     * @return a query of the raw samples of one series.
     */
    static QueryRequest raw(final long seriesId, final long startMillis, final long endMillis) {
        return new QueryRequest(null, seriesId, startMillis, endMillis, 0, null);
    }

    /**
     * @return true for the raw samples of one id: streamed straight from the series without a point limit, in
     *     the shape without metric name and labels.
     */
    boolean isRawSeries() {
        return selector == null && aggregation == null;
    }
}
