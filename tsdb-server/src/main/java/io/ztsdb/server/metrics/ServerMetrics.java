// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.metrics;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.ztsdb.core.Tsdb;
import io.ztsdb.core.WalSyncListener;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.security.SecurityStats;
import io.ztsdb.server.stats.ServerStats;

/**
 * The metrics of one server and the registry {@code GET /metrics} exposes. Created before the engine opens (the WAL
 * reports its fsyncs to {@link #walSyncListener()}), bound to the engine and the counters once they exist.
 * <p>
 * Extension point: a component (such as a remote-write sender) registers its own collectors on
 * {@link #registry()}; they appear on {@code /metrics} next to these.
 */
public final class ServerMetrics {
    private static final double[] FSYNC_SECONDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
        0.1, 0.25, 0.5, 1, 2.5};
    private static final double[] BATCH_RECORDS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Histogram fsyncSeconds;
    private final Histogram groupCommitRecords;
    private final HttpRequestMetrics httpRequests;

    /** Creates the registry with the JVM's metrics and the WAL's histograms. */
    public ServerMetrics() {
        JvmMetrics.builder().register(registry);
        fsyncSeconds = Histogram.builder().name("ztsdb_wal_fsync_duration_seconds")
            .help("Duration of each WAL fsync (one group commit)").classicOnly().classicUpperBounds(FSYNC_SECONDS)
            .withoutExemplars().register(registry);
        groupCommitRecords = Histogram.builder().name("ztsdb_wal_group_commit_records")
            .help("WAL records (write batches) made durable by one fsync").classicOnly()
            .classicUpperBounds(BATCH_RECORDS).withoutExemplars().register(registry);
        httpRequests = new HttpRequestMetrics(registry);
    }

    /** @return the registry exposed on {@code /metrics}: register further collectors here. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** @return the listener to put into the engine's settings before it opens. */
    public WalSyncListener walSyncListener() {
        return (durationNanos, bytes, records) -> {
            fsyncSeconds.observe(durationNanos / 1e9);
            groupCommitRecords.observe(records);
        };
    }

    /**
     * Adds the collectors that read the engine and the server's counters at each scrape.
     *
     * @param tsdb     the open engine.
     * @param stats    the server's counters.
     * @param security the counters of refusals.
     * @param config   the limits in force.
     */
    public void bind(final Tsdb tsdb, final ServerStats stats, final SecurityStats security,
        final ServerConfig config) {
        EngineCollectors.register(registry, tsdb);
        IngestCollectors.register(registry, stats);
        SecurityCollectors.register(registry, security, config);
    }

    /** @return a router handler that times every request, by endpoint; mount it first. */
    public Handler<RoutingContext> requestTimer() {
        return httpRequests;
    }

    /**
     * @param vertx runs the scrape on a worker.
     * @return the {@code GET /metrics} handler.
     */
    public Handler<RoutingContext> scrapeHandler(final Vertx vertx) {
        return new MetricsHandler(vertx, registry);
    }
}
