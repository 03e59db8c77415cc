// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.config;

import java.nio.file.Path;

/**
 * Authentication, TLS and connection limits of a server. Fluent setters that check their argument and throw
 * {@link ConfigException} naming the command-line option. Without a token file the server serves everyone; without
 * a certificate it speaks plaintext.
 */
public final class SecurityConfig {
    /** Default most connections per protocol. */
    public static final int MAX_CONNECTIONS_DEFAULT = 10_000;
    /** Default idle timeout: a connection without a request for this long is closed. */
    public static final long IDLE_TIMEOUT_MILLIS_DEFAULT = 300_000;
    /** Default most request bytes one TCP connection has received and not yet had answered. */
    public static final long MAX_INFLIGHT_BYTES_DEFAULT = 32L << 20;
    /** Default time within which an HTTP request's headers must have arrived. */
    public static final long REQUEST_HEADER_TIMEOUT_MILLIS_DEFAULT = 10_000;
    /** Default largest HTTP request body of an endpoint that is not a write endpoint. */
    public static final long MAX_BODY_BYTES_DEFAULT = 1L << 20;
    /** Default largest HTTP request body of a write endpoint (remote write, line protocol). */
    public static final long MAX_WRITE_BODY_BYTES_DEFAULT = 32L << 20;
    /** Default most queries running at once over HTTP. */
    public static final int MAX_CONCURRENT_QUERIES_DEFAULT = 16;
    /** Default longest time an HTTP query may take before it is answered 503. */
    public static final long QUERY_TIMEOUT_MILLIS_DEFAULT = 120_000;
    /** Default most series one HTTP query's selector may match. */
    public static final int MAX_SERIES_PER_QUERY_DEFAULT = 100_000;
    /** Default interval between two checks of the token and certificate files for changes. */
    public static final long RELOAD_INTERVAL_MILLIS_DEFAULT = 1000;

    private Path authFile;
    private Path tlsCert;
    private Path tlsKey;
    private Path tlsClientCa;
    private int maxConnections = MAX_CONNECTIONS_DEFAULT;
    private long idleTimeoutMillis = IDLE_TIMEOUT_MILLIS_DEFAULT;
    private long maxInFlightBytes = MAX_INFLIGHT_BYTES_DEFAULT;
    private long reloadIntervalMillis = RELOAD_INTERVAL_MILLIS_DEFAULT;
    private long requestHeaderTimeoutMillis = REQUEST_HEADER_TIMEOUT_MILLIS_DEFAULT;
    private long maxBodyBytes = MAX_BODY_BYTES_DEFAULT;
    private long maxWriteBodyBytes = MAX_WRITE_BODY_BYTES_DEFAULT;
    private int maxConcurrentQueries = MAX_CONCURRENT_QUERIES_DEFAULT;
    private long queryTimeoutMillis = QUERY_TIMEOUT_MILLIS_DEFAULT;
    private int maxSeriesPerQuery = MAX_SERIES_PER_QUERY_DEFAULT;

    /** Creates the defaults: no authentication, no TLS. */
    public SecurityConfig() {
    }

    /** @return the token file, or null when authentication is off. */
    public Path authFile() {
        return authFile;
    }

    /**
     * @param authFile the token file ({@code name roles sha256:<hex>} lines); null turns authentication off.
     * @return this.
     */
    public SecurityConfig authFile(final Path authFile) {
        this.authFile = authFile;
        return this;
    }

    /** @return whether requests need a token. */
    public boolean authEnabled() {
        return authFile != null;
    }

    /** @return the server's certificate chain (PEM), or null without TLS. */
    public Path tlsCert() {
        return tlsCert;
    }

    /** @return the server's private key (PEM, PKCS#8 or PKCS#1), or null without TLS. */
    public Path tlsKey() {
        return tlsKey;
    }

    /** @return the CA certificates (PEM) that client certificates must chain to, or null: no client certificate. */
    public Path tlsClientCa() {
        return tlsClientCa;
    }

    /**
     * @param cert     the certificate chain (PEM); null with {@code key} null turns TLS off.
     * @param key      the private key (PEM).
     * @param clientCa CA certificates (PEM) that clients must present a certificate of, or null.
     * @return this.
     */
    public SecurityConfig tls(final Path cert, final Path key, final Path clientCa) {
        if ((cert == null) != (key == null)) {
            throw new ConfigException(cert == null ? "--tls-cert" : "--tls-key", "must be given together with "
                + (cert == null ? "--tls-key" : "--tls-cert"));
        }
        if (clientCa != null && cert == null) {
            throw new ConfigException("--tls-client-ca", "needs --tls-cert and --tls-key");
        }
        this.tlsCert = cert;
        this.tlsKey = key;
        this.tlsClientCa = clientCa;
        return this;
    }

    /** @return whether the listeners speak TLS. */
    public boolean tlsEnabled() {
        return tlsCert != null;
    }

    /** @return most connections per protocol. */
    public int maxConnections() {
        return maxConnections;
    }

    /**
     * @param maxConnections most open connections per protocol, at least 1; more are refused.
     * @return this.
     */
    public SecurityConfig maxConnections(final int maxConnections) {
        if (maxConnections < 1) {
            throw new ConfigException("--max-connections", "must be at least 1, was " + maxConnections);
        }
        this.maxConnections = maxConnections;
        return this;
    }

    /** @return idle timeout in milliseconds; 0 = none. */
    public long idleTimeoutMillis() {
        return idleTimeoutMillis;
    }

    /**
     * @param idleTimeoutMillis a connection with no request and nothing to answer for this long is closed; 0 never.
     * @return this.
     */
    public SecurityConfig idleTimeoutMillis(final long idleTimeoutMillis) {
        if (idleTimeoutMillis < 0) {
            throw new ConfigException("--idle-timeout", "must not be negative, was " + idleTimeoutMillis + " ms");
        }
        this.idleTimeoutMillis = idleTimeoutMillis;
        return this;
    }

    /** @return most request bytes one TCP connection has in flight before it stops reading. */
    public long maxInFlightBytes() {
        return maxInFlightBytes;
    }

    /**
     * @param maxInFlightBytes request bytes received and not yet answered on one TCP connection above which it stops
     *                         reading until answers go out; at least 64 KiB.
     * @return this.
     */
    public SecurityConfig maxInFlightBytes(final long maxInFlightBytes) {
        if (maxInFlightBytes < 64 * 1024) {
            throw new ConfigException("--max-inflight-bytes", "must be at least 64k, was " + maxInFlightBytes);
        }
        this.maxInFlightBytes = maxInFlightBytes;
        return this;
    }

    /** @return interval between two checks of the token and certificate files. */
    public long reloadIntervalMillis() {
        return reloadIntervalMillis;
    }

    /**
     * @param reloadIntervalMillis interval between two checks of the token and certificate files, at least 10 ms.
     * @return this.
     */
    public SecurityConfig reloadIntervalMillis(final long reloadIntervalMillis) {
        if (reloadIntervalMillis < 10) {
            throw new ConfigException("--reload-interval", "must be at least 10 ms, was " + reloadIntervalMillis);
        }
        this.reloadIntervalMillis = reloadIntervalMillis;
        return this;
    }

    /** @return time within which an HTTP request's headers must have arrived. */
    public long requestHeaderTimeoutMillis() {
        return requestHeaderTimeoutMillis;
    }

    /**
     * @param requestHeaderTimeoutMillis an HTTP connection whose next request's headers have not arrived this long
     *                                   after it opened is closed (slowloris), at least 100 ms.
     * @return this.
     */
    public SecurityConfig requestHeaderTimeoutMillis(final long requestHeaderTimeoutMillis) {
        if (requestHeaderTimeoutMillis < 100) {
            throw new ConfigException("--request-header-timeout", "must be at least 100ms, was "
                + requestHeaderTimeoutMillis + " ms");
        }
        this.requestHeaderTimeoutMillis = requestHeaderTimeoutMillis;
        return this;
    }

    /** @return largest HTTP request body of an endpoint that is not a write endpoint. */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** @return largest HTTP request body of a write endpoint. */
    public long maxWriteBodyBytes() {
        return maxWriteBodyBytes;
    }

    /**
     * @param maxBodyBytes      largest request body of an endpoint that is not a write endpoint.
     * @param maxWriteBodyBytes largest request body of a write endpoint (remote write, line protocol).
     * @return this.
     */
    public SecurityConfig maxBodyBytes(final long maxBodyBytes, final long maxWriteBodyBytes) {
        if (maxBodyBytes < 1024 || maxWriteBodyBytes < 1024) {
            throw new ConfigException(maxBodyBytes < 1024 ? "--max-body" : "--max-write-body",
                "must be at least 1k, was " + Math.min(maxBodyBytes, maxWriteBodyBytes));
        }
        this.maxBodyBytes = maxBodyBytes;
        this.maxWriteBodyBytes = maxWriteBodyBytes;
        return this;
    }

    /** @return most HTTP queries running at once. */
    public int maxConcurrentQueries() {
        return maxConcurrentQueries;
    }

    /**
     * @param maxConcurrentQueries most HTTP queries running at once, at least 1; more are answered 503.
     * @return this.
     */
    public SecurityConfig maxConcurrentQueries(final int maxConcurrentQueries) {
        if (maxConcurrentQueries < 1) {
            throw new ConfigException("--max-concurrent-queries", "must be at least 1, was " + maxConcurrentQueries);
        }
        this.maxConcurrentQueries = maxConcurrentQueries;
        return this;
    }

    /** @return longest time an HTTP query may take. */
    public long queryTimeoutMillis() {
        return queryTimeoutMillis;
    }

    /**
     * @param queryTimeoutMillis an HTTP query not answered after this long is answered 503, at least 10 ms.
     * @return this.
     */
    public SecurityConfig queryTimeoutMillis(final long queryTimeoutMillis) {
        if (queryTimeoutMillis < 10) {
            throw new ConfigException("--query-timeout", "must be at least 10ms, was " + queryTimeoutMillis + " ms");
        }
        this.queryTimeoutMillis = queryTimeoutMillis;
        return this;
    }

    /** @return most series one HTTP query's selector may match. */
    public int maxSeriesPerQuery() {
        return maxSeriesPerQuery;
    }

    /**
     * @param maxSeriesPerQuery most series one HTTP query's selector may match, at least 1; more is answered 400
     *                          ({@code /query}, remote read) or 422 (PromQL).
     * @return this.
     */
    public SecurityConfig maxSeriesPerQuery(final int maxSeriesPerQuery) {
        if (maxSeriesPerQuery < 1) {
            throw new ConfigException("--max-series-per-query", "must be at least 1, was " + maxSeriesPerQuery);
        }
        this.maxSeriesPerQuery = maxSeriesPerQuery;
        return this;
    }

    @Override
    public String toString() {
        return "SecurityConfig{authFile=" + authFile + ", tlsCert=" + tlsCert + ", tlsKey=" + tlsKey
            + ", tlsClientCa=" + tlsClientCa + ", maxConnections=" + maxConnections + ", idleTimeoutMillis="
            + idleTimeoutMillis + ", maxInFlightBytes=" + maxInFlightBytes + '}';
    }
}
