// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.ztsdb.server.config.SecurityConfig;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.security.SecurityCounter;
import io.ztsdb.server.security.SecurityStats;

/**
 * The security counters and the limits in force, read at scrape time: every {@code SecurityCounter} as
 * {@code ztsdb_security_<name>_total}, the limits as {@code ztsdb_limit_*} gauges (durations in seconds), and
 * whether authentication and TLS are on.
 */
final class SecurityCollectors {
    private SecurityCollectors() {
    }

    static void register(final PrometheusRegistry registry, final SecurityStats stats, final ServerConfig config) {
        for (final SecurityCounter counter : SecurityCounter.values()) {
            CounterWithCallback.builder().name("ztsdb_security_" + counter.statsName()).help(counter.help())
                .callback(cb -> cb.call(stats.get(counter))).register(registry);
        }
        final SecurityConfig limits = config.security();
        gauge(registry, "ztsdb_limit_max_connections", "connections accepted per protocol", limits.maxConnections());
        gauge(registry, "ztsdb_limit_idle_timeout_seconds", "idle time after which a connection is closed (0: never)",
            limits.idleTimeoutMillis() / 1000.0);
        gauge(registry, "ztsdb_limit_request_header_timeout_seconds", "time an HTTP request's headers may take",
            limits.requestHeaderTimeoutMillis() / 1000.0);
        gauge(registry, "ztsdb_limit_max_inflight_bytes", "unanswered request bytes per binary-protocol connection",
            limits.maxInFlightBytes());
        gauge(registry, "ztsdb_limit_max_frame_bytes", "largest binary-protocol frame", config.maxFrameBytes());
        gauge(registry, "ztsdb_limit_max_body_bytes", "largest HTTP request body", limits.maxBodyBytes());
        gauge(registry, "ztsdb_limit_max_write_body_bytes", "largest HTTP request body of a write endpoint",
            limits.maxWriteBodyBytes());
        gauge(registry, "ztsdb_limit_max_concurrent_queries", "HTTP queries run at once",
            limits.maxConcurrentQueries());
        gauge(registry, "ztsdb_limit_query_timeout_seconds", "time an HTTP query may take",
            limits.queryTimeoutMillis() / 1000.0);
        gauge(registry, "ztsdb_limit_max_series", "series the server holds (0: no limit)",
            config.tsdbConfig().maxSeries());
        gauge(registry, "ztsdb_limit_max_series_per_query", "series one HTTP query's selector may match",
            limits.maxSeriesPerQuery());
        gauge(registry, "ztsdb_auth_enabled", "1 when requests need a token", limits.authEnabled() ? 1 : 0);
        gauge(registry, "ztsdb_tls_enabled", "1 when both ports serve TLS", limits.tlsEnabled() ? 1 : 0);
    }

    private static void gauge(final PrometheusRegistry registry, final String name, final String help,
        final double value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value)).register(registry);
    }
}
