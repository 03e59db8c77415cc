// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.ztsdb.core.Labels;
import io.ztsdb.core.Tsdb;
import io.ztsdb.protocol.snappy.SnappyBlock;
import io.ztsdb.server.TestBatch;
import io.ztsdb.server.TestHttp;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query limits on the Prometheus API over real sockets: {@code --max-series-per-query} on every route that selects
 * series (422 {@code execution} in the JSON API, as Prometheus answers its sample limit; 400 text for remote read, as
 * Prometheus' read handler answers its limits), counted; {@code --max-concurrent-queries} (503 with
 * {@code Retry-After}) and {@code --query-timeout} (503, Prometheus' {@code timeout} error type), after which the
 * engine's work stops and its worker is free.
 */
class PromqlLimitsTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final String NOW = "time=" + (T0 / 1000 + 60);
    private static final String RANGE = "start=" + T0 / 1000 + "&end=" + (T0 / 1000 + 60) + "&step=15";

    @TempDir
    Path dir;

    private ServerRuntime start(final ServerConfig config) {
        return ServerRuntime.start(config.port(0).webPort(0).bindAddress("127.0.0.1").dataDir(dir.resolve("data"))
            .walSync("none"));
    }

    /** @return the id of the first of {@code count} series {@code cpu{host="h<i>"}}. */
    private static long cpuSeries(final Tsdb tsdb, final int count, final int points, final long spacingMillis) {
        long first = 0;
        try (TestBatch batch = new TestBatch(tsdb)) {
            for (int s = 0; s < count; s++) {
                final long id = tsdb.registerSeries("cpu", Labels.of("host", "h" + s));
                first = s == 0 ? id : first;
                for (int p = 0; p < points; p++) {
                    batch.add(id, T0 + p * spacingMillis, (p * 7919L + s) % 1000);
                }
            }
        }
        return first;
    }

    private static HttpResponse<String> get(final ServerRuntime server, final String pathAndQuery)
        throws IOException, InterruptedException {
        return TestHttp.get("http://127.0.0.1:" + server.httpPort() + pathAndQuery);
    }

    private static void assertError(final HttpResponse<String> response, final int status, final String type,
        final String message) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        final JsonNode json = TestHttp.json(response.body());
        assertThat(json.path("status").asText()).isEqualTo("error");
        assertThat(json.path("errorType").asText()).isEqualTo(type);
        assertThat(json.path("error").asText()).contains(message);
    }

    @Test
    void shouldRefuseEverySelectionOverTheSeriesLimit() throws Exception {
        final ServerConfig config = new ServerConfig();
        config.security().maxSeriesPerQuery(2);
        try (ServerRuntime server = start(config)) {
            cpuSeries(server.tsdb(), 3, 60, 1000);
            final String cpu = TestHttp.encode("cpu");
            final List<String> refused = List.of("/api/v1/query?query=cpu&" + NOW,
                "/api/v1/query?query=" + TestHttp.encode("sum(rate(cpu[1m]))") + "&" + NOW,
                "/api/v1/query_range?query=" + TestHttp.encode("max(cpu)") + "&" + RANGE,
                "/api/v1/series?match[]=" + cpu, "/api/v1/labels?match[]=" + cpu,
                "/api/v1/label/host/values?match[]=" + cpu);
            for (final String path : refused) {
                assertError(get(server, path), 422, "execution", "matches more than 2 series (--max-series-per-query)");
            }
            final HttpResponse<String> read = TestHttp.post("http://127.0.0.1:" + server.httpPort() + "/api/v1/read",
                readRequest("cpu"), "Content-Type", "application/x-protobuf", "Content-Encoding", "snappy");
            assertThat(read.statusCode()).isEqualTo(400);
            assertThat(read.body()).contains("--max-series-per-query");
            assertThat(server.security().stats().get(SecurityCounter.QUERY_SERIES_LIMIT_REFUSALS))
                .isEqualTo(refused.size() + 1);

            final String two = TestHttp.encode("cpu{host=~\"h0|h1\"}");
            for (final String path : List.of("/api/v1/query?query=" + two + "&" + NOW,
                "/api/v1/query_range?query=" + two + "&" + RANGE, "/api/v1/series?match[]=" + two,
                "/api/v1/label/host/values", "/api/v1/labels")) {
                final HttpResponse<String> served = get(server, path);
                assertThat(served.statusCode()).as(path + ": " + served.body()).isEqualTo(200);
            }
            assertThat(TestHttp.json(get(server, "/api/v1/query?query=" + two + "&" + NOW).body())
                .at("/data/result").size()).isEqualTo(2);
        }
    }

    @Test
    void shouldAnswer503OverTheConcurrencyLimitOnEveryPromqlRoute() throws Exception {
        final ServerConfig config = new ServerConfig();
        config.security().maxConcurrentQueries(1);
        try (ServerRuntime server = start(config)) {
            final long id = cpuSeries(server.tsdb(), 1, 1_000_000, 1000);
            // A client that asks for a million points and does not read them holds the only query slot.
            final Socket slow = holdQuerySlot(server, id);
            try {
                awaitRefused(server, "/api/v1/query?query=cpu&" + NOW);
                for (final String path : List.of("/api/v1/query_range?query=cpu&" + RANGE, "/api/v1/series?match[]=cpu",
                    "/api/v1/labels", "/api/v1/label/host/values", "/query?match=cpu")) {
                    final HttpResponse<String> busy = get(server, path);
                    assertThat(busy.statusCode()).as(path).isEqualTo(503);
                    assertThat(busy.headers().firstValue("Retry-After")).contains("1");
                    assertThat(busy.body()).contains("--max-concurrent-queries=1");
                }
                assertThat(server.security().stats().get(SecurityCounter.QUERIES_REJECTED)).isGreaterThanOrEqualTo(6);
            } finally {
                slow.close();
            }
            // The slot is given back once that client is gone.
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            HttpResponse<String> served = get(server, "/api/v1/query?query=cpu&" + NOW);
            while (served.statusCode() == 503 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                served = get(server, "/api/v1/query?query=cpu&" + NOW);
            }
            assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        }
    }

    /**
     * @return a connection whose {@code /query} for a million points was admitted (its status line read, 200) and whose
     *     body is left unread, so the response stalls on the full socket buffers and keeps its query slot.
     */
    private static Socket holdQuerySlot(final ServerRuntime server, final long id) throws IOException {
        final Socket slow = new Socket();
        slow.setReceiveBufferSize(4096);
        slow.setSoTimeout(30_000);
        slow.connect(new InetSocketAddress("127.0.0.1", server.httpPort()), 5000);
        slow.getOutputStream().write(("GET /query?series=" + Long.toUnsignedString(id)
            + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        final byte[] statusLine = new byte["HTTP/1.1 200".length()];
        int read = 0;
        while (read < statusLine.length) {
            final int n = slow.getInputStream().read(statusLine, read, statusLine.length - read);
            if (n < 0) {
                break;
            }
            read += n;
        }
        final String status = new String(statusLine, 0, read, StandardCharsets.US_ASCII);
        if (!status.equals("HTTP/1.1 200")) {
            slow.close();
            throw new AssertionError("the slow query was not admitted: " + status);
        }
        return slow;
    }

    private static void awaitRefused(final ServerRuntime server, final String path) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        HttpResponse<String> response = get(server, path);
        while (response.statusCode() != 503 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            response = get(server, path);
        }
        assertError(response, 503, "unavailable", "too many queries at once");
    }

    @Test
    void shouldStopTheEngineAtTheQueryTimeoutAndFreeItsWorker() throws Exception {
        final ServerConfig config = new ServerConfig();
        config.security().maxConcurrentQueries(1).queryTimeoutMillis(500);
        try (ServerRuntime server = start(config)) {
            cpuSeries(server.tsdb(), 200, 20_000, 30_000);
            // 200 series x 10,000 steps x a median over 2,880 samples: minutes of work on two cores.
            final String heavy = "/api/v1/query_range?query=" + TestHttp.encode(
                "count(quantile_over_time(0.5, cpu[1d]))") + "&start=" + T0 / 1000 + "&end=" + (T0 / 1000 + 600_000)
                + "&step=60";
            assertError(get(server, heavy), 503, "timeout", "timed out");
            // The evaluation stops at its next check: no thread is left evaluating PromQL.
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (evaluating() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(evaluating()).as("a thread still evaluates the timed-out query").isFalse();
            // With one query slot, the next query is admitted and answered.
            final HttpResponse<String> next = get(server, "/api/v1/query?query=" + TestHttp.encode("count(cpu)") + "&"
                + NOW);
            assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
            assertThat(TestHttp.json(next.body()).at("/data/result/0/value/1").asText()).isEqualTo("200");
            assertThat(TestHttp.json(get(server, "/api/v1/query_range?query=" + TestHttp.encode(
                "count(quantile_over_time(0.5, cpu[1d]))") + "&" + RANGE).body()).path("status").asText())
                .as("the same query over ten minutes").isEqualTo("success");
        }
    }

    /** @return true while a thread runs the PromQL evaluator. */
    private static boolean evaluating() {
        for (final Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
            for (final StackTraceElement frame : thread.getValue()) {
                if (frame.getClassName().startsWith("io.ztsdb.core.promql.eval.")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return a snappy-compressed remote-read request for the samples of one metric over all time. */
    private static byte[] readRequest(final String metric) {
        final byte[] matcher = concat(new byte[] {0x08, 0x00}, field(2, "__name__"), field(3, metric));
        final ByteArrayOutputStream query = new ByteArrayOutputStream();
        query.write(0x08);
        varint(query, 0);
        query.write(0x10);
        varint(query, T0 + 3_600_000);
        query.writeBytes(field(3, matcher));
        final byte[] request = concat(field(1, query.toByteArray()), new byte[] {0x10, 0x00});
        return SnappyBlock.compress(request, 0, request.length);
    }

    private static byte[] field(final int number, final String text) {
        return field(number, text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] field(final int number, final byte[] payload) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(number << 3 | 2);
        varint(out, payload.length);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static void varint(final ByteArrayOutputStream out, final long value) {
        long v = value;
        while ((v & ~0x7fL) != 0) {
            out.write((int) (v & 0x7f | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static byte[] concat(final byte[]... parts) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
