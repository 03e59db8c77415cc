// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

/**
 * A query would return more points than the configured limit; raised before any point is returned.
 */
public final class QueryLimitException extends TsdbException {
    private static final long serialVersionUID = 1L;

    /** Points the query would return (or a lower bound of them). */
    private final long points;
    /** The limit. */
    private final long maxPoints;

    /**
     * Creates the exception for a query over its point limit.
     *
     * @param points    points the query would return (or a lower bound of them).
     * @param maxPoints the limit.
     */
    public QueryLimitException(final long points, final long maxPoints) {
        super("query exceeds the limit of " + maxPoints + " points: it would return at least " + points +
            " (narrow the time range or the selector, or use a larger step)");
        this.points = points;
        this.maxPoints = maxPoints;
    }

    /** {@return points the query would return, or a lower bound} */
    public long points() {
        return points;
    }

    /** {@return the limit} */
    public long maxPoints() {
        return maxPoints;
    }
}
