// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.ztsdb.core.SampleCursor;
import io.ztsdb.core.Tsdb;
import io.ztsdb.server.runtime.ServerStats;

import java.io.IOException;

/**
 * {@code GET /query?series=ID&start=TS&end=TS}: the samples of one series with {@code start <= ts <= end}
 * (milliseconds; start defaults to the earliest, end to the latest), streamed as
 * {@code {"series":ID,"start":..,"end":..,"points":[{"timestamp":..,"value":..},...],"count":N}}.
 * The scan runs on a worker thread.
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
        JsonResponses.sendBlocking(vertx, ctx, 200, json -> writeQuery(json, seriesId, start, end));
    }

    private void writeQuery(final JsonGenerator json, final long seriesId, final long start, final long end)
        throws IOException {
        json.writeStartObject();
        json.writeFieldName("series");
        JsonResponses.writeSeriesId(json, seriesId);
        json.writeNumberField("start", start);
        json.writeNumberField("end", end);
        json.writeArrayFieldStart("points");
        long count = 0;
        try (SampleCursor cursor = tsdb.query(seriesId, start, end)) {
            while (cursor.next()) {
                json.writeStartObject();
                json.writeNumberField("timestamp", cursor.timestampMillis());
                json.writeFieldName("value");
                JsonResponses.writeValue(json, cursor.value());
                json.writeEndObject();
                count++;
            }
        }
        json.writeEndArray();
        json.writeNumberField("count", count);
        json.writeEndObject();
    }
}
