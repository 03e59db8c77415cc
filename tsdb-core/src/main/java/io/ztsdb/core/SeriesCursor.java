// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

/**
 * Forward-only cursor over the series of a query result, each with its samples:
 * <pre>{@code
 * try (SeriesCursor series = tsdb.query(selector, start, end, step, Aggregation.AVG)) {
 *     while (series.next()) {
 *         SampleCursor samples = series.samples();
 *         while (samples.next()) { use(series.seriesId(), samples.timestampMillis(), samples.value()); }
 *     }
 * }
 * }</pre>
 * The sample cursor of a series is valid until the next call to {@link #next()}.
 */
public interface SeriesCursor extends AutoCloseable {
    /**
     * Advances to the next series.
     *
     * @return false when there are no more series.
     */
    boolean next();

    /** {@return id of the current series} */
    long seriesId();

    /** {@return metric name of the current series, null for a raw-id series} */
    String metric();

    /** {@return labels of the current series, empty for a raw-id series} */
    Labels labels();

    /** {@return the samples of the current series (aggregated when the query has an aggregation)} */
    SampleCursor samples();

    /** {@return number of series in the result} */
    int seriesCount();

    /** Releases what the cursor holds; idempotent. */
    @Override
    void close();
}
