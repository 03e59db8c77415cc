// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.remotewrite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ztsdb.client.TsdbClient;
import io.ztsdb.client.WriteBatch;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forwarding into Prometheus' own remote-write receiver ({@code --web.enable-remote-write-receiver}), which
 * refuses out-of-order samples with 400: the sender drops and counts the refused request, never retries it, and
 * goes on with the samples after it.
 */
@Timeout(120)
class RemoteWritePrometheusTest {
    private static final int SERIES = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path directory;
    private static PeerProcess prometheus;

    private final long t0 = (System.currentTimeMillis() / 1000 - 600) * 1000;

    @BeforeAll
    static void startPrometheus() throws Exception {
        Files.createDirectories(directory.resolve("prometheus"));
        prometheus = PeerProcess.prometheus(directory.resolve("prometheus"), PeerProcess.freePort()).start();
    }

    @AfterAll
    static void stopPrometheus() {
        prometheus.close();
    }

    private void write(final ServerRuntime runtime, final int from, final int count) {
        try (TsdbClient client = TsdbClient.builder().host("127.0.0.1").port(runtime.tcpPort()).build()) {
            client.connect();
            final WriteBatch batch = new WriteBatch(SERIES * count);
            for (int s = 0; s < SERIES; s++) {
                final long id = client.registerSeries("rw.prom.test", Map.of("series", "s" + s));
                for (int i = from; i < from + count; i++) {
                    batch.add(id, t0 + i * 1000L, s + i / 8.0);
                }
            }
            client.insertBatch(batch);
        }
    }

    private static void await(final BooleanSupplier condition, final String what) throws InterruptedException {
        final long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void shouldDropAndCountOutOfOrderSamplesThatPrometheusRefusesWithoutLooping() throws Exception {
        final RemoteWriteSender sender = new RemoteWriteSender(new RemoteWriteConfig()
            .url(URI.create(prometheus.url("/api/v1/write"))).shards(1).batchDeadlineMillis(50)
            .backoffMillis(20, 200));
        try (ServerRuntime runtime = ServerRuntime.start(new ServerConfig().port(0).bindAddress("127.0.0.1")
            .dataDir(directory.resolve("ztsdb")), List.of(sender))) {
            final RemoteWriteStats stats = sender.stats();
            write(runtime, 100, 100);
            await(() -> stats.samplesSent() == 300, "the first 300 samples sent");
            write(runtime, 0, 50);   // older than what Prometheus has: out of order
            await(() -> stats.samplesRejected() == 150, "the out-of-order samples rejected");
            write(runtime, 200, 100);
            await(() -> stats.samplesSent() == 600, "the next 300 samples sent");
            Thread.sleep(1000);
            assertThat(stats.samplesRejected()).isEqualTo(150);
            assertThat(stats.requestsRejected()).isEqualTo(1);
            assertThat(stats.retries()).isZero();
            assertThat(stats.lastError()).startsWith("HTTP 400").contains("out of");
        }
        final String query = URLEncoder.encode("count_over_time(rw_prom_test[30m])", StandardCharsets.UTF_8);
        final JsonNode result = JSON.readTree(prometheus.get("/api/v1/query?query=" + query + "&time="
            + (t0 / 1000 + 400)).body()).at("/data/result");
        assertThat(result).hasSize(SERIES);
        for (final JsonNode series : result) {
            assertThat(series.at("/value/1").asText()).isEqualTo("200");
        }
    }
}
