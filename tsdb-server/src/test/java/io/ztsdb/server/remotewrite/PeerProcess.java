// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.remotewrite;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real receiver (the Debian package's VictoriaMetrics or Prometheus) on loopback: started on a fixed port and
 * data directory so it can be stopped and started again on both, ready once its health URL answers 200, stopped
 * with SIGTERM and SIGKILL after a hard deadline, and killed by a shutdown hook should the test JVM exit first.
 */
final class PeerProcess implements AutoCloseable {
    private static final long STOP_DEADLINE_MILLIS = 5_000;

    private final List<String> command;
    private final int port;
    private final String healthPath;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private Thread killer;

    PeerProcess(final List<String> command, final int port, final String healthPath, final Path log) {
        this.command = command;
        this.port = port;
        this.healthPath = healthPath;
        this.log = log;
    }

    /** VictoriaMetrics single-node on {@code port} over {@code directory}, keeping every timestamp. */
    static PeerProcess victoriaMetrics(final Path directory, final int port) {
        return new PeerProcess(List.of("/usr/bin/victoria-metrics", "-storageDataPath=" + directory.resolve("data"),
            "-httpListenAddr=127.0.0.1:" + port, "-retentionPeriod=100y", "-loggerLevel=WARN",
            "-search.latencyOffset=0s"), port, "/health", directory.resolve("vm.log"));
    }

    /** Prometheus with its remote-write receiver on {@code port} over {@code directory}. */
    static PeerProcess prometheus(final Path directory, final int port) throws IOException {
        final Path config = directory.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  evaluation_interval: 1m\n");
        return new PeerProcess(List.of("/usr/bin/prometheus", "--config.file=" + config,
            "--storage.tsdb.path=" + directory.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
            "--web.enable-remote-write-receiver", "--log.level=warn"), port, "/-/ready",
            directory.resolve("prometheus.log"));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Starts the process and waits until it is ready. */
    PeerProcess start() throws IOException, InterruptedException {
        process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        final Process started = process;
        killer = new Thread(started::destroyForcibly, "peer-killer");
        Runtime.getRuntime().addShutdownHook(killer);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(command.getFirst() + " exited: " + Files.readString(log));
            }
            try {
                if (get(healthPath).statusCode() == 200) {
                    return this;
                }
            } catch (final IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        close();
        throw new IOException(command.getFirst() + " not ready within 30 s");
    }

    HttpResponse<String> get(final String pathAndQuery) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(pathAndQuery))).timeout(Duration.ofSeconds(30))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** @return {@code http://127.0.0.1:port} + path. */
    String url(final String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Stops the process: SIGTERM, then SIGKILL after the deadline. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_DEADLINE_MILLIS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (final InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (final IllegalStateException shuttingDown) {
            // The hook runs anyway.
        }
        process = null;
    }
}
