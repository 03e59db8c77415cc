// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql;

/**
 * The most series one selector of a query may match: past it the query fails with an execution error (HTTP 422 in
 * Prometheus' API, as its sample limit does) before any sample is read.
 *
 * @param maxSeries  the limit, at least 1.
 * @param setting    how the operator sets it, quoted in the error (e.g. {@code --max-series-per-query}).
 * @param onExceeded called once per refused query (a counter).
 */
public record SeriesLimit(int maxSeries, String setting, Runnable onExceeded) {
    /** No limit. */
    public static final SeriesLimit NONE = new SeriesLimit(Integer.MAX_VALUE, "", () -> { });

    /** Checks the values. */
    public SeriesLimit {
        if (maxSeries < 1) {
            throw new IllegalArgumentException("maxSeries must be at least 1: " + maxSeries);
        }
    }

    /**
     * Counts a refusal.
     *
     * @return the error of a selector over the limit.
     */
    public PromqlException exceeded() {
        onExceeded.run();
        return new PromqlException(ErrorType.EXECUTION, "query processing would select too many series: a selector "
            + "matches more than " + maxSeries + " series (" + setting + ")");
    }
}
