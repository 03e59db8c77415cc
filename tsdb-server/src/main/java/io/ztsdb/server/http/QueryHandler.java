// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.ztsdb.core.SampleCursor;
import io.ztsdb.core.SeriesCursor;
import io.ztsdb.core.Tsdb;
import io.ztsdb.server.security.SecurityCounter;
import io.ztsdb.server.security.SecurityStats;
import io.ztsdb.server.stats.ServerStats;

import java.io.IOException;

/**
 * {@code GET /query}: the samples of one series ({@code series=ID}) or of every series a selector matches
 * ({@code match=SELECTOR}) with {@code start <= timestamp <= end}, optionally reduced per {@code step} by
 * {@code agg}; parameters as {@link QueryParameters#query} reads them, the document as {@link QueryJsonEncoder}
 * writes it. The query runs and the document is encoded on a worker thread.
 * <p>
 * A selector or an aggregation goes through the engine's max-points check, which fails before any byte is sent
 * (400 with {@code max_points}). The raw samples of one id stream straight from the series without that limit:
 * they need no memory beyond the response's segments, and the decode pass of the check would double the cost of
 * the most frequent query.
 */
final class QueryHandler implements Handler<RoutingContext> {
    private final Vertx vertx;
    private final Tsdb tsdb;
    private final ServerStats stats;
    private final long maxPoints;
    private final int maxSeries;
    private final SecurityStats securityStats;

    QueryHandler(final Vertx vertx, final Tsdb tsdb, final ServerStats stats, final long maxPoints,
        final int maxSeries, final SecurityStats securityStats) {
        this.vertx = vertx;
        this.tsdb = tsdb;
        this.stats = stats;
        this.maxPoints = maxPoints;
        this.maxSeries = maxSeries;
        this.securityStats = securityStats;
    }

    @Override
    public void handle(final RoutingContext ctx) {
        final QueryRequest query = QueryParameters.query(ctx);
        final boolean compact = QueryParameters.compactPoints(ctx);
        stats.queryServed();
        JsonResponses.sendBlockingBytes(vertx, ctx, 200, out -> write(query, new QueryJsonEncoder(out, compact)));
    }

    private void write(final QueryRequest query, final QueryJsonEncoder json) throws IOException {
        if (query.isRawSeries()) {
            try (SampleCursor samples = tsdb.query(query.seriesId(), query.startMillis(), query.endMillis())) {
                json.write(query, samples);
            }
            return;
        }
        try (SeriesCursor series = open(query)) {
            json.write(query, series);
        }
    }

    /** The per-request cardinality limit: a selector may match at most {@code maxSeries} series. */
    private void checkSeriesCount(final QueryRequest query) {
        final int matched = tsdb.select(query.selector()).size();
        if (matched > maxSeries) {
            securityStats.increment(SecurityCounter.QUERY_SERIES_LIMIT_REFUSALS);
            throw new BadParameterException("match", "the selector matches " + matched + " series, more than "
                + "--max-series-per-query=" + maxSeries + "; narrow it");
        }
    }

    /** Runs the query up to its first series; fails with {@code QueryLimitException} over the limit. */
    private SeriesCursor open(final QueryRequest query) {
        try {
            if (query.selector() != null) {
                checkSeriesCount(query);
            }
            return query.selector() == null
                ? tsdb.query(new long[] {query.seriesId()}, query.startMillis(), query.endMillis(), query.stepMillis(),
                    query.aggregation(), maxPoints)
                : tsdb.query(query.selector(), query.startMillis(), query.endMillis(), query.stepMillis(),
                    query.aggregation(), maxPoints);
        } catch (final IllegalArgumentException ex) {
            // A selector the engine refuses (a bad regular expression, no matcher that needs a value).
            throw new BadParameterException(query.selector() == null ? null : "match", ex.getMessage());
        }
    }
}
