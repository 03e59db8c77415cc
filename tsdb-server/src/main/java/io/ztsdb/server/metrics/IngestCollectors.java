// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.ztsdb.server.stats.IngestStats;
import io.ztsdb.server.stats.ServerStats;

import java.util.function.ToLongFunction;

/**
 * The server's counters read at scrape time: ingest per protocol (requests, points, bytes, series created, rejects
 * by reason), binary-protocol connections and queries.
 */
final class IngestCollectors {
    private IngestCollectors() {
    }

    static void register(final PrometheusRegistry registry, final ServerStats stats) {
        perProtocol(registry, stats, "ztsdb_ingest_requests", "Ingest requests (HTTP bodies, binary frames)",
            IngestStats::requests);
        perProtocol(registry, stats, "ztsdb_ingest_points", "Points acknowledged durable", IngestStats::points);
        perProtocol(registry, stats, "ztsdb_ingest_bytes", "Request body bytes received, as sent",
            IngestStats::bytes);
        perProtocol(registry, stats, "ztsdb_ingest_series_created", "Series registered for the first time",
            IngestStats::seriesCreated);
        CounterWithCallback.builder().name("ztsdb_ingest_rejected")
            .help("Points (or whole requests, for body-level reasons) refused, by protocol and reason")
            .labelNames("protocol", "reason").callback(cb -> {
                for (final IngestStats ingest : stats.ingestByProtocol()) {
                    ingest.rejects().forEach((reason, count) -> cb.call(count, ingest.protocol(), reason));
                }
            }).register(registry);
        CounterWithCallback.builder().name("ztsdb_rejected_frames").help("Binary protocol frames refused")
            .callback(cb -> cb.call(stats.rejectedFrames())).register(registry);
        GaugeWithCallback.builder().name("ztsdb_tcp_connections").help("Open binary-protocol connections")
            .callback(cb -> cb.call(stats.openConnectionCount())).register(registry);
        CounterWithCallback.builder().name("ztsdb_tcp_connections_accepted")
            .help("Binary-protocol connections accepted").callback(cb -> cb.call(stats.totalConnectionCount()))
            .register(registry);
        CounterWithCallback.builder().name("ztsdb_queries").help("Queries answered by the binary protocol and /query")
            .callback(cb -> cb.call(stats.queries())).register(registry);
    }

    private static void perProtocol(final PrometheusRegistry registry, final ServerStats stats, final String name,
        final String help, final ToLongFunction<IngestStats> value) {
        CounterWithCallback.builder().name(name).help(help).labelNames("protocol").callback(cb -> {
            for (final IngestStats ingest : stats.ingestByProtocol()) {
                cb.call(value.applyAsLong(ingest), ingest.protocol());
            }
        }).register(registry);
    }
}
