// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.config;

import io.ztsdb.core.TsdbConfig;
import io.ztsdb.core.WalSync;
import io.ztsdb.protocol.FrameDescriptor;

import java.nio.file.Path;

/**
 * Settings of a running server: listening addresses, data directory and limits. Fluent setters that check
 * their argument and throw {@link ConfigException} naming the command-line option on a bad value.
 */
public final class ServerConfig {
    /** Default TCP port of the binary protocol. */
    public static final int PORT_DEFAULT = 9876;
    /** Default bind address: every interface. */
    public static final String BIND_DEFAULT = "0.0.0.0";
    /** Default data directory, relative to the working directory. */
    public static final String DATA_DIR_DEFAULT = "./data";
    /** Default largest accepted frame payload: the protocol's 4 MiB (174,762 points in one insert_batch). */
    public static final int MAX_FRAME_BYTES_DEFAULT = FrameDescriptor.MAX_PAYLOAD_LENGTH_DEFAULT;
    /** Default most points one query answers: 2 M points, a 48 MB data frame (clients accept 64 MiB). */
    public static final int MAX_QUERY_POINTS_DEFAULT = 2_000_000;
    /** Largest {@code maxQueryPoints}: a data frame must stay below 2 GiB. */
    public static final int MAX_QUERY_POINTS_LIMIT = (Integer.MAX_VALUE - 64) / 24;
    /** Smallest accepted {@code maxFrameBytes}: room for a few points and an error message. */
    public static final int MAX_FRAME_BYTES_MIN = 1024;
    /**
     * Default head memory limit of the server: 64 MiB (sealed chunks are persisted from half of it), so that the
     * whole process stays within ~180 MB RSS with the launcher's JVM limits (docs/operations.md).
     */
    public static final long HEAD_MEMORY_LIMIT_BYTES_DEFAULT = 64L * 1024 * 1024;
    /** {@link #HEAD_MEMORY_LIMIT_BYTES_DEFAULT} as the command line writes it. */
    public static final String HEAD_MEMORY_DEFAULT = "64m";
    /** Smallest head memory limit: the engine's 1 MiB. */
    public static final long HEAD_MEMORY_MIN_BYTES = 1024 * 1024;
    /** Port value meaning "no HTTP server". */
    public static final int WEB_PORT_DISABLED = -1;

    private int port = PORT_DEFAULT;
    private int webPort = WEB_PORT_DISABLED;
    private String bindAddress = BIND_DEFAULT;
    private Path dataDir = Path.of(DATA_DIR_DEFAULT);
    private int maxFrameBytes = MAX_FRAME_BYTES_DEFAULT;
    private int maxQueryPoints = MAX_QUERY_POINTS_DEFAULT;
    private int eventLoops = Math.max(1, Runtime.getRuntime().availableProcessors());
    private final TsdbConfig tsdbConfig = new TsdbConfig();
    private final SecurityConfig security = new SecurityConfig();

    /** Creates a configuration with the defaults. */
    public ServerConfig() {
        tsdbConfig.headMemoryLimitBytes(HEAD_MEMORY_LIMIT_BYTES_DEFAULT);
    }

    /** @return TCP port of the binary protocol; 0 picks an ephemeral port. */
    public int port() {
        return port;
    }

    /**
     * @param port TCP port of the binary protocol, 0..65535 (0: ephemeral).
     * @return this.
     */
    public ServerConfig port(final int port) {
        this.port = checkPort("--port", port);
        return this;
    }

    /** @return HTTP port, or {@link #WEB_PORT_DISABLED}. */
    public int webPort() {
        return webPort;
    }

    /** @return true when the HTTP API is enabled. */
    public boolean webEnabled() {
        return webPort != WEB_PORT_DISABLED;
    }

    /**
     * @param webPort HTTP port 0..65535 (0: ephemeral), or {@link #WEB_PORT_DISABLED}.
     * @return this.
     */
    public ServerConfig webPort(final int webPort) {
        this.webPort = webPort == WEB_PORT_DISABLED ? webPort : checkPort("--web-port", webPort);
        return this;
    }

    /** @return address the TCP and HTTP servers bind to. */
    public String bindAddress() {
        return bindAddress;
    }

    /**
     * @param bindAddress host name or IP address to bind to, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}.
     * @return this.
     */
    public ServerConfig bindAddress(final String bindAddress) {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new ConfigException("--bind", "must be a host name or IP address, e.g. 127.0.0.1");
        }
        this.bindAddress = bindAddress;
        return this;
    }

    /** @return directory holding the database files. */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * @param dataDir directory holding the database files; created when missing.
     * @return this.
     */
    public ServerConfig dataDir(final Path dataDir) {
        if (dataDir == null || dataDir.toString().isBlank()) {
            throw new ConfigException("--data-dir", "must be a directory path");
        }
        this.dataDir = dataDir;
        return this;
    }

    /** @return largest accepted frame payload in bytes; larger frames are rejected before buffering. */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /**
     * @param maxFrameBytes largest accepted frame payload in bytes, at least {@link #MAX_FRAME_BYTES_MIN}.
     * @return this.
     */
    public ServerConfig maxFrameBytes(final int maxFrameBytes) {
        if (maxFrameBytes < MAX_FRAME_BYTES_MIN) {
            throw new ConfigException("--max-frame-bytes", "must be at least " + MAX_FRAME_BYTES_MIN + ", was "
                + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
        return this;
    }

    /** @return most points one query may return; more is answered with a query-limit error. */
    public int maxQueryPoints() {
        return maxQueryPoints;
    }

    /**
     * @param maxQueryPoints most points one query may return, 1..{@link #MAX_QUERY_POINTS_LIMIT}.
     * @return this.
     */
    public ServerConfig maxQueryPoints(final int maxQueryPoints) {
        if (maxQueryPoints < 1 || maxQueryPoints > MAX_QUERY_POINTS_LIMIT) {
            throw new ConfigException("--max-query-points", "must be 1.." + MAX_QUERY_POINTS_LIMIT + ", was "
                + maxQueryPoints);
        }
        this.maxQueryPoints = maxQueryPoints;
        return this;
    }

    /** @return number of Vert.x event loops serving TCP connections. */
    public int eventLoops() {
        return eventLoops;
    }

    /**
     * @param eventLoops number of Vert.x event loops serving TCP connections, at least 1.
     * @return this.
     */
    public ServerConfig eventLoops(final int eventLoops) {
        if (eventLoops < 1) {
            throw new ConfigException("--event-loops", "must be at least 1, was " + eventLoops);
        }
        this.eventLoops = eventLoops;
        return this;
    }

    /** @return authentication, TLS and connection limits. */
    public SecurityConfig security() {
        return security;
    }

    /** @return the engine's settings (WAL policy, retention, ...), passed to {@code Tsdb.open}. */
    public TsdbConfig tsdbConfig() {
        return tsdbConfig;
    }

    /**
     * @param walSync WAL durability policy: {@code fsync} (default: ok means on disk), {@code interval=<ms>} or
     *                {@code none}.
     * @return this.
     */
    public ServerConfig walSync(final String walSync) {
        try {
            tsdbConfig.walSync(WalSync.parse(walSync));
        } catch (final IllegalArgumentException ex) {
            throw new ConfigException("--wal-sync", "must be fsync, interval=<ms> or none, was '" + walSync + "'");
        }
        return this;
    }

    /**
     * @param retentionMillis how long data is kept, measured back from the newest timestamp; 0 keeps everything.
     * @return this.
     */
    public ServerConfig retentionMillis(final long retentionMillis) {
        if (retentionMillis < 0) {
            throw new ConfigException("--retention", "must not be negative, was " + retentionMillis + " ms");
        }
        tsdbConfig.retentionMillis(retentionMillis);
        return this;
    }

    /**
     * @param headMemoryLimitBytes head memory limit, at least {@link #HEAD_MEMORY_MIN_BYTES}. Sealed chunks are
     *                             persisted into blocks once the head holds half of it, during WAL replay too.
     * @return this.
     */
    public ServerConfig headMemoryLimitBytes(final long headMemoryLimitBytes) {
        if (headMemoryLimitBytes < HEAD_MEMORY_MIN_BYTES) {
            throw new ConfigException("--head-memory", "must be at least 1m, was " + headMemoryLimitBytes
                + " bytes");
        }
        tsdbConfig.headMemoryLimitBytes(headMemoryLimitBytes);
        return this;
    }

    private static int checkPort(final String option, final int port) {
        if (port < 0 || port > 65535) {
            throw new ConfigException(option, "must be a port number 0..65535, was " + port);
        }
        return port;
    }

    @Override
    public String toString() {
        return "ServerConfig{port=" + port + ", webPort=" + webPort + ", bindAddress=" + bindAddress
            + ", dataDir=" + dataDir + ", maxFrameBytes=" + maxFrameBytes + ", maxQueryPoints=" + maxQueryPoints
            + ", eventLoops=" + eventLoops + ", walSync=" + tsdbConfig.walSync() + ", retentionMillis="
            + tsdbConfig.retentionMillis() + ", headMemoryLimitBytes=" + tsdbConfig.headMemoryLimitBytes() + '}';
    }
}
