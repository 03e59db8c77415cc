// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import io.ztsdb.core.Tsdb;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.ingest.IngestForwarder;
import io.ztsdb.server.security.SecurityServices;
import io.ztsdb.server.metrics.ServerMetrics;
import io.ztsdb.server.stats.ServerStats;
import io.ztsdb.server.stats.StatsContributor;

import java.util.List;

/**
 * What the HTTP API serves: the engine, the server's counters and settings, and the parts of the server that add
 * their own object to {@code GET /stats}. Handed over by whoever composes the server, so that this package never
 * reaches back into it.
 *
 * @param tsdb         the storage engine.
 * @param stats        the server-wide counters.
 * @param config       the server's settings (bind address, web port, query limit, ...).
 * @param tcpPort      the port of the binary protocol, shown in {@code GET /stats}.
 * @param contributors the parts with their own {@code GET /stats} object, in order.
 * @param security     tokens, TLS files, limits and their counters.
 * @param metrics      the registry served on {@code GET /metrics}.
 * @param forwarder    gets every batch the HTTP ingest endpoints write (remote write, line protocol); they
 *                     acknowledge once it has the batch durably.
 */
public record HttpBackend(Tsdb tsdb, ServerStats stats, ServerConfig config, int tcpPort,
                          List<? extends StatsContributor> contributors, SecurityServices security,
                          ServerMetrics metrics, IngestForwarder forwarder) {
    /** Copies the contributors' list. */
    public HttpBackend {
        contributors = List.copyOf(contributors);
    }
}
