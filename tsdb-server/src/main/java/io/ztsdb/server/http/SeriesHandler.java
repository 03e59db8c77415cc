// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.ztsdb.core.Labels;
import io.ztsdb.core.SeriesInfo;
import io.ztsdb.core.SeriesSelector;
import io.ztsdb.core.Tsdb;

import java.io.IOException;
import java.util.List;

/**
 * {@code GET /series[?match=SELECTOR]}: every series, or those a selector matches, each with its id, point
 * count, time range and, for named series, metric name and labels:
 * {@code {"count":N,"series":[{"id":"..","metric":"..","labels":{..},"points":..,"min_timestamp":..,
 * "max_timestamp":..}]}}, the id as a string. Runs on a worker thread.
 */
final class SeriesHandler implements Handler<RoutingContext> {
    private final Vertx vertx;
    private final Tsdb tsdb;

    SeriesHandler(final Vertx vertx, final Tsdb tsdb) {
        this.vertx = vertx;
        this.tsdb = tsdb;
    }

    @Override
    public void handle(final RoutingContext ctx) {
        final SeriesSelector selector = QueryParameters.selector(ctx, "match");
        JsonResponses.sendBlocking(vertx, ctx, 200, json -> {
            final List<SeriesInfo> series = selector == null ? tsdb.series() : tsdb.select(selector);
            json.writeStartObject();
            if (selector != null) {
                json.writeStringField("match", selector.toString());
            }
            json.writeNumberField("count", series.size());
            json.writeArrayFieldStart("series");
            for (final SeriesInfo info : series) {
                json.writeStartObject();
                json.writeFieldName("id");
                JsonResponses.writeSeriesId(json, info.seriesId());
                writeName(json, info.metric(), info.labels());
                json.writeNumberField("points", info.pointCount());
                if (info.pointCount() > 0) {
                    json.writeNumberField("min_timestamp", info.minTimestampMillis());
                    json.writeNumberField("max_timestamp", info.maxTimestampMillis());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /** Writes {@code "metric":..,"labels":{..}} for a named series, nothing for a raw-id one. */
    static void writeName(final JsonGenerator json, final String metric, final Labels labels)
        throws IOException {
        if (metric == null) {
            return;
        }
        json.writeStringField("metric", metric);
        json.writeObjectFieldStart("labels");
        for (int i = 0; i < labels.size(); i++) {
            json.writeStringField(labels.name(i), labels.value(i));
        }
        json.writeEndObject();
    }
}
