// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.ztsdb.core.TsdbStats;
import io.ztsdb.server.config.SecurityConfig;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.stats.ServerStats;

/**
 * {@code GET /metrics}: the server's own metrics in the Prometheus text format (version 0.0.4), for a scraper:
 * every refusal and limit counter of {@code SecurityCounter} as
 * {@code ztsdb_security_<name>_total}, the limits in force as {@code ztsdb_limit_*} gauges, and the basic load
 * (series, TCP connections, ingested points, queries). Computed on a worker thread (engine statistics may walk every
 * series).
 */
final class MetricsHandler implements Handler<RoutingContext> {
    /** The content type of the Prometheus text format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Vertx vertx;
    private final HttpBackend backend;

    MetricsHandler(final Vertx vertx, final HttpBackend backend) {
        this.vertx = vertx;
        this.backend = backend;
    }

    @Override
    public void handle(final RoutingContext ctx) {
        vertx.executeBlocking(this::exposition, false).onComplete(done -> {
            if (done.succeeded()) {
                ctx.response().putHeader("Content-Type", CONTENT_TYPE).end(Buffer.buffer(done.result()));
            } else {
                JsonResponses.sendFailure(ctx, done.cause());
            }
        });
    }

    private String exposition() {
        final StringBuilder out = new StringBuilder(8192);
        backend.security().stats().forEach((counter, value) -> metric(out, "ztsdb_security_" + counter.statsName()
            + "_total", "counter", counter.help(), value));
        final ServerConfig config = backend.config();
        final SecurityConfig limits = config.security();
        gauge(out, "ztsdb_limit_max_connections", "connections accepted per protocol", limits.maxConnections());
        seconds(out, "ztsdb_limit_idle_timeout_seconds", "idle time after which a connection is closed (0: never)",
            limits.idleTimeoutMillis());
        seconds(out, "ztsdb_limit_request_header_timeout_seconds", "time an HTTP request's headers may take",
            limits.requestHeaderTimeoutMillis());
        gauge(out, "ztsdb_limit_max_inflight_bytes", "unanswered request bytes per binary-protocol connection",
            limits.maxInFlightBytes());
        gauge(out, "ztsdb_limit_max_frame_bytes", "largest binary-protocol frame", config.maxFrameBytes());
        gauge(out, "ztsdb_limit_max_body_bytes", "largest HTTP request body", limits.maxBodyBytes());
        gauge(out, "ztsdb_limit_max_write_body_bytes", "largest HTTP request body of a write endpoint",
            limits.maxWriteBodyBytes());
        gauge(out, "ztsdb_limit_max_concurrent_queries", "HTTP queries run at once", limits.maxConcurrentQueries());
        seconds(out, "ztsdb_limit_query_timeout_seconds", "time an HTTP query may take", limits.queryTimeoutMillis());
        gauge(out, "ztsdb_limit_max_series", "series the server holds (0: no limit)",
            config.tsdbConfig().maxSeries());
        gauge(out, "ztsdb_limit_max_series_per_query", "series one HTTP query's selector may match",
            limits.maxSeriesPerQuery());
        gauge(out, "ztsdb_auth_enabled", "1 when requests need a token", limits.authEnabled() ? 1 : 0);
        gauge(out, "ztsdb_tls_enabled", "1 when both ports serve TLS", limits.tlsEnabled() ? 1 : 0);
        final TsdbStats engine = backend.tsdb().stats();
        final ServerStats server = backend.stats();
        gauge(out, "ztsdb_series", "series held", engine.seriesCount());
        gauge(out, "ztsdb_tcp_connections", "open binary-protocol connections", server.openConnectionCount());
        metric(out, "ztsdb_tcp_connections_opened_total", "counter", "binary-protocol connections accepted",
            server.totalConnectionCount());
        metric(out, "ztsdb_ingested_points_total", "counter", "points accepted over the binary protocol",
            server.ingestedPoints());
        metric(out, "ztsdb_queries_total", "counter", "queries answered", server.queries());
        return out.toString();
    }

    private static void gauge(final StringBuilder out, final String name, final String help, final long value) {
        metric(out, name, "gauge", help, value);
    }

    private static void seconds(final StringBuilder out, final String name, final String help, final long millis) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
        out.append(name).append(' ').append(millis / 1000.0).append('\n');
    }

    private static void metric(final StringBuilder out, final String name, final String type, final String help,
        final long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        out.append(name).append(' ').append(value).append('\n');
    }
}
