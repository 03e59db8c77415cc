// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.ztsdb.core.SampleCursor;
import io.ztsdb.core.Tsdb;
import io.ztsdb.server.stats.ServerStats;

import java.io.IOException;

/**
 * {@code GET /query?series=ID&start=TS&end=TS}: the samples of one series with {@code start <= ts <= end}
 * (milliseconds; start defaults to the earliest, end to the latest), streamed as
 * {@code {"series":ID,"start":..,"end":..,"points":[{"timestamp":..,"value":..},...],"count":N}}.
 * The scan and the JSON encoding ({@link QueryJsonEncoder}) run on a worker thread.
 */
final class QueryHandler implements Handler<RoutingContext> {
    private final Vertx vertx;
    private final Tsdb tsdb;
    private final ServerStats stats;

    QueryHandler(final Vertx vertx, final Tsdb tsdb, final ServerStats stats) {
        this.vertx = vertx;
        this.tsdb = tsdb;
        this.stats = stats;
    }

    @Override
    public void handle(final RoutingContext ctx) {
        final long seriesId = Parameters.seriesId(ctx, "series");
        final long start = Parameters.timestampMillis(ctx, "start", Long.MIN_VALUE);
        final long end = Parameters.timestampMillis(ctx, "end", Long.MAX_VALUE);
        if (end < start) {
            throw new BadParameterException("end", "parameter 'end' (" + end + ") must not be before 'start' ("
                + start + ")");
        }
        stats.queryServed();
        JsonResponses.sendBlockingBytes(vertx, ctx, 200, out -> writeQuery(out, seriesId, start, end));
    }

    private void writeQuery(final SegmentSink out, final long seriesId, final long start, final long end)
        throws IOException {
        try (SampleCursor cursor = tsdb.query(seriesId, start, end)) {
            new QueryJsonEncoder(out).write(seriesId, start, end, cursor);
        }
    }
}
