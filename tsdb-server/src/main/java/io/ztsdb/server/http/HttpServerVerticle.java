// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.ztsdb.server.security.ConnectionLimiter;
import io.ztsdb.server.security.HttpConnectionGuard;
import io.ztsdb.server.security.TlsUpdate;

/**
 * Serves the {@link HttpApi} on the configured bind address and web port.
 * <p>
 * <b>Design note:</b> every connection gets its own Netty pipeline, built on the event loop when it is accepted;
 * a first query comes on a new connection, so what the listener adds to that pipeline is paid by it. No WebSocket
 * endpoint exists, so no WebSocket compression handshakers are set up per connection. Answers are compressed
 * (gzip or deflate) only for a client that asks for it ({@code Accept-Encoding}), at level
 * {@link #COMPRESSION_LEVEL}: Netty's default level 6 cost the 414 KB JSON of an 8,640-point series 12.8 ms of the
 * event loop (on a loaded host), level 1 half of that, for 91 KB instead of 78 KB.
 */
public final class HttpServerVerticle extends VerticleBase {
    /** Deflate level of compressed answers: the fastest, as for a stream (see the design note). */
    static final int COMPRESSION_LEVEL = 1;
    private final HttpBackend backend;
    private volatile int actualPort = -1;
    private HttpServer server;

    /**
     * @param backend what is served; its config gives the address and port.
     */
    public HttpServerVerticle(final HttpBackend backend) {
        this.backend = backend;
    }

    @Override
    public Future<?> start() {
        final HttpConnectionGuard guard = new HttpConnectionGuard(vertx, backend.security(),
            new ConnectionLimiter(backend.config().security().maxConnections()));
        server = vertx.createHttpServer(guard.applyTo(options(backend.config().bindAddress(),
            backend.config().webPort())));
        server.connectionHandler(guard::onConnection).exceptionHandler(guard::onServerException);
        backend.security().onCertificateChange("HTTP API", tls -> TlsUpdate.await(server.updateSSLOptions(
            tls.sslOptions(), true)));
        return server.requestHandler(guard.requests(HttpApi.router(vertx, backend))).listen()
            .onSuccess(s -> actualPort = s.actualPort());
    }

    /**
     * The listener's options before the security settings: address, port, compression on request, no per-connection
     * WebSocket extensions.
     */
    static HttpServerOptions options(final String host, final int port) {
        return new HttpServerOptions()
            .setHost(host)
            .setPort(port)
            .setCompressionSupported(true)
            .setCompressionLevel(COMPRESSION_LEVEL)
            .setPerFrameWebSocketCompressionSupported(false)
            .setPerMessageWebSocketCompressionSupported(false);
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
