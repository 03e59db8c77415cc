// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;

/**
 * Counts and times every HTTP request by endpoint (the route's path, from a fixed list so that the label stays
 * bounded; anything else is {@code other}) and status code.
 */
final class HttpRequestMetrics implements Handler<RoutingContext> {
    private static final Set<String> ENDPOINTS = Set.of("/", "/stats", "/series", "/query", "/labels", "/metrics",
        "/write", "/api/v2/write", "/api/v1/write", "/api/v1/read", "/api/v1/query", "/api/v1/query_range",
        "/api/v1/series", "/api/v1/labels", "/api/v1/metadata", "/api/v1/format_query", "/api/v1/status/buildinfo",
        "/api/v1/query_exemplars", "/api/v1/rules", "/api/v1/alerts");
    private static final double[] SECONDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
        5, 10, 30};

    private final Counter requests;
    private final Histogram duration;

    HttpRequestMetrics(final PrometheusRegistry registry) {
        requests = Counter.builder().name("ztsdb_http_requests").help("HTTP requests by endpoint and status")
            .labelNames("endpoint", "code").withoutExemplars().register(registry);
        duration = Histogram.builder().name("ztsdb_http_request_duration_seconds")
            .help("HTTP request latency by endpoint, from the request to the end of the response")
            .labelNames("endpoint").classicOnly().classicUpperBounds(SECONDS).withoutExemplars().register(registry);
    }

    @Override
    public void handle(final RoutingContext ctx) {
        final long started = System.nanoTime();
        final String endpoint = endpoint(ctx.request().path());
        ctx.addEndHandler(v -> {
            requests.labelValues(endpoint, Integer.toString(ctx.response().getStatusCode())).inc();
            duration.labelValues(endpoint).observe((System.nanoTime() - started) / 1e9);
        });
        ctx.next();
    }

    static String endpoint(final String path) {
        if (path == null) {
            return "other";
        }
        if (ENDPOINTS.contains(path)) {
            return path;
        }
        if (path.startsWith("/labels/") && path.endsWith("/values")) {
            return "/labels/:name/values";
        }
        if (path.startsWith("/api/v1/label/") && path.endsWith("/values")) {
            return "/api/v1/label/:name/values";
        }
        return "other";
    }
}
