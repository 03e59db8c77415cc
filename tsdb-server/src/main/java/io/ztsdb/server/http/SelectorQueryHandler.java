// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.ztsdb.core.Aggregation;
import io.ztsdb.core.QueryLimitException;
import io.ztsdb.core.SampleCursor;
import io.ztsdb.core.SeriesCursor;
import io.ztsdb.core.SeriesSelector;
import io.ztsdb.core.Tsdb;
import io.ztsdb.server.stats.ServerStats;

import java.io.IOException;

/**
 * {@code GET /query} with a selector or an aggregation:
 * <ul>
 * <li>{@code ?match=SELECTOR&start&end[&step&agg]}: every series the selector matches, as
 *   {@code {"match":..,"start":..,"end":..,"step":..,"agg":..,"series":[{"id":..,"metric":..,"labels":{..},
 *   "points":[{"timestamp":..,"value":..}],"count":n}],"series_count":k,"count":total}};</li>
 * <li>{@code ?series=ID&start&end&step&agg}: one series in the seed's shape plus {@code step} and
 *   {@code agg}.</li>
 * </ul>
 * Plain {@code ?series=ID&start&end} goes to the seed's {@link QueryHandler} unchanged. The result is
 * bounded by a max-points limit checked before any byte is sent (400 with {@code max_points}), then
 * streamed from a worker thread with the Jackson generator.
 */
final class SelectorQueryHandler implements Handler<RoutingContext> {
    private final Vertx vertx;
    private final Tsdb tsdb;
    private final ServerStats stats;
    private final Handler<RoutingContext> plain;
    private final long maxPoints;

    SelectorQueryHandler(final Vertx vertx, final Tsdb tsdb, final ServerStats stats,
        final Handler<RoutingContext> plain, final long maxPoints) {
        this.vertx = vertx;
        this.tsdb = tsdb;
        this.stats = stats;
        this.plain = plain;
        this.maxPoints = maxPoints;
    }

    @Override
    public void handle(final RoutingContext ctx) {
        final SeriesSelector selector = QueryParameters.selector(ctx, "match");
        final long step = QueryParameters.stepMillis(ctx, "step");
        final Aggregation aggregation = QueryParameters.aggregation(ctx, "agg");
        if (selector == null && step == 0 && aggregation == null) {
            plain.handle(ctx);
            return;
        }
        if (selector != null && Parameters.single(ctx, "series") != null) {
            throw new BadParameterException("match", "give either 'match' or 'series', not both");
        }
        final long seriesId = selector == null ? Parameters.seriesId(ctx, "series") : 0;
        if (step > 0 && aggregation == null) {
            throw new BadParameterException("agg", "parameter 'step' needs 'agg' (avg, min, max, sum, count, last, "
                + "rate)");
        }
        final boolean hasStart = Parameters.single(ctx, "start") != null;
        final long start = Parameters.timestampMillis(ctx, "start", Long.MIN_VALUE);
        final long end = Parameters.timestampMillis(ctx, "end", Long.MAX_VALUE);
        if (step > 0 && !hasStart) {
            throw new BadParameterException("start", "parameter 'start' is required with 'step': buckets start "
                + "at 'start'");
        }
        if (end < start) {
            throw new BadParameterException("end", "parameter 'end' (" + end + ") must not be before 'start' ("
                + start + ")");
        }
        stats.queryServed();
        vertx.executeBlocking(() -> selector == null
            ? tsdb.query(new long[] {seriesId}, start, end, step, aggregation, maxPoints)
            : tsdb.query(selector, start, end, step, aggregation, maxPoints), false)
            .onSuccess(cursor -> JsonResponses.sendBlocking(vertx, ctx, 200, json -> {
                try (cursor) {
                    if (selector == null) {
                        writeOne(json, cursor, start, end, step, aggregation);
                    } else {
                        writeMany(json, cursor, selector, start, end, step, aggregation);
                    }
                }
            }))
            .onFailure(failure -> {
                if (failure instanceof QueryLimitException limit) {
                    sendLimitError(ctx, limit);
                } else if (failure instanceof IllegalArgumentException bad) {
                    JsonResponses.sendError(ctx, 400, bad.getMessage(), null);
                } else {
                    JsonResponses.sendError(ctx, 500, "internal error: " + failure.getMessage(), null);
                }
            });
    }

    private static void sendLimitError(final RoutingContext ctx, final QueryLimitException limit) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        JsonResponses.send(ctx, 400, json -> {
            json.writeStartObject();
            json.writeStringField("error", limit.getMessage());
            json.writeNumberField("max_points", limit.maxPoints());
            json.writeNumberField("points", limit.points());
            json.writeNumberField("status", 400);
            json.writeEndObject();
        });
    }

    private static void writeRange(final JsonGenerator json, final long start, final long end, final long step,
        final Aggregation aggregation) throws IOException {
        json.writeNumberField("start", start);
        json.writeNumberField("end", end);
        if (aggregation != null) {
            json.writeNumberField("step", step);
            json.writeStringField("agg", aggregation.label());
        }
    }

    private static void writeOne(final JsonGenerator json, final SeriesCursor cursor, final long start,
        final long end, final long step, final Aggregation aggregation) throws IOException {
        json.writeStartObject();
        cursor.next();
        json.writeFieldName("series");
        JsonResponses.writeSeriesId(json, cursor.seriesId());
        SeriesHandler.writeName(json, cursor.metric(), cursor.labels());
        writeRange(json, start, end, step, aggregation);
        final long count = writePoints(json, cursor.samples());
        json.writeNumberField("count", count);
        json.writeEndObject();
    }

    private static void writeMany(final JsonGenerator json, final SeriesCursor cursor, final SeriesSelector selector,
        final long start, final long end, final long step, final Aggregation aggregation) throws IOException {
        json.writeStartObject();
        json.writeStringField("match", selector.toString());
        writeRange(json, start, end, step, aggregation);
        json.writeArrayFieldStart("series");
        long total = 0;
        while (cursor.next()) {
            json.writeStartObject();
            json.writeFieldName("id");
            JsonResponses.writeSeriesId(json, cursor.seriesId());
            SeriesHandler.writeName(json, cursor.metric(), cursor.labels());
            final long count = writePoints(json, cursor.samples());
            json.writeNumberField("count", count);
            json.writeEndObject();
            total += count;
        }
        json.writeEndArray();
        json.writeNumberField("series_count", cursor.seriesCount());
        json.writeNumberField("count", total);
        json.writeEndObject();
    }

    private static long writePoints(final JsonGenerator json, final SampleCursor samples) throws IOException {
        json.writeArrayFieldStart("points");
        long count = 0;
        while (samples.next()) {
            json.writeStartObject();
            json.writeNumberField("timestamp", samples.timestampMillis());
            json.writeFieldName("value");
            JsonResponses.writeValue(json, samples.value());
            json.writeEndObject();
            count++;
        }
        json.writeEndArray();
        return count;
    }
}
