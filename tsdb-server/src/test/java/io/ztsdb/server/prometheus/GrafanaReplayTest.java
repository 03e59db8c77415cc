// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays the requests Grafana's Prometheus data source sends, in its order and with its encodings, and checks
 * the answers carry what Grafana reads from them: the health check ({@code 1+1} at {@code time=4}, POST form),
 * buildinfo (without {@code features}, so Grafana treats the source as Prometheus), metadata, label names by
 * POST with match[] (and the GET Grafana falls back to on 405/400), metric names by GET, and a range query by
 * POST form with float seconds.
 */
class GrafanaReplayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final long T0 = OracleDataset.T0;

    @TempDir
    static Path dir;
    private static ServerRuntime ztsdb;

    @BeforeAll
    static void start() {
        ztsdb = ServerRuntime.start(new ServerConfig().port(0).webPort(0).bindAddress("127.0.0.1").dataDir(dir)
            .walSync("none"));
        OracleDataset.generate(7).loadInto(ztsdb.tsdb());
    }

    @AfterAll
    static void stop() {
        ztsdb.close();
    }

    @Test
    void shouldAnswerGrafanasDataSourceSequence() throws Exception {
        // 1. Health check: the backend sends an instant query "1+1" for the range [1s, 4s], i.e. at time=4.
        final JsonNode health = send("POST", "/api/v1/query", "query=1%2B1&time=4", 200);
        assertThat(health.toString()).isEqualTo(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[4,\"2\"]}}");
        // 2. Build info decides the flavour: no "features" means Prometheus; the version picks the features used.
        final JsonNode build = send("GET", "/api/v1/status/buildinfo", null, 200);
        assertThat(build.path("data").has("features")).isFalse();
        assertThat(build.path("data").path("version").asText()).isEqualTo("2.42.0");
        // 3. Metric metadata for the query editor's hints.
        assertThat(send("GET", "/api/v1/metadata", null, 200).path("data").isObject()).isTrue();
        // 4. Label names with match[] and a time range, POST first ...
        final String range = "&start=" + (T0 / 1000) + "&end=" + (T0 / 1000 + 7200);
        final JsonNode labels = send("POST", "/api/v1/labels",
            "match%5B%5D=container_cpu_usage%7Bjob%3D%22api%22%7D" + range, 200);
        assertThat(labels.path("data").toString()).contains("\"__name__\"", "\"container_name\"", "\"pod_uid\"");
        // ... and the GET it falls back to when a server answers 405 or 400.
        final JsonNode labelsByGet = send("GET", "/api/v1/labels?match%5B%5D=container_cpu_usage%7Bjob%3D%22api%22%7D" +
            range, null, 200);
        assertThat(labelsByGet.path("data")).isEqualTo(labels.path("data"));
        // 5. Metric names by GET, in Prometheus form (container.cpu.usage is stored with dots).
        final JsonNode names = send("GET", "/api/v1/label/__name__/values?start=" + (T0 / 1000) + "&end=" +
            (T0 / 1000 + 7200), null, 200);
        assertThat(names.path("data").toString()).contains("\"container_cpu_usage\"", "\"node_memory_bytes\"")
            .doesNotContain("container.cpu.usage");
        // 6. The panel's range query: POST form, float seconds, step in seconds.
        final double start = T0 / 1000.0 + 600.5;
        final JsonNode matrix = send("POST", "/api/v1/query_range",
            "query=sum+by+(container_name)+(rate(container_cpu_usage%5B1m%5D))&start=" + start + "&end=" +
                (start + 3600) + "&step=15", 200);
        assertThat(matrix.path("data").path("resultType").asText()).isEqualTo("matrix");
        assertThat(matrix.path("data").path("result")).hasSize(3);
        for (final JsonNode series : matrix.path("data").path("result")) {
            int k = 0;
            for (final JsonNode point : series.path("values")) {
                // Exactly start + k * step: never aligned or shifted.
                assertThat(point.get(0).decimalValue()).isEqualByComparingTo(
                    new java.math.BigDecimal(Double.toString(start)).add(java.math.BigDecimal.valueOf(15L * k)));
                k++;
            }
            assertThat(k).isEqualTo(241);
        }
    }

    private static JsonNode send(final String method, final String pathAndQuery, final String form,
        final int status) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ztsdb.httpPort() +
            pathAndQuery)).header("Accept", "application/json, text/plain, */*").header("X-Grafana-Org-Id", "1")
            .timeout(Duration.ofSeconds(30));
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, HttpRequest.BodyPublishers.ofString(form));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        final HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(pathAndQuery + ": " + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(response.body());
    }
}
