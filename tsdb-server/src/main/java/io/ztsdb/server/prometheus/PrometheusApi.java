// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.prometheus;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.ztsdb.core.Tsdb;
import io.ztsdb.core.promql.PromqlEngine;
import io.ztsdb.core.promql.PromqlException;
import io.ztsdb.core.promql.PromqlOptions;
import io.ztsdb.core.promql.SeriesLimit;
import io.ztsdb.server.ingest.MetricMetadataStore;

/**
 * Prometheus' HTTP API over ztsdb (see {@code docs/prometheus.md}): the query, series and label endpoints with
 * Prometheus' envelope, status codes and error types, POST bodies form-encoded as Grafana and promtool send
 * them, and remote read.
 */
public final class PrometheusApi {
    /** Largest POST body accepted (form parameters or a remote-read request). */
    static final long MAX_BODY_BYTES = 16L << 20;

    private PrometheusApi() {
    }

    /**
     * Adds the {@code /api/v1/...} routes to a router.
     *
     * @param router     the HTTP router.
     * @param vertx      the Vert.x instance, whose worker threads run queries.
     * @param tsdb       the engine queried.
     * @param options    the engine's settings: its max samples (the server's {@code --max-query-points}, sized to
     *                   its heap, also the most a remote read returns) and timeout ({@code --query-timeout}).
     * @param seriesLimit the most series one selector may match ({@code --max-series-per-query}).
     * @param metricMetadata the metric metadata remote-write senders reported, served by {@code /api/v1/metadata}.
     */
    public static void addRoutes(final Router router, final Vertx vertx, final Tsdb tsdb, final PromqlOptions options,
        final SeriesLimit seriesLimit, final MetricMetadataStore metricMetadata) {
        final long maxSamples = options.maxSamples();
        final PromqlEngine engine = new PromqlEngine(tsdb, options, seriesLimit);
        final QueryHandlers queries = new QueryHandlers(vertx, engine);
        final MetadataHandlers metadata = new MetadataHandlers(vertx, engine);
        final RemoteReadHandler read = new RemoteReadHandler(vertx, engine, maxSamples);
        router.route("/api/v1/*").method(HttpMethod.POST).handler(BodyHandler.create()
            .setBodyLimit(MAX_BODY_BYTES).setHandleFileUploads(false));
        getAndPost(router, "/api/v1/query", queries::instant);
        getAndPost(router, "/api/v1/query_range", queries::range);
        getAndPost(router, "/api/v1/format_query", queries::format);
        getAndPost(router, "/api/v1/series", metadata::series);
        getAndPost(router, "/api/v1/labels", metadata::labelNames);
        route(router.get("/api/v1/label/:name/values"), metadata::labelValues);
        route(router.get("/api/v1/metadata"), ctx -> MetadataHandlers.metadata(ctx, metricMetadata));
        route(router.get("/api/v1/status/buildinfo"), MetadataHandlers::buildInfo);
        route(router.get("/api/v1/rules"), MetadataHandlers::rules);
        route(router.get("/api/v1/alerts"), MetadataHandlers::alerts);
        getAndPost(router, "/api/v1/query_exemplars", MetadataHandlers::exemplars);
        router.post("/api/v1/read").handler(read::handle);
    }

    private static void getAndPost(final Router router, final String path, final Handler<RoutingContext> handler) {
        route(router.route(path).method(HttpMethod.GET).method(HttpMethod.POST), handler);
    }

    /** Runs the handler and turns its parameter and parse errors into Prometheus' error envelope. */
    private static void route(final Route route, final Handler<RoutingContext> handler) {
        route.handler(ctx -> {
            try {
                handler.handle(ctx);
            } catch (final ApiException | PromqlException ex) {
                ApiResponses.sendError(ctx, ex);
            }
        });
    }
}
