// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.security;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Connection-level limits of an HTTP listener, on its event loop: at most {@code --max-connections} open (more are
 * closed at once), a connection must deliver a request's headers within {@code --request-header-timeout} after it
 * opens and within {@code --idle-timeout} after each response (a client that trickles header bytes, slowloris, never
 * gets there and is closed), and a connection silent for {@code --idle-timeout} is closed by Vert.x.
 */
public final class HttpConnectionGuard {
    private static final System.Logger LOG = System.getLogger(HttpConnectionGuard.class.getName());
    private final Vertx vertx;
    private final SecurityServices security;
    private final ConnectionLimiter limiter;
    private final Map<HttpConnection, State> connections = new HashMap<>();

    /** A connection's requests in progress and the timer awaiting the next request's headers (-1: none). */
    private static final class State {
        private int active;
        private long timer = -1;
    }

    /**
     * @param vertx    the listener's Vert.x.
     * @param security limits and counters.
     * @param limiter  the open HTTP connections, shared by every listener instance.
     */
    public HttpConnectionGuard(final Vertx vertx, final SecurityServices security, final ConnectionLimiter limiter) {
        this.vertx = vertx;
        this.security = security;
        this.limiter = limiter;
    }

    /**
     * Applies the idle timeout and TLS to the listener's options.
     *
     * @param options the listener's options.
     * @return {@code options}.
     */
    public HttpServerOptions applyTo(final HttpServerOptions options) {
        // Without h2c, the connection exists (and its header timer runs) from the accept, not from its first bytes.
        options.setHttp2ClearTextEnabled(false);
        final long idleMillis = security.config().idleTimeoutMillis();
        if (idleMillis > 0) {
            options.setIdleTimeout((int)Math.min(Integer.MAX_VALUE, idleMillis)).setIdleTimeoutUnit(
                TimeUnit.MILLISECONDS);
        }
        return security.tls() == null ? options : security.tls().applyTo(options);
    }

    /**
     * Takes a new connection: refused over the limit, else its first request's headers are awaited.
     *
     * @param connection the accepted connection.
     */
    public void onConnection(final HttpConnection connection) {
        if (!limiter.tryAcquire()) {
            security.stats().increment(SecurityCounter.HTTP_CONNECTIONS_REJECTED);
            connection.close();
            return;
        }
        final State state = new State();
        connections.put(connection, state);
        connection.closeHandler(v -> {
            cancelTimer(state);
            connections.remove(connection);
            limiter.release();
        });
        awaitHeaders(connection, state, security.config().requestHeaderTimeoutMillis());
    }

    /**
     * Counts a failure before a connection was handed over: a TLS handshake (plaintext on the TLS port, a client that
     * does not trust the certificate, an untrusted client certificate).
     *
     * @param failure what failed.
     */
    public void onServerException(final Throwable failure) {
        security.stats().increment(SecurityCounter.TLS_HANDSHAKE_FAILURES);
        LOG.log(System.Logger.Level.DEBUG, "HTTP: connection refused before it opened", failure);
    }

    /**
     * Wraps the request handler: a request's headers have arrived; the next are awaited once it is answered.
     *
     * @param next the router.
     * @return the listener's request handler.
     */
    public Handler<HttpServerRequest> requests(final Handler<HttpServerRequest> next) {
        return request -> {
            final HttpConnection connection = request.connection();
            final State state = connections.get(connection);
            if (state != null) {
                cancelTimer(state);
                state.active++;
                final long idleMillis = security.config().idleTimeoutMillis();
                request.response().endHandler(v -> {
                    // HTTP/2 runs several requests at once: the wait for headers starts when none is left.
                    if (--state.active == 0 && idleMillis > 0) {
                        awaitHeaders(connection, state, Math.max(idleMillis,
                            security.config().requestHeaderTimeoutMillis()));
                    }
                });
            }
            next.handle(request);
        };
    }

    private void awaitHeaders(final HttpConnection connection, final State state, final long timeoutMillis) {
        cancelTimer(state);
        state.timer = vertx.setTimer(timeoutMillis, id -> {
            state.timer = -1;
            security.stats().increment(SecurityCounter.HTTP_HEADER_TIMEOUTS);
            connection.close();
        });
    }

    private void cancelTimer(final State state) {
        if (state.timer >= 0) {
            vertx.cancelTimer(state.timer);
            state.timer = -1;
        }
    }
}
