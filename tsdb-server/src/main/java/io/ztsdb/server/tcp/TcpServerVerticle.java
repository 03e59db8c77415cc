// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.tcp;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.ztsdb.core.Tsdb;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.ingest.IngestForwarder;
import io.ztsdb.server.netty.TcpSocketAdapter;
import io.ztsdb.server.stats.ServerStats;

/**
 * One listener of the binary protocol; the server runtime deploys one instance per
 * event loop on the same port, and Vert.x spreads the connections over them. Each connection gets its own
 * {@link ConnectionHandler} on the instance's event loop.
 */
public final class TcpServerVerticle extends VerticleBase {
    /** Socket receive and send buffer size: room for a few large insert_batch frames in flight. */
    static final int SOCKET_BUFFER_BYTES = 1024 * 1024;

    private final ServerConfig config;
    private final Tsdb tsdb;
    private final ServerStats stats;
    private final int port;
    private final IngestForwarder forwarder;
    private volatile int actualPort = -1;
    private NetServer server;

    /**
     * @param config settings: bind address, frame limit.
     * @param tsdb   the engine to write to and read from.
     * @param stats  server-wide counters.
     * @param port   port to listen on (0: ephemeral).
     */
    public TcpServerVerticle(final ServerConfig config, final Tsdb tsdb, final ServerStats stats, final int port) {
        this(config, tsdb, stats, port, IngestForwarder.NONE);
    }

    /**
     * @param config    settings: bind address, frame limit.
     * @param tsdb      the engine to write to and read from.
     * @param stats     server-wide counters.
     * @param port      port to listen on (0: ephemeral).
     * @param forwarder gets every inserted batch; inserts are acknowledged when its future completes.
     */
    public TcpServerVerticle(final ServerConfig config, final Tsdb tsdb, final ServerStats stats, final int port,
        final IngestForwarder forwarder) {
        this.config = config;
        this.tsdb = tsdb;
        this.stats = stats;
        this.port = port;
        this.forwarder = forwarder;
    }

    @Override
    public Future<?> start() {
        server = vertx.createNetServer(new NetServerOptions()
            .setHost(config.bindAddress())
            .setPort(port)
            .setTcpNoDelay(true)
            .setReceiveBufferSize(SOCKET_BUFFER_BYTES)
            .setSendBufferSize(SOCKET_BUFFER_BYTES));
        return server.connectHandler(this::accept).listen().onSuccess(s -> actualPort = s.actualPort());
    }

    private void accept(final NetSocket socket) {
        new ConnectionHandler(new TcpSocketAdapter(socket), context, tsdb, forwarder, stats, config).start();
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
