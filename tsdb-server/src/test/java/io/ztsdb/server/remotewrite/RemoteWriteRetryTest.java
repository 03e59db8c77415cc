// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.remotewrite;

import io.ztsdb.client.TsdbClient;
import io.ztsdb.client.WriteBatch;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.remotewrite.ScriptedReceiver.Answer;
import io.ztsdb.server.runtime.ServerRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sender's answers to a receiver's failures, over real HTTP: a scripted loopback receiver answers 500, 429
 * with Retry-After, 400 or 503 for ever, and the test checks what reaches it, when, and what {@code /stats}
 * says. One receiver for the class; each test runs its own server over its own data directory.
 */
@Timeout(60)
class RemoteWriteRetryTest {
    private static final long T0 = 1_700_000_000_000L;
    private static ScriptedReceiver receiver;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startReceiver() throws Exception {
        receiver = new ScriptedReceiver(i -> Answer.ok());
    }

    @AfterAll
    static void stopReceiver() throws Exception {
        receiver.close();
    }

    @BeforeEach
    void resetReceiver() {
        receiver.received().clear();
        receiver.script(i -> Answer.ok());
    }

    private ServerRuntime start(final RemoteWriteConfig config) {
        config.url(URI.create(receiver.url())).backoffMillis(20, 200).batchDeadlineMillis(50)
            .header("X-Scope-OrgID", "team-a");
        final RemoteWriteSender sender = new RemoteWriteSender(config);
        return ServerRuntime.start(new ServerConfig().port(0).webPort(0).bindAddress("127.0.0.1").dataDir(dataDir),
            List.of(sender));
    }

    private static RemoteWriteStats stats(final ServerRuntime runtime) {
        return ((RemoteWriteSender) runtime.forwarder()).stats();
    }

    /** Writes {@code points} points to each of {@code series} named series, from timestamp index {@code from}. */
    private static long[] write(final ServerRuntime runtime, final int series, final int from, final int points) {
        try (TsdbClient client = TsdbClient.builder().host("127.0.0.1").port(runtime.tcpPort()).build()) {
            client.connect();
            final long[] ids = new long[series];
            for (int s = 0; s < series; s++) {
                ids[s] = client.registerSeries("rw.test", Map.of("series", "s" + s));
            }
            final WriteBatch batch = new WriteBatch(series * points);
            for (int i = from; i < from + points; i++) {
                for (int s = 0; s < series; s++) {
                    batch.add(ids[s], T0 + i * 1000L, s * 1000.0 + i);
                }
            }
            assertThat(client.insertBatch(batch).accepted()).isEqualTo((long) series * points);
            return ids;
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

    /** (series label, timestamp) of every sample in the requests the receiver answered with 2xx. */
    private static List<String> accepted() {
        final List<String> keys = new ArrayList<>();
        for (final ScriptedReceiver.Received r : receiver.received()) {
            if (r.answer().status() < 300) {
                keys.addAll(keys(r));
            }
        }
        return keys;
    }

    private static List<String> keys(final ScriptedReceiver.Received r) {
        final List<String> keys = new ArrayList<>();
        for (final WriteRequests.Series s : r.series()) {
            for (int i = 0; i < s.timestamps().size(); i++) {
                keys.add(s.labels().get("series") + "@" + s.timestamps().get(i) + "=" + s.values().get(i));
            }
        }
        return keys;
    }

    @Test
    void shouldRetryServerErrorsUntilAcceptedKeepingOrderAndHeaders() throws Exception {
        receiver.script(i -> i < 3 ? new Answer(i == 1 ? 503 : 500, null, "try later") : Answer.ok());
        try (ServerRuntime runtime = start(new RemoteWriteConfig())) {
            write(runtime, 5, 0, 200);
            await(() -> stats(runtime).samplesSent() == 1000, "1000 samples sent");
            assertThat(stats(runtime).retries()).isEqualTo(3);
            assertThat(stats(runtime).lastError()).contains("HTTP 50");
        }
        final List<String> accepted = accepted();
        assertThat(accepted).hasSize(1000).doesNotHaveDuplicates();
        for (final ScriptedReceiver.Received r : receiver.received()) {
            assertThat(r.encoding()).isEqualTo("snappy");
            assertThat(r.version()).isEqualTo("0.1.0");
            assertThat(r.tenant()).isEqualTo("team-a");
            for (final WriteRequests.Series s : r.series()) {
                assertThat(s.labels()).containsEntry("__name__", "rw_test").containsKey("series");
                assertThat(s.timestamps()).isSorted();
            }
        }
    }

    @Test
    void shouldWaitWhatRetryAfterAsks() throws Exception {
        receiver.script(i -> i == 0 ? new Answer(429, "2", "slow down") : Answer.ok());
        try (ServerRuntime runtime = start(new RemoteWriteConfig().shards(1))) {
            write(runtime, 1, 0, 10);
            await(() -> stats(runtime).samplesSent() == 10, "10 samples sent");
        }
        final List<ScriptedReceiver.Received> received = receiver.received();
        assertThat(received).hasSize(2);
        // The backoff alone would wait at most 200 ms.
        assertThat((received.get(1).atNanos() - received.get(0).atNanos()) / 1_000_000).isBetween(1900L, 5000L);
        assertThat(received.get(1).samples()).isEqualTo(10);
    }

    @Test
    void shouldDropAndCountARejectedRequestWithoutResendingIt() throws Exception {
        receiver.script(i -> i == 0 ? new Answer(400, null, "out of order sample") : Answer.ok());
        final List<String> rejected;
        try (ServerRuntime runtime = start(new RemoteWriteConfig().shards(1))) {
            write(runtime, 3, 0, 100);
            await(() -> stats(runtime).samplesRejected() == 300, "300 samples rejected");
            write(runtime, 3, 100, 100);
            await(() -> stats(runtime).samplesSent() == 300, "the next 300 samples sent");
            Thread.sleep(300);
            rejected = keys(receiver.received().getFirst());
            final String stats = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + runtime.httpPort() + "/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
            assertThat(stats).contains("\"remote_write\"", "\"samples_rejected\":300", "\"samples_sent\":300",
                "\"requests_rejected\":1", "\"queue_bytes\"", "\"lag_seconds\"", "\"retries\":0",
                "HTTP 400: out of order sample");
        }
        assertThat(rejected).hasSize(300);
        final Set<String> resent = new HashSet<>(accepted());
        assertThat(resent).hasSize(300).doesNotContainAnyElementsOf(rejected);
        assertThat(receiver.received()).hasSize(2);
    }

    @Test
    void shouldDropTheOldestSegmentsBeyondTheQueueSizeAndKeepTheNewest() throws Exception {
        receiver.script(i -> new Answer(503, null, "down"));
        final int batches = 12;
        try (ServerRuntime runtime = start(new RemoteWriteConfig().segmentLengthBytes(16 * 1024)
            .maxQueueBytes(64 * 1024).maxSamplesPerRequest(500))) {
            for (int b = 0; b < batches; b++) {
                write(runtime, 4, b * 250, 250);   // 1000 points, 24 KB, one queue record each
            }
            await(() -> stats(runtime).samplesDroppedQueueBound() > 0, "a drop by the queue bound");
            await(() -> stats(runtime).queueBytes() <= 64 * 1024 + 16 * 1024, "the queue back under its bound");
            receiver.script(i -> Answer.ok());
            await(() -> stats(runtime).queueBytes() == 0 && stats(runtime).samplesSent()
                + stats(runtime).samplesDroppedQueueBound() >= batches * 1000L, "the queue drained");
            final long sent = stats(runtime).samplesSent();
            assertThat(sent).isLessThan(batches * 1000L).isGreaterThanOrEqualTo(2000);
            assertThat(stats(runtime).lastDrop()).contains("dropped segment");
        }
        // What was kept is the newest data: the last batch arrived whole.
        final Set<String> accepted = new HashSet<>(accepted());
        for (int s = 0; s < 4; s++) {
            final int series = s;
            for (int i = (batches - 1) * 250; i < batches * 250; i++) {
                assertThat(accepted).contains("s" + series + "@" + (T0 + i * 1000L) + "=" + (series * 1000.0 + i));
            }
        }
    }

    @Test
    void shouldDropWhatWaitedLongerThanTheMaxLag() throws Exception {
        receiver.script(i -> new Answer(503, null, "down"));
        try (ServerRuntime runtime = start(new RemoteWriteConfig().maxLagMillis(1500))) {
            write(runtime, 2, 0, 100);
            await(() -> stats(runtime).samplesDroppedQueueBound() == 200, "the 200 samples dropped for their age");
            receiver.script(i -> Answer.ok());
            write(runtime, 2, 100, 50);
            await(() -> stats(runtime).samplesSent() == 100, "the 100 new samples sent");
            assertThat(stats(runtime).queueBytes()).isLessThan(1024);
        }
        assertThat(accepted()).hasSize(100);
    }
}
