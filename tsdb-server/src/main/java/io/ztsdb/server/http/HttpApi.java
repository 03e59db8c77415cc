// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.ztsdb.server.runtime.RuntimeComponent;
import io.ztsdb.server.runtime.ServerRuntime;
import io.ztsdb.server.security.HttpGuard;

/**
 * The seed's HTTP API as a Vert.x Web router: {@code GET /}, {@code /stats}, {@code /series},
 * {@code /query}. Every answer, errors included, is JSON; bad parameters get 400 naming the parameter,
 * unknown paths 404.
 */
public final class HttpApi {
    private static final String[][] ENDPOINTS = {
        {"/", "this help"},
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
    };

    private HttpApi() {
    }

    /**
     * Builds the router of the HTTP API over a running server.
     *
     * @param runtime the server whose engine and counters are served.
     * @return the router.
     */
    public static Router router(final ServerRuntime runtime) {
        final Router router = Router.router(runtime.vertx());
        HttpGuard.install(router, runtime.security());
        router.get("/").handler(HttpApi::help);
        router.get("/stats").handler(new StatsHandler(runtime));
        router.get("/series").handler(new SeriesHandler(runtime.vertx(), runtime.tsdb()));
        router.get("/query").handler(new SelectorQueryHandler(runtime.vertx(), runtime.tsdb(), runtime.stats(),
            new QueryHandler(runtime.vertx(), runtime.tsdb(), runtime.stats()), runtime.config().maxQueryPoints()));
        LabelsHandler.addRoutes(router, runtime.vertx(), runtime.tsdb());
        for (final RuntimeComponent component : runtime.components()) {
            component.addRoutes(router);
        }
        router.route().failureHandler(HttpApi::failure);
        router.errorHandler(404, ctx -> JsonResponses.sendError(ctx, 404, "no such endpoint: "
            + ctx.request().method() + " " + ctx.request().path() + "; GET / lists the endpoints", null));
        router.errorHandler(405, ctx -> JsonResponses.sendError(ctx, 405, "method " + ctx.request().method()
            + " not allowed on " + ctx.request().path() + "; use GET", null));
        router.errorHandler(500, ctx -> JsonResponses.sendError(ctx, 500, "internal error: "
            + (ctx.failure() == null ? "unknown" : ctx.failure().getMessage()), null));
        return router;
    }

    private static void failure(final RoutingContext ctx) {
        if (ctx.failure() instanceof BadParameterException bad) {
            JsonResponses.sendError(ctx, 400, bad.getMessage(), bad.parameter());
        } else {
            ctx.next();
        }
    }

    private static void help(final RoutingContext ctx) {
        JsonResponses.send(ctx, 200, json -> {
            json.writeStartObject();
            json.writeStringField("name", "ztsdb");
            json.writeStringField("description", "time-series database; binary TCP protocol for ingest, "
                + "this HTTP API for reading");
            json.writeArrayFieldStart("endpoints");
            for (final String[] endpoint : ENDPOINTS) {
                json.writeStartObject();
                json.writeStringField("method", "GET");
                json.writeStringField("path", endpoint[0]);
                json.writeStringField("description", endpoint[1]);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }
}
