// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.prometheus;

import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.ztsdb.core.promql.ErrorType;
import io.ztsdb.core.promql.LabelSet;
import io.ztsdb.core.promql.PromqlEngine;
import io.ztsdb.core.promql.PromqlException;
import io.ztsdb.server.ingest.MetricMetadataStore;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The series and label endpoints ({@code /api/v1/series}, {@code /api/v1/labels},
 * {@code /api/v1/label/<name>/values}) and the fixed answers clients probe for ({@code status/buildinfo},
 * {@code metadata}, {@code rules}, {@code alerts}, {@code query_exemplars}).
 */
final class MetadataHandlers {
    /** The PromQL dialect implemented, reported as the version: clients pick features by it. */
    static final String PROMETHEUS_VERSION = "2.42.0";

    private final Vertx vertx;
    private final PromqlEngine engine;

    MetadataHandlers(final Vertx vertx, final PromqlEngine engine) {
        this.vertx = vertx;
        this.engine = engine;
    }

    void series(final RoutingContext ctx) {
        final List<String> match = ApiParameters.all(ctx, "match[]");
        if (match.isEmpty()) {
            throw new ApiException(ErrorType.BAD_DATA, "no match[] parameter provided");
        }
        final long start = ApiParameters.time(ctx, "start", ApiParameters.MIN_MILLIS);
        final long end = ApiParameters.time(ctx, "end", ApiParameters.MAX_MILLIS);
        final int limit = limit(ctx);
        ApiResponses.sendBlocking(vertx, ctx, () -> {
            final List<LabelSet> series = matchParameter(() -> engine.series(match, start, end, limit));
            return json -> {
                json.writeStartArray();
                for (final LabelSet labels : series) {
                    ResultJson.labels(json, null, labels);
                }
                json.writeEndArray();
            };
        });
    }

    void labelNames(final RoutingContext ctx) {
        final List<String> match = ApiParameters.all(ctx, "match[]");
        final long start = ApiParameters.time(ctx, "start", ApiParameters.MIN_MILLIS);
        final long end = ApiParameters.time(ctx, "end", ApiParameters.MAX_MILLIS);
        final int limit = limit(ctx);
        ApiResponses.sendBlocking(vertx, ctx, () -> strings(matchParameter(() -> engine.labelNames(match, start, end)),
            limit));
    }

    void labelValues(final RoutingContext ctx) {
        final String name = ctx.pathParam("name");
        if (!isLabelName(name)) {
            throw new ApiException(ErrorType.BAD_DATA, "invalid label name: \"" + name + "\"");
        }
        final List<String> match = ApiParameters.all(ctx, "match[]");
        final long start = ApiParameters.time(ctx, "start", ApiParameters.MIN_MILLIS);
        final long end = ApiParameters.time(ctx, "end", ApiParameters.MAX_MILLIS);
        final int limit = limit(ctx);
        ApiResponses.sendBlocking(vertx, ctx, () -> strings(matchParameter(() -> engine.labelValues(name, match, start,
            end)), limit));
    }

    /** Runs a lookup whose bad_data errors come from the {@code match[]} selectors, and says so. */
    private static <T> T matchParameter(final Supplier<T> lookup) {
        try {
            return lookup.get();
        } catch (final PromqlException ex) {
            if (ex.errorType() == ErrorType.BAD_DATA) {
                throw ApiException.invalidParameter("match[]", ex.getMessage());
            }
            throw ex;
        }
    }

    private static ApiResponses.Data strings(final List<String> values, final int limit) {
        final List<String> limited = limit > 0 && values.size() > limit ? values.subList(0, limit) : values;
        return json -> {
            json.writeStartArray();
            for (final String value : limited) {
                json.writeString(value);
            }
            json.writeEndArray();
        };
    }

    static void buildInfo(final RoutingContext ctx) {
        ApiResponses.send(ctx, json -> {
            json.writeStartObject();
            json.writeStringField("version", PROMETHEUS_VERSION);
            json.writeStringField("revision", "ztsdb");
            json.writeStringField("branch", "ztsdb");
            json.writeStringField("buildUser", "ztsdb");
            json.writeStringField("buildDate", "");
            json.writeStringField("goVersion", "none (ztsdb on the JVM " + Runtime.version().feature() + ")");
            json.writeEndObject();
        });
    }

    /**
     * {@code /api/v1/metadata}: type, help and unit per metric family, as remote-write senders reported them;
     * {@code metric} selects one family, {@code limit} bounds the families and {@code limit_per_metric} the entries
     * per family.
     */
    static void metadata(final RoutingContext ctx, final MetricMetadataStore store) {
        final String metric = ctx.request().getParam("metric");
        final int limit = limit(ctx);
        final Map<String, List<MetricMetadataStore.Metadata>> families = store.snapshot();
        ApiResponses.send(ctx, json -> {
            json.writeStartObject();
            int written = 0;
            for (final Map.Entry<String, List<MetricMetadataStore.Metadata>> family : families.entrySet()) {
                if ((metric != null && !metric.isEmpty() && !metric.equals(family.getKey()))
                    || (limit > 0 && written >= limit)) {
                    continue;
                }
                written++;
                json.writeArrayFieldStart(family.getKey());
                for (final MetricMetadataStore.Metadata m : family.getValue()) {
                    json.writeStartObject();
                    json.writeStringField("type", m.type());
                    json.writeStringField("help", m.help());
                    json.writeStringField("unit", m.unit());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        });
    }

    /** {@code /api/v1/rules}: ztsdb evaluates no rules. */
    static void rules(final RoutingContext ctx) {
        ApiResponses.send(ctx, json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("groups");
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /** {@code /api/v1/alerts}: ztsdb raises no alerts. */
    static void alerts(final RoutingContext ctx) {
        ApiResponses.send(ctx, json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("alerts");
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /** {@code /api/v1/query_exemplars}: ztsdb stores no exemplars; the query is still checked. */
    static void exemplars(final RoutingContext ctx) {
        final String query = ApiParameters.get(ctx, "query");
        PromqlEngine.format(query == null ? "" : query);
        ApiResponses.send(ctx, json -> {
            json.writeStartArray();
            json.writeEndArray();
        });
    }

    private static int limit(final RoutingContext ctx) {
        final String text = ApiParameters.get(ctx, "limit");
        if (text == null || text.isEmpty()) {
            return 0;
        }
        try {
            final int limit = Integer.parseInt(text);
            if (limit < 0) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (final NumberFormatException ex) {
            throw ApiException.invalidParameter("limit", "cannot parse \"" + text + "\" to a valid limit");
        }
    }

    private static boolean isLabelName(final String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            final char c = name.charAt(i);
            if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }
}
