// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.tcp;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.ztsdb.core.Tsdb;
import io.ztsdb.protocol.ErrorCode;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.ingest.IngestForwarder;
import io.ztsdb.server.netty.TcpSocketAdapter;
import io.ztsdb.server.security.ConnectionLimiter;
import io.ztsdb.server.security.SecurityCounter;
import io.ztsdb.server.security.SecurityServices;
import io.ztsdb.server.security.TlsUpdate;
import io.ztsdb.server.stats.ServerStats;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One listener of the binary protocol; the server runtime deploys one instance per
 * event loop on the same port, and Vert.x spreads the connections over them. Each connection gets its own
 * {@link ConnectionHandler} on the instance's event loop.
 * <p>
 * Limits: a connection over {@code --max-connections} (counted across the instances) gets an UNAVAILABLE error frame
 * and is closed; a connection without a request and nothing to answer for {@code --idle-timeout} is closed. With
 * {@code --tls-cert} the listener speaks TLS only, and takes a changed certificate for new connections.
 */
public final class TcpServerVerticle extends VerticleBase {
    /** Socket receive and send buffer size: room for a few large insert_batch frames in flight. */
    static final int SOCKET_BUFFER_BYTES = 1024 * 1024;
    private static final long MAX_IDLE_SWEEP_MILLIS = 1000;
    private static final long MIN_IDLE_SWEEP_MILLIS = 20;
    private static final System.Logger LOG = System.getLogger(TcpServerVerticle.class.getName());

    private final ServerConfig config;
    private final Tsdb tsdb;
    private final ServerStats stats;
    private final SecurityServices security;
    private final ConnectionLimiter limiter;
    private final int port;
    private final Set<ConnectionHandler> connections = new HashSet<>();
    private final IngestForwarder forwarder;
    private volatile int actualPort = -1;
    private NetServer server;

    /**
     * @param config   settings: bind address, frame limit, connection limits.
     * @param tsdb     the engine to write to and read from.
     * @param stats    server-wide counters.
     * @param security tokens, TLS files and the counters of refusals.
     * @param limiter  the open connections of the binary protocol, shared by every instance.
     * @param port     port to listen on (0: ephemeral).
     * @param forwarder gets every inserted batch; inserts are acknowledged when its future completes.
     */
    public TcpServerVerticle(final ServerConfig config, final Tsdb tsdb, final ServerStats stats,
        final SecurityServices security, final ConnectionLimiter limiter, final int port,
        final IngestForwarder forwarder) {
        this.config = config;
        this.tsdb = tsdb;
        this.stats = stats;
        this.security = security;
        this.limiter = limiter;
        this.port = port;
        this.forwarder = forwarder;
    }

    @Override
    public Future<?> start() {
        final NetServerOptions options = new NetServerOptions()
            .setHost(config.bindAddress())
            .setPort(port)
            .setTcpNoDelay(true)
            .setReceiveBufferSize(SOCKET_BUFFER_BYTES)
            .setSendBufferSize(SOCKET_BUFFER_BYTES);
        if (security.tls() != null) {
            security.tls().applyTo(options);
        }
        server = vertx.createNetServer(options);
        server.exceptionHandler(this::onServerException);
        security.onCertificateChange("binary protocol", tls -> TlsUpdate.await(server.updateSSLOptions(
            tls.sslOptions(), true)));
        final long idleTimeoutMillis = config.security().idleTimeoutMillis();
        if (idleTimeoutMillis > 0) {
            final long sweepMillis = Math.max(MIN_IDLE_SWEEP_MILLIS, Math.min(MAX_IDLE_SWEEP_MILLIS,
                idleTimeoutMillis / 4));
            vertx.setPeriodic(sweepMillis, id -> closeIdle(TimeUnit.MILLISECONDS.toNanos(idleTimeoutMillis)));
        }
        return server.connectHandler(this::accept).listen().onSuccess(s -> actualPort = s.actualPort());
    }

    private void accept(final NetSocket socket) {
        if (!limiter.tryAcquire()) {
            security.stats().increment(SecurityCounter.TCP_CONNECTIONS_REJECTED);
            socket.write(Responses.error(ErrorCode.UNAVAILABLE, "too many connections: --max-connections="
                + limiter.max() + "; closing the connection"));
            socket.end();
            return;
        }
        final ConnectionHandler[] handler = new ConnectionHandler[1];
        handler[0] = new ConnectionHandler(new TcpSocketAdapter(socket), context, tsdb, forwarder, stats, config,
            security.tokens(), security.stats(), () -> {
                connections.remove(handler[0]);
                limiter.release();
            });
        connections.add(handler[0]);
        handler[0].start();
    }

    private void closeIdle(final long timeoutNanos) {
        final long now = System.nanoTime();
        for (final ConnectionHandler connection : Set.copyOf(connections)) {
            if (connection.closeIfIdle(now, timeoutNanos)) {
                security.stats().increment(SecurityCounter.TCP_IDLE_CLOSED);
            }
        }
    }

    private void onServerException(final Throwable failure) {
        // Failures before a connection is handed over: TLS handshakes (plaintext on the TLS port, untrusted client).
        security.stats().increment(SecurityCounter.TLS_HANDSHAKE_FAILURES);
        LOG.log(System.Logger.Level.DEBUG, "binary protocol: connection refused before it opened", failure);
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** @return the port listened on, once started. */
    public int actualPort() {
        return actualPort;
    }
}
