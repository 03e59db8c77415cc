// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.runtime;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.ztsdb.core.Tsdb;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.http.HttpBackend;
import io.ztsdb.server.http.HttpServerVerticle;
import io.ztsdb.server.security.ConnectionLimiter;
import io.ztsdb.server.security.SecurityServices;
import io.ztsdb.server.security.TokenFileException;
import io.ztsdb.server.ingest.IngestForwarder;
import io.ztsdb.server.metrics.ServerMetrics;
import io.ztsdb.server.stats.ServerStats;
import io.ztsdb.server.stats.StatsContributor;
import io.ztsdb.server.tcp.TcpServerVerticle;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running server: the engine, the {@link RuntimeComponent}s, the TCP server of the binary protocol and the
 * HTTP API, started in that order and stopped in reverse.
 * <p>
 * <b>Design note:</b> {@code tsvdb serve} and {@code tsvdb collect} share this class; {@code collect} passes
 * its collector as a component, which gets the engine before any client can connect.
 */
public final class ServerRuntime implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ServerRuntime.class.getName());
    private static final long START_TIMEOUT_SECONDS = 30;
    private static final long STATS_SAMPLE_INTERVAL_MILLIS = 1000;

    private final ServerConfig config;
    private final List<RuntimeComponent> components;
    private final List<RuntimeComponent> startedComponents = new ArrayList<>();
    private final ServerStats stats = new ServerStats();
    private final ServerMetrics metrics = new ServerMetrics();
    private final List<String> tcpDeployments = new ArrayList<>();
    private Tsdb tsdb;
    private SecurityServices security;
    private Vertx vertx;
    private String httpDeployment;
    private int tcpPort = -1;
    private int httpPort = -1;
    private boolean closed;

    private ServerRuntime(final ServerConfig config, final List<? extends RuntimeComponent> components) {
        this.config = config;
        this.components = List.copyOf(components);
    }

    /**
     * Starts a server without extra components.
     *
     * @param config settings.
     * @return the running server.
     * @throws StartupException when it cannot start; everything started so far is stopped again.
     */
    public static ServerRuntime start(final ServerConfig config) {
        return start(config, List.of());
    }

    /**
     * Starts a server: engine, then {@code components} in order, then TCP, then HTTP (when enabled).
     *
     * @param config     settings.
     * @param components started after the engine, closed in reverse order before it.
     * @return the running server.
     * @throws StartupException when it cannot start; everything started so far is stopped again.
     */
    public static ServerRuntime start(final ServerConfig config, final List<? extends RuntimeComponent> components) {
        final ServerRuntime runtime = new ServerRuntime(config, components);
        try {
            runtime.startAll();
            return runtime;
        } catch (final RuntimeException ex) {
            try {
                runtime.close();
            } catch (final RuntimeException closeFailure) {
                ex.addSuppressed(closeFailure);
            }
            throw ex;
        }
    }

    private void startAll() {
        security = startSecurity(config);
        config.tsdbConfig().walSyncListener(metrics.walSyncListener());
        tsdb = openTsdb(config);
        metrics.bind(tsdb, stats, security.stats(), config);
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(config.eventLoops())
            .setPreferNativeTransport(true));
        vertx.setPeriodic(STATS_SAMPLE_INTERVAL_MILLIS, id -> stats.sampleRate(System.nanoTime()));
        for (final RuntimeComponent component : components) {
            component.start(this);
            startedComponents.add(component);
        }
        startTcp();
        if (config.webEnabled()) {
            startHttp();
        }
    }

    private static SecurityServices startSecurity(final ServerConfig config) {
        try {
            return SecurityServices.start(config.security());
        } catch (final TokenFileException | IllegalArgumentException ex) {
            throw new StartupException(ex.getMessage(), ex);
        }
    }

    private static Tsdb openTsdb(final ServerConfig config) {
        final Path dataDir = config.dataDir();
        final String hint = "; choose another directory with --data-dir";
        try {
            if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
                throw new StartupException("cannot open data directory " + dataDir + ": it is a file" + hint, null);
            }
            Files.createDirectories(dataDir);
            if (!Files.isWritable(dataDir)) {
                throw new StartupException("cannot open data directory " + dataDir + ": not writable" + hint, null);
            }
            return Tsdb.open(dataDir, config.tsdbConfig());
        } catch (final AccessDeniedException ex) {
            throw new StartupException("cannot open data directory " + dataDir + ": permission denied on "
                + ex.getFile() + hint, ex);
        } catch (final FileAlreadyExistsException ex) {
            throw new StartupException("cannot open data directory " + dataDir + ": " + ex.getFile()
                + " is a file" + hint, ex);
        } catch (final IOException ex) {
            throw new StartupException("cannot open data directory " + dataDir + ": " + ex + hint, ex);
        } catch (final StartupException ex) {
            throw ex;
        } catch (final RuntimeException ex) {
            throw new StartupException("cannot open the database in " + dataDir + ": " + ex.getMessage() + hint, ex);
        }
    }

    private void startTcp() {
        // One listener per event loop; Vert.x shares the port among them and spreads the connections. An
        // ephemeral port is requested as -1: Vert.x gives servers with the same negative port one shared port.
        final int port = config.port() == 0 ? -1 : config.port();
        final List<TcpServerVerticle> listeners = new CopyOnWriteArrayList<>();
        final ConnectionLimiter limiter = new ConnectionLimiter(config.security().maxConnections());
        tcpDeployments.add(await(vertx.deployVerticle(() -> {
            final TcpServerVerticle listener = new TcpServerVerticle(config, tsdb, stats, security, limiter, port,
                forwarder());
            listeners.add(listener);
            return listener;
        }, new DeploymentOptions().setInstances(config.eventLoops())), "binary protocol (--port)", config.port()));
        tcpPort = listeners.getFirst().actualPort();
        for (final TcpServerVerticle listener : listeners) {
            if (listener.actualPort() != tcpPort) {
                throw new StartupException("TCP listeners ended on different ports: " + tcpPort + " and "
                    + listener.actualPort(), null);
            }
        }
    }

    private void startHttp() {
        final List<StatsContributor> contributors = new ArrayList<>(components);
        contributors.add(security.stats());
        final HttpServerVerticle http = new HttpServerVerticle(new HttpBackend(tsdb, stats, config, tcpPort,
            contributors, security, metrics, forwarder()));
        httpDeployment = await(vertx.deployVerticle(http), "HTTP API (--web-port)", config.webPort());
        httpPort = http.actualPort();
        if (!config.security().authEnabled() && !config.security().tlsEnabled()) {
            final String bind = config.bindAddress();
            QueryWarmup.run(tsdb, "0.0.0.0".equals(bind) || "::".equals(bind) ? "127.0.0.1" : bind, httpPort);
        }
    }

    private String await(final Future<String> deployment, final String what, final int port) {
        try {
            return deployment.toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (final ExecutionException ex) {
            throw startFailure(ex.getCause(), what, port);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while starting the " + what, ex);
        } catch (final TimeoutException ex) {
            throw new StartupException("the " + what + " did not start within " + START_TIMEOUT_SECONDS + " s", ex);
        }
    }

    private StartupException startFailure(final Throwable cause, final String what, final int port) {
        if (cause instanceof BindException || String.valueOf(cause.getMessage()).contains("Address already in use")) {
            return new StartupException("port " + port + " is already in use (" + what + " on "
                + config.bindAddress() + "); stop the other process or choose another port", cause);
        }
        if (cause instanceof StartupException startup) {
            return startup;
        }
        return new StartupException("cannot start the " + what + " on " + config.bindAddress() + ":" + port + ": "
            + cause.getMessage() + " (check --bind)", cause);
    }

    /** @return settings in effect. */
    public ServerConfig config() {
        return config;
    }

    /** @return the storage engine. */
    public Tsdb tsdb() {
        return tsdb;
    }

    /** @return the Vert.x instance running the front ends. */
    public Vertx vertx() {
        return vertx;
    }

    /** @return the server-wide counters. */
    public ServerStats stats() {
        return stats;
    }

    /** @return tokens, TLS files and the counters of refusals and limits. */
    public SecurityServices security() {
        return security;
    }

    /**
     * @return the component that forwards what the server ingests (the remote-write sender), or
     *     {@link IngestForwarder#NONE}: every ingest path passes its batches to it.
     */
    public IngestForwarder forwarder() {
        for (final RuntimeComponent component : components) {
            if (component instanceof IngestForwarder forwarder) {
                return forwarder;
            }
        }
        return IngestForwarder.NONE;
    }

    /** @return the metrics served on {@code /metrics}; components register their own collectors here. */
    public ServerMetrics metrics() {
        return metrics;
    }

    /** @return the components passed to {@link #start(ServerConfig, List)}. */
    public List<RuntimeComponent> components() {
        return components;
    }

    /** @return the actual TCP port of the binary protocol (useful when configured as 0). */
    public int tcpPort() {
        return tcpPort;
    }

    /** @return the actual HTTP port, -1 when the HTTP API is disabled. */
    public int httpPort() {
        return httpPort;
    }

    /** Stops HTTP, TCP, the components and the engine, in that order; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        if (vertx != null) {
            final List<String> deployments = new ArrayList<>();
            if (httpDeployment != null) {
                deployments.add(httpDeployment);
            }
            deployments.addAll(tcpDeployments.reversed());
            for (final String id : deployments) {
                failure = collect(failure, () -> vertx.undeploy(id).toCompletionStage().toCompletableFuture()
                    .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS));
            }
        }
        for (final RuntimeComponent component : startedComponents.reversed()) {
            failure = collect(failure, component::close);
        }
        if (vertx != null) {
            failure = collect(failure, () -> vertx.close().toCompletionStage().toCompletableFuture()
                .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        }
        if (tsdb != null) {
            failure = collect(failure, tsdb::close);
        }
        if (security != null) {
            failure = collect(failure, security::close);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static RuntimeException collect(final RuntimeException failure, final Step step) {
        try {
            step.run();
            return failure;
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            return add(failure, ex);
        } catch (final Exception ex) {
            return add(failure, ex);
        }
    }

    private static RuntimeException add(final RuntimeException failure, final Exception ex) {
        if (failure == null) {
            return new IllegalStateException("server shutdown failed: " + ex, ex);
        }
        failure.addSuppressed(ex);
        return failure;
    }
}
