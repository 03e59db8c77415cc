// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.remotewrite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ztsdb.client.TsdbClient;
import io.ztsdb.client.WriteBatch;
import io.ztsdb.protocol.prometheus.WriteRequestEncoder;
import io.ztsdb.server.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tsvdb serve --remote-write-url} forwarding into a real VictoriaMetrics (the Debian package), shared by the
 * tests of this class. Through an outage: VictoriaMetrics is stopped for 30 s mid-run, ztsdb is {@code kill -9}ed
 * during the outage and started again on its data, VictoriaMetrics comes back on the same data directory and port.
 * Then every sample ztsdb acknowledged is in VictoriaMetrics: same series, same timestamps, bit-exact values;
 * samples sent twice (at least once delivery across the kill) are counted and printed. And for every ingest
 * protocol: samples acknowledged over remote write and line protocol are forwarded as the binary protocol's are.
 */
@Timeout(300)
class RemoteWriteVictoriaMetricsTest {
    private static final int SERIES = 20;
    private static final int POINTS_PER_BATCH = 10;
    private static final long OUTAGE_MILLIS = 30_000;
    private static final int HTTP_REQUESTS = 5;
    private static final int HTTP_SERIES = 8;
    private static final int HTTP_POINTS = 50;
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
                        acknowledged.computeIfAbsent("rw_vm_test/s" + s, k -> new TreeMap<>())
                            .put(t0 + i * 100L, value(s, i));
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
        final Map<String, Export> exported = awaitExport("{__name__=\"rw_vm_test\"}", expected);
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

    @Test
    void shouldForwardWhatRemoteWriteAndLineProtocolAcknowledged() throws Exception {
        final Map<String, TreeMap<Long, Double>> expected = new TreeMap<>();
        try (ServeProcess server = ServeProcess.start(directory.resolve("http-ingest"),
            directory.resolve("http-ingest.log"), "--remote-write-url", vm.url("/api/v1/write"),
            "--remote-write-deadline", "200ms")) {
            for (int request = 0; request < HTTP_REQUESTS; request++) {
                sendRemoteWrite(server, request, expected);
                sendLineProtocol(server, request, false, expected);
                sendLineProtocol(server, request, true, expected);
            }
            awaitQueueEmpty(server);
        }
        final long count = expected.values().stream().mapToLong(Map::size).sum();
        final Map<String, Export> exported = awaitExport("{__name__=~\"fwd_.*\"}", count);
        assertThat(exported.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (final Map.Entry<String, TreeMap<Long, Double>> series : expected.entrySet()) {
            final TreeMap<Long, Double> got = exported.get(series.getKey()).samples();
            assertThat(got.keySet()).as("series %s", series.getKey()).isEqualTo(series.getValue().keySet());
            for (final Map.Entry<Long, Double> sample : series.getValue().entrySet()) {
                assertThat(Double.doubleToRawLongBits(got.get(sample.getKey())))
                    .as("%s at %d", series.getKey(), sample.getKey())
                    .isEqualTo(Double.doubleToRawLongBits(sample.getValue()));
            }
        }
        System.out.println("remote write and line protocol forwarded into VictoriaMetrics: " + count + " samples in "
            + expected.size() + " series, all present and bit-exact");
    }

    /** Values VictoriaMetrics keeps exactly (it stores 12 significant decimal digits at most). */
    private static double httpValue(final int series, final int index) {
        return series * 1000.0 + index * 0.125 - 3.5;
    }

    private void sendRemoteWrite(final ServeProcess server, final int request,
        final Map<String, TreeMap<Long, Double>> expected) throws Exception {
        final WriteRequestEncoder encoder = new WriteRequestEncoder();
        for (int s = 0; s < HTTP_SERIES; s++) {
            encoder.beginSeries().label("__name__", "fwd_rw").label("series", "s" + s).label("job", "forward");
            for (int i = request * HTTP_POINTS; i < (request + 1) * HTTP_POINTS; i++) {
                encoder.sample(t0 + i * 1000L, httpValue(s, i));
                expected.computeIfAbsent("fwd_rw/s" + s, k -> new TreeMap<>()).put(t0 + i * 1000L, httpValue(s, i));
            }
            encoder.endSeries();
        }
        final HttpResponse<String> response = TestHttp.remoteWrite(server.url("/api/v1/write"), encoder.toSnappy());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    /** InfluxDB 1.x at millisecond precision, or 2.x at nanosecond precision; one float and one integer field. */
    private void sendLineProtocol(final ServeProcess server, final int request, final boolean v2,
        final Map<String, TreeMap<Long, Double>> expected) throws Exception {
        final String measurement = v2 ? "fwd_lp2" : "fwd_lp1";
        final StringBuilder lines = new StringBuilder();
        for (int s = 0; s < HTTP_SERIES; s++) {
            for (int i = request * HTTP_POINTS; i < (request + 1) * HTTP_POINTS; i++) {
                final long millis = t0 + i * 1000L;
                lines.append(measurement).append(",series=s").append(s).append(" value=").append(httpValue(s, i))
                    .append(",count=").append(i).append("i ").append(v2 ? millis * 1_000_000L : millis).append('\n');
                expected.computeIfAbsent(measurement + "_value/s" + s, k -> new TreeMap<>()).put(millis,
                    httpValue(s, i));
                expected.computeIfAbsent(measurement + "_count/s" + s, k -> new TreeMap<>()).put(millis, (double) i);
            }
        }
        final String path = v2 ? "/api/v2/write?org=o&bucket=b&precision=ns" : "/write?db=d&precision=ms";
        final HttpResponse<String> response = TestHttp.post(server.url(path),
            lines.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
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

    private static Map<String, Export> awaitExport(final String selector, final long expected) throws Exception {
        final long deadline = System.nanoTime() + 60_000_000_000L;
        Map<String, Export> exported = Map.of();
        while (System.nanoTime() < deadline) {
            exported = export(selector);
            if (exported.values().stream().mapToLong(e -> e.samples().size()).sum() >= expected) {
                return exported;
            }
            Thread.sleep(500);
        }
        return exported;
    }

    /** @return the samples VictoriaMetrics has for {@code selector}, by {@code name/series}. */
    private static Map<String, Export> export(final String selector) throws IOException, InterruptedException {
        final String match = URLEncoder.encode(selector, StandardCharsets.UTF_8);
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
            final JsonNode metric = node.get("metric");
            result.merge(metric.get("__name__").asText() + "/" + metric.get("series").asText(),
                new Export(samples, timestamps.size()),
                (a, b) -> {
                    a.samples().putAll(b.samples());
                    return new Export(a.samples(), a.raw() + b.raw());
                });
        }
        return result;
    }
}
