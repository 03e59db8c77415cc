// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.ztsdb.core.SeriesLimitException;
import io.ztsdb.core.StorageFullException;
import io.ztsdb.core.promql.PromqlOptions;
import io.ztsdb.core.promql.SeriesLimit;
import io.ztsdb.server.config.SecurityConfig;
import io.ztsdb.server.http.influx.LineProtocolHandler;
import io.ztsdb.server.http.remotewrite.RemoteWriteHandler;
import io.ztsdb.server.ingest.MetricMetadataStore;
import io.ztsdb.server.http.ui.WebUi;
import io.ztsdb.server.prometheus.PrometheusApi;
import io.ztsdb.server.security.HttpGuard;
import io.ztsdb.server.security.SecurityCounter;

/**
 * The HTTP API as a Vert.x Web router: {@code GET /}, {@code /stats}, {@code /series}, {@code /query},
 * {@code /labels}, {@code /metrics}. Every answer, errors included, is JSON but {@code /metrics}' (Prometheus
 * text); bad parameters get 400 naming the parameter, unknown paths 404. {@code mountRoutes} is the one place
 * where endpoints are added.
 */
public final class HttpApi {
    private static final String[][] ENDPOINTS = {
        {"/", "this help (browsers, asking for text/html, are redirected to the web UI)"},
        {"/stats", "server statistics: series, points, compressed bytes, ingest rate, connections, rejects"},
        {"/series", "list of every series with its point count and time range"},
        {"/query?series=ID&start=TS&end=TS", "points of one series with start <= timestamp <= end "
            + "(milliseconds since the epoch; start and end optional)"},
        {"/series?match=SELECTOR", "named series matching a selector, with metric name and labels, e.g. "
            + "match=container.cpu.usage{container_id=\"abc\",runtime=~\"docker|podman\"}"},
        {"/query?match=SELECTOR&start=TS&end=TS&step=MS&agg=AGG", "points of every series matching a selector "
            + "(or of series=ID), reduced per step by agg = avg, min, max, sum, count, last or rate"},
        {"/labels", "label names of the named series (__name__ = metric names)"},
        {"/labels/NAME/values", "values of one label"},
        {"/metrics", "the server's own metrics, Prometheus text format or OpenMetrics (by Accept)"},
        {"POST /api/v1/write", "Prometheus remote write 1.0 (snappy-compressed protobuf WriteRequest)"},
        {"POST /write?db=DB&precision=P", "InfluxDB 1.x line protocol; fields become series measurement_field"},
        {"POST /api/v2/write?org=O&bucket=B&precision=P", "InfluxDB 2.x line protocol"},
        {"/ui/", "the web UI: containers, container charts, PromQL explorer, server"},
    };

    /** Most metric families whose metadata is kept for {@code /api/v1/metadata}. */
    private static final int METADATA_FAMILIES = 100_000;

    private HttpApi() {
    }

    /**
     * Builds the router of the HTTP API.
     *
     * @param vertx   the Vert.x instance whose workers run the queries.
     * @param backend the engine, counters and settings served.
     * @return the router.
     */
    public static Router router(final Vertx vertx, final HttpBackend backend) {
        final Router router = Router.router(vertx);
        HttpGuard.install(router, backend.security());
        mountRoutes(router, vertx, backend);
        router.route().failureHandler(HttpApi::failure);
        router.errorHandler(404, ctx -> JsonResponses.sendError(ctx, 404, "no such endpoint: "
            + ctx.request().method() + " " + ctx.request().path() + "; GET / lists the endpoints", null));
        router.errorHandler(405, ctx -> JsonResponses.sendError(ctx, 405, "method " + ctx.request().method()
            + " not allowed on " + ctx.request().path() + "; use GET", null));
        router.errorHandler(500, ctx -> JsonResponses.sendError(ctx, 500, "internal error: "
            + (ctx.failure() == null ? "unknown" : ctx.failure().getMessage()), null));
        return router;
    }

    /** Every endpoint of the API, before the catch-all error handlers. */
    private static void mountRoutes(final Router router, final Vertx vertx, final HttpBackend backend) {
        router.route().handler(backend.metrics().requestTimer());
        router.get("/").handler(HttpApi::help);
        router.get("/metrics").handler(backend.metrics().scrapeHandler(vertx));
        final MetricMetadataStore metricMetadata = new MetricMetadataStore(METADATA_FAMILIES);
        router.post("/api/v1/write").handler(new RemoteWriteHandler(vertx, backend.tsdb(),
            backend.stats().remoteWriteIngest(), metricMetadata, backend.forwarder()));
        final LineProtocolHandler lineProtocol = new LineProtocolHandler(vertx, backend.tsdb(),
            backend.stats().lineProtocolIngest(), backend.forwarder());
        router.post("/write").handler(lineProtocol);
        router.post("/api/v2/write").handler(lineProtocol);
        router.route("/ping").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(LineProtocolHandler::ping);
        router.get("/stats").handler(new StatsHandler(vertx, backend));
        router.get("/series").handler(new SeriesHandler(vertx, backend.tsdb()));
        router.get("/query").handler(new QueryHandler(vertx, backend.tsdb(), backend.stats(),
            backend.config().maxQueryPoints(), backend.config().security().maxSeriesPerQuery(),
            backend.security().stats()));
        router.get("/labels").handler(LabelsHandler.names(vertx, backend.tsdb()));
        router.get("/labels/:name/values").handler(LabelsHandler.values(vertx, backend.tsdb()));
        final SecurityConfig limits = backend.config().security();
        PrometheusApi.addRoutes(router, vertx, backend.tsdb(), PromqlOptions.DEFAULTS.withMaxSamples(
            backend.config().maxQueryPoints()).withTimeout(limits.queryTimeoutMillis()), new SeriesLimit(
            limits.maxSeriesPerQuery(), "--max-series-per-query",
            () -> backend.security().stats().increment(SecurityCounter.QUERY_SERIES_LIMIT_REFUSALS)), metricMetadata);
        WebUi.addRoutes(router);
    }

    private static void failure(final RoutingContext ctx) {
        if (ctx.failure() instanceof BadParameterException || ctx.failure() instanceof StorageFullException
            || ctx.failure() instanceof SeriesLimitException) {
            JsonResponses.sendFailure(ctx, ctx.failure());
        } else {
            ctx.next();
        }
    }

    private static void help(final RoutingContext ctx) {
        if (WebUi.redirectsBrowser(ctx)) {
            return;
        }
        JsonResponses.send(ctx, 200, json -> {
            json.writeStartObject();
            json.writeStringField("name", "ztsdb");
            json.writeStringField("description", "time-series database; binary TCP protocol, Prometheus remote "
                + "write and InfluxDB line protocol for ingest, this HTTP API for reading");
            json.writeArrayFieldStart("endpoints");
            for (final String[] endpoint : ENDPOINTS) {
                json.writeStartObject();
                final boolean post = endpoint[0].startsWith("POST ");
                json.writeStringField("method", post ? "POST" : "GET");
                json.writeStringField("path", post ? endpoint[0].substring(5) : endpoint[0]);
                json.writeStringField("description", endpoint[1]);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }
}
