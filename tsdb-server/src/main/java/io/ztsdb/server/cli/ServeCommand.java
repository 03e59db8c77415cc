// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.cli;

import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code tsvdb serve}: the TSDB server with the binary TCP protocol and, optionally, the HTTP API.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Start the TSDB server: binary TCP protocol on --port, HTTP API on --web-port (if given); with "
        + "--remote-write-url, everything ingested is forwarded to a Prometheus remote-write receiver.")
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port of the binary protocol "
        + "(default: ${DEFAULT-VALUE}; 0 = any free port).", defaultValue = "" + ServerConfig.PORT_DEFAULT)
    int port;

    @Option(names = "--web-port", paramLabel = "PORT", description = "HTTP API port (default: disabled).")
    Integer webPort;

    @Option(names = "--bind", paramLabel = "ADDR", description = "Address to listen on "
        + "(default: ${DEFAULT-VALUE}; 127.0.0.1 for this host only).", defaultValue = ServerConfig.BIND_DEFAULT)
    String bind;

    @Option(names = "--max-frame-bytes", paramLabel = "N", description = "Largest accepted frame payload in "
        + "bytes; larger frames are rejected (default: ${DEFAULT-VALUE}).",
        defaultValue = "" + ServerConfig.MAX_FRAME_BYTES_DEFAULT)
    int maxFrameBytes;

    @Option(names = "--max-query-points", paramLabel = "N", description = "Most points one TCP query returns; "
        + "larger results are refused with QUERY_LIMIT_EXCEEDED (default: ${DEFAULT-VALUE}).",
        defaultValue = "" + ServerConfig.MAX_QUERY_POINTS_DEFAULT)
    int maxQueryPoints;

    @Mixin
    StorageOptions storage;

    @Mixin
    SecurityOptions security;

    @Mixin
    RemoteWriteOptions remoteWrite;

    @Option(names = "--event-loops", paramLabel = "N", description = "Event loop threads for TCP connections "
        + "(default: number of CPUs).")
    Integer eventLoops;

    /** Creates the command; picocli fills the options. */
    public ServeCommand() {
    }

    /**
     * @return the server settings given by the options.
     * @throws io.ztsdb.server.config.ConfigException on a bad value (exit code 2).
     */
    ServerConfig config() {
        final ServerConfig config = security.applyTo(storage.applyTo(new ServerConfig().port(port).bindAddress(bind)
            .maxFrameBytes(maxFrameBytes).maxQueryPoints(maxQueryPoints)));
        if (webPort != null) {
            config.webPort(webPort);
        }
        if (eventLoops != null) {
            config.eventLoops(eventLoops);
        }
        return config;
    }

    @Override
    public Integer call() throws InterruptedException {
        final ServerConfig config = config();
        final ServerRuntime runtime = ServerRuntime.start(config, remoteWrite.sender().stream().toList());
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runtime.close();
            } finally {
                stopped.countDown();
            }
        }, "tsvdb-shutdown"));
        printBanner(spec.commandLine().getOut(), runtime);
        stopped.await();
        return 0;
    }

    static void printBanner(final PrintWriter out, final ServerRuntime runtime) {
        final ServerConfig config = runtime.config();
        out.println("tsvdb: binary protocol on " + config.bindAddress() + ":" + runtime.tcpPort()
            + (runtime.httpPort() >= 0 ? ", HTTP API on http://" + config.bindAddress() + ":" + runtime.httpPort()
                + "/" : ", HTTP API disabled (--web-port N enables it)")
            + ", data in " + config.dataDir() + " (WAL " + config.tsdbConfig().walSync() + ", head memory "
            + (config.tsdbConfig().headMemoryLimitBytes() >> 20) + " MiB); Ctrl+C stops");
        out.print(securityBanner(config, config.security().authEnabled() ? runtime.security().tokens().size() : 0));
        out.flush();
    }

    /**
     * The startup lines about authentication and TLS, with a warning when the server is open to the network.
     *
     * @param config the settings in effect.
     * @param tokens number of tokens in force.
     * @return one or two lines, each ending with a line separator.
     */
    static String securityBanner(final ServerConfig config, final int tokens) {
        final String lineSeparator = System.lineSeparator();
        final StringBuilder text = new StringBuilder("tsvdb: ").append(config.security().authEnabled()
            ? "authentication on (" + tokens + " tokens from " + config.security().authFile() + ")"
            : "authentication off").append(", ")
            .append(config.security().tlsEnabled() ? "TLS on" : "TLS off (plaintext)")
            .append(lineSeparator);
        if (!config.security().authEnabled() && !isLoopback(config.bindAddress())) {
            text.append("tsvdb: WARNING: serving without authentication on ").append(config.bindAddress())
                .append(": anyone who can reach these ports can write and read every series. Use --auth-file (see ")
                .append("docs/security.md) or --bind 127.0.0.1.").append(lineSeparator);
        }
        return text.toString();
    }

    /** @return whether the address is a loopback address (a name is resolved; unresolvable counts as not). */
    static boolean isLoopback(final String bindAddress) {
        try {
            return java.net.InetAddress.getByName(bindAddress).isLoopbackAddress();
        } catch (final java.net.UnknownHostException ex) {
            return false;
        }
    }
}
