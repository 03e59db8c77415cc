// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.ui;

import io.ztsdb.client.TsdbClient;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;

import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A real server on loopback ports with a generated container fleet: {@code historyMinutes} of points at
 * {@code historyStepMillis} written through the engine, then one point per series every second through the
 * binary protocol until closed (what {@code tsvdb collect} writes, without the kernel).
 */
final class UiServer implements AutoCloseable {
    private final ServerRuntime runtime;
    private final ContainerFleet fleet;
    private final TsdbClient client;
    private final ScheduledExecutorService live = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread t = new Thread(r, "ui-test-live-writer");
        t.setDaemon(true);
        return t;
    });

    UiServer(final Path dir, final int containers, final int historyMinutes, final long historyStepMillis) {
        runtime = ServerRuntime.start(new ServerConfig().port(0).webPort(0).bindAddress("127.0.0.1").dataDir(dir)
            .walSync("none"));
        fleet = new ContainerFleet(containers, 11);
        final long now = System.currentTimeMillis() / 1000 * 1000;
        fleet.fill(runtime.tsdb(), now - historyMinutes * 60_000L, now - 1000, historyStepMillis);
        client = TsdbClient.builder().host("127.0.0.1").port(runtime.tcpPort()).build();
        client.connect();
        fleet.writeRound(client, now);
        live.scheduleAtFixedRate(() -> fleet.writeRound(client, System.currentTimeMillis()),
            1000 - System.currentTimeMillis() % 1000, 1000, TimeUnit.MILLISECONDS);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + runtime.httpPort();
    }

    ServerRuntime runtime() {
        return runtime;
    }

    ContainerFleet fleet() {
        return fleet;
    }

    @Override
    public void close() {
        live.shutdownNow();
        try {
            live.awaitTermination(5, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
        runtime.close();
    }

    /** Runs a server for trying the UI by hand: {@code UiServer [containers]}; Ctrl+C stops. */
    public static void main(final String[] args) throws Exception {
        final Path dir = java.nio.file.Files.createTempDirectory("ztsdb-ui");
        try (UiServer server = new UiServer(dir, args.length > 0 ? Integer.parseInt(args[0]) : 20, 120, 5000)) {
            System.out.println("web UI on " + server.baseUrl() + "/ui/");
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
