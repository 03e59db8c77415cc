// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.promql;

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
 * A real Prometheus (the Debian package) for the comparisons: loopback, free port, its own directory, the
 * remote-write receiver on; stopped with SIGTERM, then SIGKILL after three seconds.
 */
final class PrometheusPeer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusPeer(final Process process, final int port) {
        this.process = process;
        this.port = port;
    }

    static PrometheusPeer start(final Path directory) throws IOException, InterruptedException {
        final int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.writeString(directory.resolve("prometheus.yml"), "global:\n  evaluation_interval: 1m\n");
        final Process process = new ProcessBuilder(List.of("/usr/bin/prometheus",
            "--config.file=" + directory.resolve("prometheus.yml"), "--storage.tsdb.path=" + directory.resolve("data"),
            "--web.listen-address=127.0.0.1:" + port, "--web.enable-remote-write-receiver", "--log.level=warn"))
            .redirectErrorStream(true).redirectOutput(directory.resolve("prometheus.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        final PrometheusPeer peer = new PrometheusPeer(process, port);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                if (peer.http.send(HttpRequest.newBuilder(URI.create(peer.url("/-/ready"))).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return peer;
                }
            } catch (final IOException notYet) {
                Thread.sleep(100);
            }
        }
        peer.close();
        throw new IOException("prometheus not ready");
    }

    /** @return CPU time the Prometheus process used so far, in nanoseconds (clock-tick resolution). */
    long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().orElseThrow().toNanos();
    }

    String url(final String path) {
        return "http://127.0.0.1:" + port + path;
    }

    void remoteWrite(final byte[] snappyBody) throws IOException, InterruptedException {
        final HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/api/v1/write")))
            .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "snappy")
            .header("X-Prometheus-Remote-Write-Version", "0.1.0")
            .POST(HttpRequest.BodyPublishers.ofByteArray(snappyBody)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("remote write refused: " + r.statusCode() + " " + r.body());
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
        } catch (final InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
