// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server;

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
 * A real peer (vmagent, influxd, ...) run from its Debian binary for one test class: output to a log file in its
 * temporary directory, ready once a URL answers 2xx, stopped by SIGTERM then SIGKILL after a hard deadline, and
 * killed by a JVM shutdown hook should the test JVM exit first.
 */
public final class PeerProcess implements AutoCloseable {
    private static final long STOP_DEADLINE_MILLIS = 3_000;

    private final Process process;
    private final Path log;
    private final Thread killer;

    private PeerProcess(final Process process, final Path log) {
        this.process = process;
        this.log = log;
        this.killer = new Thread(process::destroyForcibly, "peer-killer");
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /**
     * Starts a peer and waits until {@code readyUrl} answers 2xx (30 s at most).
     *
     * @param command  the command line.
     * @param log      where its output goes.
     * @param readyUrl polled until ready.
     */
    public static PeerProcess start(final List<String> command, final Path log, final String readyUrl)
        throws IOException, InterruptedException {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
            .start();
        final PeerProcess peer = new PeerProcess(process, log);
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(command.getFirst() + " exited: " + Files.readString(log));
            }
            try {
                final HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(readyUrl))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 == 2) {
                    return peer;
                }
            } catch (final IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        peer.close();
        throw new IOException(command.getFirst() + " not ready within 30 s: " + Files.readString(log));
    }

    /** @return a free TCP port on loopback. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** @return the peer's output so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (final IOException ex) {
            return "(no log: " + ex + ")";
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
