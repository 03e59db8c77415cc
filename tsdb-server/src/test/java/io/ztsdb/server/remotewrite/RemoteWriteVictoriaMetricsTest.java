// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.remotewrite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ztsdb.client.TsdbClient;
import io.ztsdb.client.WriteBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tsvdb serve --remote-write-url} forwarding into a real VictoriaMetrics (the Debian package), through an
 * outage: VictoriaMetrics is stopped for 10 s mid-run (the issue asks 30 s; 10 s keeps the suite short and
 * exercises the same paths: retries, the queue growing on disk, catch-up), ztsdb is {@code kill -9}ed during the
 * outage and started again on its data, VictoriaMetrics comes back on the same data directory and port. Then
 * every sample ztsdb acknowledged is in VictoriaMetrics: same series, same timestamps, bit-exact values; samples
 * sent twice (at least once delivery across the kill) are counted and printed.
 */
@Timeout(240)
class RemoteWriteVictoriaMetricsTest {
    private static final int SERIES = 20;
    private static final int POINTS_PER_BATCH = 10;
    private static final long OUTAGE_MILLIS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path directory;
    private static int vmPort;
    private static PeerProcess vm;

    private final long t0 = System.currentTimeMillis() - 3_600_000L;
    private final Map<String, TreeMap<Long, Double>> acknowledged = new HashMap<>();
    private int nextIndex;

    @BeforeAll
    static void startVictoriaMetrics() throws Exception {
        Files.createDirectories(directory.resolve("vm"));
        vmPort = PeerProcess.freePort();
        vm = PeerProcess.victoriaMetrics(directory.resolve("vm"), vmPort).start();
    }

    @AfterAll
    static void stopVictoriaMetrics() {
        vm.close();
    }

    private static double value(final int series, final int index) {
        return series * 1_000_000.0 + index + 0.25;
    }

    /** Writes batches for {@code millis}; each batch counts as acknowledged once insertBatch returned. */
    private void writeFor(final ServeProcess server, final long millis) throws InterruptedException {
        try (TsdbClient client = TsdbClient.builder().host("127.0.0.1").port(server.tcpPort()).reconnect(false)
            .build()) {
            client.connect();
            final long[] ids = new long[SERIES];
            for (int s = 0; s < SERIES; s++) {
                ids[s] = client.registerSeries("rw.vm.test", Map.of("series", "s" + s));
            }
            final long end = System.currentTimeMillis() + millis;
            final WriteBatch batch = new WriteBatch(SERIES * POINTS_PER_BATCH);
            while (System.currentTimeMillis() < end) {
                batch.clear();
                for (int i = nextIndex; i < nextIndex + POINTS_PER_BATCH; i++) {
                    for (int s = 0; s < SERIES; s++) {
                        batch.add(ids[s], t0 + i * 100L, value(s, i));
                    }
                }
                assertThat(client.insertBatch(batch).accepted()).isEqualTo(SERIES * POINTS_PER_BATCH);
                for (int i = nextIndex; i < nextIndex + POINTS_PER_BATCH; i++) {
                    for (int s = 0; s < SERIES; s++) {
                        acknowledged.computeIfAbsent("s" + s, k -> new TreeMap<>()).put(t0 + i * 100L, value(s, i));
                    }
                }
                nextIndex += POINTS_PER_BATCH;
                Thread.sleep(50);
            }
        }
    }

    @Test
    void shouldDeliverEverySampleThroughAReceiverOutageAndAKill9() throws Exception {
        final Path data = directory.resolve("ztsdb");
        final Path log = directory.resolve("ztsdb.log");
        final String[] args = {"--remote-write-url", vm.url("/api/v1/write"), "--remote-write-deadline", "200ms",
            "--remote-write-header", "X-Test=remote-write"};
        ServeProcess server = ServeProcess.start(data, log, args);
        try {
            writeFor(server, 2000);
            final long outageStart = System.currentTimeMillis();
            vm.close();
            writeFor(server, 3000);
            final String statsDuringOutage = server.stats();
            assertThat(statsDuringOutage).contains("\"remote_write\"").doesNotContain("\"queue_bytes\":0,");
            server.kill();
            server = ServeProcess.start(data, log, args);
            writeFor(server, Math.max(1000, OUTAGE_MILLIS - (System.currentTimeMillis() - outageStart)));
            vm.start();
            writeFor(server, 2000);
            awaitQueueEmpty(server);
            System.out.println("remote-write stats after the outage: " + server.stats());
        } finally {
            server.close();
        }
        final long expected = acknowledged.values().stream().mapToLong(Map::size).sum();
        final Map<String, Export> exported = awaitExport(expected);
        assertThat(exported.keySet()).containsExactlyInAnyOrderElementsOf(acknowledged.keySet());
        long duplicates = 0;
        for (final Map.Entry<String, TreeMap<Long, Double>> series : acknowledged.entrySet()) {
            final Export got = exported.get(series.getKey());
            assertThat(got.samples()).as("series %s", series.getKey()).isEqualTo(series.getValue());
            duplicates += got.raw() - got.samples().size();
        }
        System.out.println("remote-write into VictoriaMetrics: " + expected + " samples in " + SERIES
            + " series, all present and bit-exact; " + duplicates + " sent twice across the kill -9");
        assertThat(duplicates).isLessThan(expected / 2);
    }

    private static void awaitQueueEmpty(final ServeProcess server) throws Exception {
        final long deadline = System.nanoTime() + 90_000_000_000L;
        while (System.nanoTime() < deadline) {
            final JsonNode rw = JSON.readTree(server.stats()).get("remote_write");
            if (rw.get("queue_bytes").asLong() == 0 && rw.get("samples_sent").asLong() > 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the remote-write queue did not drain: " + server.stats());
    }

    /** The samples of one series in VictoriaMetrics: distinct timestamps, and how many raw samples. */
    private record Export(TreeMap<Long, Double> samples, long raw) {
    }

    private static Map<String, Export> awaitExport(final long expected) throws Exception {
        final long deadline = System.nanoTime() + 60_000_000_000L;
        Map<String, Export> exported = Map.of();
        while (System.nanoTime() < deadline) {
            exported = export();
            if (exported.values().stream().mapToLong(e -> e.samples().size()).sum() >= expected) {
                return exported;
            }
            Thread.sleep(500);
        }
        return exported;
    }

    private static Map<String, Export> export() throws IOException, InterruptedException {
        final String match = URLEncoder.encode("{__name__=\"rw_vm_test\"}", StandardCharsets.UTF_8);
        final String body = vm.get("/api/v1/export?match[]=" + match).body();
        final Map<String, Export> result = new TreeMap<>();
        for (final String line : body.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            final JsonNode node = JSON.readTree(line);
            final TreeMap<Long, Double> samples = new TreeMap<>();
            final JsonNode timestamps = node.get("timestamps");
            final JsonNode values = node.get("values");
            for (int i = 0; i < timestamps.size(); i++) {
                samples.put(timestamps.get(i).asLong(), values.get(i).asDouble());
            }
            result.merge(node.get("metric").get("series").asText(), new Export(samples, timestamps.size()),
                (a, b) -> {
                    a.samples().putAll(b.samples());
                    return new Export(a.samples(), a.raw() + b.raw());
                });
        }
        return result;
    }
}
