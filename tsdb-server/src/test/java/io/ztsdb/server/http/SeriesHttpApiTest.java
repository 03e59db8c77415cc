// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ztsdb.core.Labels;
import io.ztsdb.core.Tsdb;
import io.ztsdb.server.TestBatch;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SeriesHttpApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int CONTAINERS = 20;
    private static final int SECONDS = 600;
    private static final int MAX_POINTS = 50_000;

    @TempDir
    static Path dataDir;
    private static ServerRuntime runtime;
    private static long cpuOfC3;

    @BeforeAll
    static void startServer() {
        runtime = ServerRuntime.start(new ServerConfig().port(0).webPort(0).bindAddress("127.0.0.1")
            .dataDir(dataDir).maxQueryPoints(MAX_POINTS));
        final Tsdb tsdb = runtime.tsdb();
        for (int c = 0; c < CONTAINERS; c++) {
            final String runtimeName = c % 2 == 0 ? "docker" : "podman";
            final long cpu = tsdb.registerSeries("container.cpu.usage", Labels.of("container_id", "c" + c,
                "runtime", runtimeName));
            final long rx = tsdb.registerSeries("container.net.rx.bytes", Labels.of("container_id", "c" + c,
                "runtime", runtimeName));
            if (c == 3) {
                cpuOfC3 = cpu;
            }
            try (TestBatch batch = new TestBatch(tsdb)) {
                for (int s = 0; s < SECONDS; s++) {
                    batch.add(cpu, s * 1000L, c + (s % 2));
                    batch.add(rx, s * 1000L, s * 50.0);
                }
            }
        }
        tsdb.insert(7, 1000, 1.0);
        final long big = tsdb.registerSeries("big", Labels.empty());
        try (TestBatch batch = new TestBatch(tsdb)) {
            for (int i = 0; i <= MAX_POINTS; i++) {
                batch.add(big, i, i);
            }
        }
    }

    @AfterAll
    static void stopServer() {
        runtime.close();
    }

    private static JsonNode getJson(final String pathAndQuery, final int expectedStatus) throws Exception {
        final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + runtime.httpPort() + pathAndQuery)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return JSON.readTree(response.body());
    }

    private static String enc(final String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void shouldListSeriesWithNamesAndLabels() throws Exception {
        final JsonNode all = getJson("/series", 200);
        assertThat(all.get("count").asInt()).isEqualTo(2 * CONTAINERS + 2);
        final JsonNode one = getJson("/series?match=" + enc("container.cpu.usage{container_id=\"c3\"}"), 200);
        assertThat(one.get("count").asInt()).isEqualTo(1);
        final JsonNode s = one.get("series").get(0);
        assertThat(s.get("id").asText()).isEqualTo(Long.toUnsignedString(cpuOfC3));
        assertThat(s.get("metric").asText()).isEqualTo("container.cpu.usage");
        assertThat(s.get("labels").get("container_id").asText()).isEqualTo("c3");
        assertThat(s.get("labels").get("runtime").asText()).isEqualTo("podman");
        assertThat(s.get("points").asLong()).isEqualTo(SECONDS);
    }

    @Test
    void shouldFilterByRegexAndNegation() throws Exception {
        final JsonNode docker = getJson("/series?match=" + enc("{runtime=~\"docker\",container_id!~\"c1.*\"}"), 200);
        // Even containers: c0, c2, ..., c18 minus c10, c12, c14, c16, c18 = 5 containers x 2 metrics.
        assertThat(docker.get("count").asInt()).isEqualTo(10);
    }

    @Test
    void shouldQueryBySelectorWithStepAndAgg() throws Exception {
        final JsonNode result = getJson("/query?match=" + enc("container.cpu.usage{runtime=\"docker\"}")
            + "&start=0&end=599999&step=1m&agg=avg", 200);
        assertThat(result.get("series_count").asInt()).isEqualTo(CONTAINERS / 2);
        assertThat(result.get("step").asLong()).isEqualTo(60_000);
        assertThat(result.get("agg").asText()).isEqualTo("avg");
        assertThat(result.get("count").asInt()).isEqualTo(CONTAINERS / 2 * 10);
        final JsonNode first = result.get("series").get(0);
        assertThat(first.get("labels").get("container_id").asText()).isEqualTo("c0");
        assertThat(first.get("points")).hasSize(10);
        assertThat(first.get("points").get(1).get("timestamp").asLong()).isEqualTo(60_000);
        assertThat(first.get("points").get(1).get("value").asDouble()).isEqualTo(0.5);
    }

    @Test
    void shouldQueryRateBySeriesId() throws Exception {
        final JsonNode rx = getJson("/series?match=" + enc("container.net.rx.bytes{container_id=\"c0\"}"), 200);
        final String id = rx.get("series").get(0).get("id").asText();
        final JsonNode result = getJson("/query?series=" + id + "&start=0&end=599999&step=60000&agg=rate", 200);
        assertThat(result.get("series").asText()).isEqualTo(id);
        assertThat(result.get("metric").asText()).isEqualTo("container.net.rx.bytes");
        assertThat(result.get("count").asInt()).isEqualTo(10);
        assertThat(result.get("points").get(0).get("value").asDouble()).isEqualTo(50.0);
    }

    @Test
    void shouldRejectLimitBreakWith400BeforeStreaming() throws Exception {
        final JsonNode error = getJson("/query?match=big", 400);
        assertThat(error.get("max_points").asLong()).isEqualTo(MAX_POINTS);
        assertThat(error.get("points").asLong()).isGreaterThan(MAX_POINTS);
        assertThat(error.get("error").asText()).contains("query exceeds the limit of " + MAX_POINTS + " points");
        assertThat(getJson("/query?match=big&start=0&end=999999999&step=1&agg=last", 400).get("max_points").asLong())
            .isEqualTo(MAX_POINTS);
        // Within the limit once narrowed or stepped.
        assertThat(getJson("/query?match=big&start=0&end=" + (MAX_POINTS - 1), 200).get("count").asLong())
            .isEqualTo(MAX_POINTS);
        assertThat(getJson("/query?match=big&start=0&end=999999999&step=1000&agg=count", 200).get("count").asLong())
            .isEqualTo(MAX_POINTS / 1000 + 1);
        // 1 ms buckets over ~11.6 days for the small series: bounded by the samples present, fine.
        assertThat(getJson("/query?match=" + enc("container.cpu.usage{runtime=\"docker\"}")
            + "&start=0&end=999999999&step=1&agg=last", 200).get("count").asLong())
            .isEqualTo((long) CONTAINERS / 2 * SECONDS);
    }

    @Test
    void shouldListLabelNamesAndValues() throws Exception {
        assertThat(getJson("/labels", 200).get("labels").toString())
            .isEqualTo("[\"__name__\",\"container_id\",\"runtime\"]");
        assertThat(getJson("/labels/runtime/values", 200).get("values").toString())
            .isEqualTo("[\"docker\",\"podman\"]");
        assertThat(getJson("/labels/__name__/values", 200).get("values")).hasSize(3);
        assertThat(getJson("/labels/no-such/values", 400).get("parameter").asText()).isEqualTo("name");
        assertThat(getJson("/labels/container_id/values?match=" + enc("{runtime=\"podman\"}"), 200).get("values"))
            .hasSize(CONTAINERS / 2);
        assertThat(getJson("/labels?match=big", 200).get("labels").toString()).isEqualTo("[\"__name__\"]");
        assertThat(getJson("/labels?match=" + enc("big{"), 400).get("parameter").asText()).isEqualTo("match");
    }

    @Test
    void shouldReject400NamingTheParameter() throws Exception {
        assertThat(getJson("/series?match=" + enc("cpu{a=}"), 400).get("parameter").asText()).isEqualTo("match");
        final JsonNode badRegex = getJson("/query?match=" + enc("cpu{a=~\"(\"}"), 400);
        assertThat(badRegex.get("error").asText()).contains("bad regular expression");
        assertThat(badRegex.get("parameter").asText()).isEqualTo("match");
        assertThat(getJson("/query?match=cpu&agg=median", 400).get("parameter").asText()).isEqualTo("agg");
        assertThat(getJson("/query?match=cpu&start=0&step=fast&agg=avg", 400).get("parameter").asText())
            .isEqualTo("step");
        assertThat(getJson("/query?match=cpu&start=0&step=10s", 400).get("parameter").asText()).isEqualTo("agg");
        assertThat(getJson("/query?match=cpu&step=10s&agg=avg", 400).get("parameter").asText()).isEqualTo("start");
        assertThat(getJson("/query?match=cpu&series=1&agg=avg", 400).get("parameter").asText()).isEqualTo("match");
        assertThat(getJson("/query?agg=avg", 400).get("parameter").asText()).isEqualTo("series");
        assertThat(getJson("/query?match=" + enc("{a!=\"b\"}"), 400).get("error").asText())
            .contains("needs a metric name");
    }
}
