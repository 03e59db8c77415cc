// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.prometheus;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A real Prometheus (the Debian package's binary) on loopback, on a free port, over a temporary directory, for
 * one test class: started with the remote-write receiver, stopped by SIGTERM and then SIGKILL after a hard
 * deadline (a Prometheus whose remote target is gone retries for minutes), and killed by a JVM shutdown hook
 * should the test JVM exit first.
 */
final class PrometheusProcess implements AutoCloseable {
    static final String BINARY = "/usr/bin/prometheus";
    private static final long STOP_DEADLINE_MILLIS = 3_000;

    private final Process process;
    private final int port;
    private final Path directory;
    private final Thread killer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusProcess(final Process process, final int port, final Path directory) {
        this.process = process;
        this.port = port;
        this.directory = directory;
        this.killer = new Thread(process::destroyForcibly, "prometheus-killer");
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /** @return true when the binary is installed (scripts/ensure-toolchain.sh installs it). */
    static boolean installed() {
        return Files.isExecutable(Path.of(BINARY));
    }

    /**
     * Starts Prometheus and waits until it is ready.
     *
     * @param directory  a fresh directory for its config and data.
     * @param extraConfig YAML appended to the config (e.g. a {@code remote_read} section).
     */
    static PrometheusProcess start(final Path directory, final String extraConfig) throws IOException,
        InterruptedException {
        return start(directory, port -> "global:\n  evaluation_interval: 1m\n" + extraConfig);
    }

    /**
     * Starts Prometheus with a whole config written for its port (to scrape itself), and waits until it is ready.
     *
     * @param directory a fresh directory for its config and data.
     * @param config    the config for a given port.
     */
    static PrometheusProcess start(final Path directory, final IntFunction<String> config) throws IOException,
        InterruptedException {
        final int port = freePort();
        Files.writeString(directory.resolve("prometheus.yml"), config.apply(port));
        return launch(directory, port);
    }

    private static PrometheusProcess launch(final Path directory, final int port) throws IOException,
        InterruptedException {
        final Path config = directory.resolve("prometheus.yml");
        final List<String> command = new ArrayList<>(List.of(BINARY, "--config.file=" + config,
            "--storage.tsdb.path=" + directory.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
            "--web.enable-remote-write-receiver", "--log.level=warn"));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(directory.resolve("prometheus.log").toFile()).start();
        final PrometheusProcess prometheus = new PrometheusProcess(process, port, directory);
        prometheus.awaitReady();
        return prometheus;
    }

    private void awaitReady() throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("prometheus exited: " + Files.readString(directory.resolve("prometheus.log")));
            }
            try {
                final HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/-/ready")))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (final IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        close();
        throw new IOException("prometheus not ready within 30 s");
    }

    /** @return {@code http://127.0.0.1:port} + path. */
    String url(final String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** @return the port. */
    int port() {
        return port;
    }

    /** Sends a snappy-compressed remote-write request and checks that Prometheus accepted it. */
    void remoteWrite(final byte[] snappyBody) throws IOException, InterruptedException {
        final HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/api/v1/write")))
            .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "snappy")
            .header("X-Prometheus-Remote-Write-Version", "0.1.0").timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(snappyBody)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("remote write refused: " + r.statusCode() + " " + r.body());
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
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
    }
}
