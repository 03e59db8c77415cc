// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.ztsdb.core.LabelMatcher;
import io.ztsdb.core.Labels;
import io.ztsdb.core.SeriesSelector;
import io.ztsdb.core.Tsdb;

import java.util.List;

/**
 * Label lookups over the named series: {@code GET /labels} gives {@code {"labels":[names]}} (with
 * {@code __name__} for metric names), {@code GET /labels/NAME/values} gives {@code {"name":..,"values":[..]}};
 * both take an optional {@code match=SELECTOR} to look only at the series it selects (Grafana's
 * {@code label_values(metric, label)}).
 */
final class LabelsHandler {
    private LabelsHandler() {
    }

    /** @return the handler of {@code GET /labels}. */
    static Handler<RoutingContext> names(final Vertx vertx, final Tsdb tsdb) {
        return ctx -> {
            final SeriesSelector selector = QueryParameters.selector(ctx, "match");
            JsonResponses.sendBlocking(vertx, ctx, 200, json -> {
                json.writeStartObject();
                json.writeArrayFieldStart("labels");
                for (final String name : selector == null ? tsdb.labelNames() : tsdb.labelNames(selector)) {
                    json.writeString(name);
                }
                json.writeEndArray();
                json.writeEndObject();
            });
        };
    }

    /** @return the handler of {@code GET /labels/:name/values}. */
    static Handler<RoutingContext> values(final Vertx vertx, final Tsdb tsdb) {
        return ctx -> {
            final String name = ctx.pathParam("name");
            if (!Labels.isValidLabelName(name)) {
                throw new BadParameterException("name", "label name in the path must match [A-Za-z_][A-Za-z0-9_.]*"
                    + " (or be " + LabelMatcher.METRIC_NAME_LABEL + "); was '" + name + "'");
            }
            final SeriesSelector selector = QueryParameters.selector(ctx, "match");
            JsonResponses.sendBlocking(vertx, ctx, 200, json -> {
                final List<String> values = selector == null ? tsdb.labelValues(name)
                    : tsdb.labelValues(name, selector);
                json.writeStartObject();
                json.writeStringField("name", name);
                json.writeArrayFieldStart("values");
                for (final String value : values) {
                    json.writeString(value);
                }
                json.writeEndArray();
                json.writeEndObject();
            });
        };
    }
}
