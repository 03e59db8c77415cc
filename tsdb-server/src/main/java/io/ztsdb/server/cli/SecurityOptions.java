// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.cli;

import io.ztsdb.server.config.ConfigException;
import io.ztsdb.server.config.ConfigValues;
import io.ztsdb.server.config.SecurityConfig;
import io.ztsdb.server.config.ServerConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Authentication, TLS and connection limits, shared by every command that runs a server ({@code serve},
 * {@code collect}). docs/security.md explains them.
 */
final class SecurityOptions {
    @Option(names = "--auth-file", paramLabel = "FILE", description = "Token file: one 'name roles sha256:<hex>' "
        + "line per token, roles read, write, admin ('tsvdb token' makes one). With it every request needs a token; "
        + "reloaded on change and on SIGHUP (default: no authentication).")
    Path authFile;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Certificate chain (PEM) for TLS on the binary "
        + "protocol and HTTP; needs --tls-key. Reloaded on change and on SIGHUP (default: plaintext).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "Private key (PEM) of --tls-cert.")
    Path tlsKey;

    @Option(names = "--tls-client-ca", paramLabel = "PEM", description = "CA certificates (PEM): clients must "
        + "present a certificate signed by one of them (mutual TLS; default: no client certificate).")
    Path tlsClientCa;

    @Option(names = "--max-connections", paramLabel = "N", description = "Most open connections per protocol; more "
        + "are refused (default: ${DEFAULT-VALUE}).", defaultValue = "" + SecurityConfig.MAX_CONNECTIONS_DEFAULT)
    int maxConnections;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", description = "Close a connection without a request "
        + "for this long, e.g. 300s, 5m; 0 never (default: ${DEFAULT-VALUE}).", defaultValue = "300s")
    String idleTimeout;

    @Option(names = "--max-inflight-bytes", paramLabel = "SIZE", description = "Request bytes one TCP connection "
        + "may have unanswered before the server stops reading from it, e.g. 32m (default: ${DEFAULT-VALUE}).",
        defaultValue = "32m")
    String maxInFlightBytes;

    @Option(names = "--request-header-timeout", paramLabel = "DURATION", description = "Close an HTTP connection "
        + "whose request headers have not arrived this long after it opened (slowloris; default: ${DEFAULT-VALUE}).",
        defaultValue = "10s")
    String requestHeaderTimeout;

    @Option(names = "--max-body", paramLabel = "SIZE", description = "Largest HTTP request body of an endpoint that "
        + "is not a write endpoint; larger is refused with 413 (default: ${DEFAULT-VALUE}).", defaultValue = "1m")
    String maxBody;

    @Option(names = "--max-write-body", paramLabel = "SIZE", description = "Largest HTTP request body of a write "
        + "endpoint (remote write, line protocol; default: ${DEFAULT-VALUE}).", defaultValue = "32m")
    String maxWriteBody;

    @Option(names = "--max-concurrent-queries", paramLabel = "N", description = "Most HTTP queries running at once "
        + "(/query, PromQL, series, labels, remote read); more are answered 503 (default: ${DEFAULT-VALUE}).",
        defaultValue = "" + SecurityConfig.MAX_CONCURRENT_QUERIES_DEFAULT)
    int maxConcurrentQueries;

    @Option(names = "--query-timeout", paramLabel = "DURATION", description = "Answer an HTTP query 503 and stop "
        + "its evaluation when it has not finished after this long (default: ${DEFAULT-VALUE}).", defaultValue = "120s")
    String queryTimeout;

    @Option(names = "--max-series", paramLabel = "N", description = "Cardinality limit: most series the server "
        + "holds in memory; a write that would add more is refused whole (0: no limit; default: ${DEFAULT-VALUE}).",
        defaultValue = "1000000")
    long maxSeries;

    @Option(names = "--max-series-per-query", paramLabel = "N", description = "Most series one selector of "
        + "an HTTP query may match; more is refused (/query 400, PromQL 422, remote read 400; default: "
        + "${DEFAULT-VALUE}).",
        defaultValue = "" + SecurityConfig.MAX_SERIES_PER_QUERY_DEFAULT)
    int maxSeriesPerQuery;

    /**
     * Copies the options into {@code config}.
     *
     * @throws ConfigException on a bad value (exit code 2).
     */
    ServerConfig applyTo(final ServerConfig config) {
        config.security().authFile(authFile).tls(tlsCert, tlsKey, tlsClientCa).maxConnections(maxConnections)
            .idleTimeoutMillis(durationMillis("--idle-timeout", idleTimeout))
            .maxInFlightBytes(sizeBytes("--max-inflight-bytes", maxInFlightBytes))
            .requestHeaderTimeoutMillis(durationMillis("--request-header-timeout", requestHeaderTimeout))
            .maxBodyBytes(sizeBytes("--max-body", maxBody), sizeBytes("--max-write-body", maxWriteBody))
            .maxConcurrentQueries(maxConcurrentQueries)
            .queryTimeoutMillis(durationMillis("--query-timeout", queryTimeout))
            .maxSeriesPerQuery(maxSeriesPerQuery);
        if (maxSeries < 0) {
            throw new ConfigException("--max-series", "must not be negative (0: no limit), was " + maxSeries);
        }
        config.tsdbConfig().maxSeries(maxSeries);
        return config;
    }

    private static long durationMillis(final String option, final String text) {
        final long millis = text.strip().equals("0") ? 0 : ConfigValues.durationMillisOrNegative(text, false);
        if (millis < 0) {
            throw new ConfigException(option, "must be a duration like 300s, 5m or 500ms (0: never), was '" + text
                + "'");
        }
        return millis;
    }

    private static long sizeBytes(final String option, final String text) {
        return ConfigValues.parseSizeBytes(option, text);
    }
}
