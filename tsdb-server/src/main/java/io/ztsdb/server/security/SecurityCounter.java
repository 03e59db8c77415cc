// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.security;

import java.util.Locale;

/**
 * The refusals and limits the server counts, each with the name it has in {@code GET /stats} (object
 * {@code security}) and a help text for an exposition format such as Prometheus'.
 */
public enum SecurityCounter {
    /** TCP requests refused for a missing or unknown token (the connection is closed). */
    TCP_UNAUTHENTICATED("binary-protocol requests refused for a missing or unknown token"),
    /** TCP requests refused because the token lacks the role. */
    TCP_FORBIDDEN("binary-protocol requests refused because the token lacks the role"),
    /** TCP connections refused at --max-connections. */
    TCP_CONNECTIONS_REJECTED("binary-protocol connections refused at the connection limit"),
    /** TCP connections closed after --idle-timeout without a request. */
    TCP_IDLE_CLOSED("binary-protocol connections closed by the idle timeout"),
    /** Times a TCP connection stopped reading at --max-inflight-bytes. */
    TCP_INFLIGHT_PAUSES("times a binary-protocol connection paused reading at the in-flight byte limit"),
    /** HTTP requests refused with 401 (no or unknown token). */
    HTTP_UNAUTHENTICATED("HTTP requests refused with 401 for a missing or unknown token"),
    /** HTTP requests refused with 403 (the token lacks the role). */
    HTTP_FORBIDDEN("HTTP requests refused with 403 because the token lacks the role"),
    /** HTTP connections refused at --max-connections. */
    HTTP_CONNECTIONS_REJECTED("HTTP connections refused at the connection limit"),
    /** HTTP connections closed because a request's headers did not arrive in time (slowloris). */
    HTTP_HEADER_TIMEOUTS("HTTP connections closed because request headers did not arrive within the timeout"),
    /** HTTP requests refused with 413 (body over the endpoint's limit). */
    HTTP_BODY_TOO_LARGE("HTTP requests refused with 413 because the body was over the endpoint's limit"),
    /** Queries refused with 503 at --max-concurrent-queries. */
    QUERIES_REJECTED("queries refused with 503 at the concurrent query limit"),
    /** Queries answered 503 after --query-timeout. */
    QUERY_TIMEOUTS("queries answered with 503 after the query timeout"),
    /** Appends refused because the disk is full (error frame STORAGE_FULL, HTTP 507). */
    STORAGE_FULL_REFUSALS("appends refused because the disk was full"),
    /** Writes refused at --max-series (error frame SERIES_LIMIT_EXCEEDED, HTTP 422). */
    SERIES_LIMIT_REFUSALS("writes refused because they would add series beyond the server's series limit"),
    /** Queries refused because their selector matched more than --max-series-per-query series. */
    QUERY_SERIES_LIMIT_REFUSALS("queries refused because their selector matched more series than allowed"),
    /** TLS handshakes that failed (plaintext on a TLS port, untrusted or expired client certificate, ...). */
    TLS_HANDSHAKE_FAILURES("TLS handshakes that failed"),
    /** Token file reloads that took effect. */
    TOKEN_RELOADS("token file reloads that took effect"),
    /** Token file reloads refused (unreadable or malformed file; the tokens in force stay). */
    TOKEN_RELOAD_FAILURES("token file reloads refused because the file was unreadable or malformed"),
    /** Certificate reloads that took effect. */
    CERTIFICATE_RELOADS("TLS certificate reloads that took effect"),
    /** Certificate reloads refused (the certificate in force stays). */
    CERTIFICATE_RELOAD_FAILURES("TLS certificate reloads refused because the files were unreadable or invalid");

    private final String help;

    SecurityCounter(final String help) {
        this.help = help;
    }

    /** @return the name in {@code GET /stats}, e.g. {@code tcp_unauthenticated}. */
    public String statsName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return what the counter counts, one line. */
    public String help() {
        return help;
    }
}
