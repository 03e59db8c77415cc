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
 */
public final class HttpServerVerticle extends VerticleBase {
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
        server = vertx.createHttpServer(guard.applyTo(new HttpServerOptions()
            .setHost(backend.config().bindAddress())
            .setPort(backend.config().webPort())
            .setCompressionSupported(true)));
        server.connectionHandler(guard::onConnection).exceptionHandler(guard::onServerException);
        backend.security().onCertificateChange("HTTP API", tls -> TlsUpdate.await(server.updateSSLOptions(
            tls.sslOptions(), true)));
        return server.requestHandler(guard.requests(HttpApi.router(vertx, backend))).listen()
            .onSuccess(s -> actualPort = s.actualPort());
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
