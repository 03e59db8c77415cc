// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

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
        server = vertx.createHttpServer(new HttpServerOptions()
            .setHost(backend.config().bindAddress())
            .setPort(backend.config().webPort())
            .setCompressionSupported(true));
        return server.requestHandler(HttpApi.router(vertx, backend)).listen()
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
