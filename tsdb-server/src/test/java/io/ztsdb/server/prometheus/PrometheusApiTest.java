// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ztsdb.core.Labels;
import io.ztsdb.core.Tsdb;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus API's envelope, parameter checks, status codes and ztsdb's own additions (name mapping, raw-id
 * series), over a real server.
 */
class PrometheusApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long T0 = 1_700_000_000_000L;
    /** A raw-id series with an id above 2^53, which a JSON number would round. */
    private static final long RAW_ID = 0x8000_0000_0000_0123L;
    /** The server's --max-query-points, which is the PromQL max-samples limit. */
    private static final int MAX_SAMPLES = 1000;

    @TempDir
    static Path dir;
    private static ServerRuntime ztsdb;

    @BeforeAll
    static void start() {
        ztsdb = ServerRuntime.start(new ServerConfig().port(0).webPort(0).bindAddress("127.0.0.1").dataDir(dir)
            .walSync("none").maxQueryPoints(MAX_SAMPLES));
        final Tsdb tsdb = ztsdb.tsdb();
        final long cpu = tsdb.registerSeries("container.cpu.usage", Labels.of("container.name", "web"));
        for (int s = 0; s < 100; s++) {
            tsdb.insert(cpu, T0 + s * 15_000L, s);
            tsdb.insert(RAW_ID, T0 + s * 15_000L, -s);
        }
    }

    @AfterAll
    static void stop() {
        ztsdb.close();
    }

    @Test
    void shouldExposeDottedNamesInPrometheusFormAndAcceptBoth() throws Exception {
        final JsonNode byProm = get("/api/v1/query?query=container_cpu_usage&time=" + (T0 / 1000 + 600), 200);
        assertThat(byProm.path("data").path("result").get(0).path("metric").toString())
            .isEqualTo("{\"__name__\":\"container_cpu_usage\",\"container_name\":\"web\"}");
        final JsonNode byCanonical = get("/api/v1/query?query=" + PrometheusOracleTest.encode(
            "{__name__=\"container.cpu.usage\",container_name=\"web\"}") + "&time=" + (T0 / 1000 + 600), 200);
        assertThat(byCanonical.path("data")).isEqualTo(byProm.path("data"));
        final JsonNode series = get("/api/v1/series?match[]=" + PrometheusOracleTest.encode(
            "{__name__=\"container.cpu.usage\"}"), 200);
        assertThat(series.path("data").toString())
            .isEqualTo("[{\"__name__\":\"container_cpu_usage\",\"container_name\":\"web\"}]");
    }

    @Test
    void shouldSelectRawIdSeriesWithTheirIdAsAString() throws Exception {
        final String id = Long.toUnsignedString(RAW_ID);
        final JsonNode raw = get("/api/v1/query?query=" + PrometheusOracleTest.encode(
            "{__ztsdb_id__=\"" + id + "\"}") + "&time=" + (T0 / 1000 + 600), 200);
        final JsonNode sample = raw.path("data").path("result").get(0);
        assertThat(sample.path("metric").path("__ztsdb_id__").isTextual()).isTrue();
        assertThat(sample.path("metric").path("__ztsdb_id__").asText()).isEqualTo(id);
        assertThat(sample.path("value").get(1).asText()).isEqualTo("-40");
    }

    @Test
    void shouldAnswerBadParametersWithPrometheusErrors() throws Exception {
        assertError(get("/api/v1/query?query=up&time=yesterday", 400), "bad_data",
            "invalid parameter \"time\": cannot parse \"yesterday\" to a valid timestamp");
        assertError(get("/api/v1/query?query=sum(", 400), "bad_data",
            "invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis");
        assertError(get("/api/v1/query_range?query=up&start=10&end=5&step=1", 400), "bad_data",
            "end timestamp must not be before start time");
        assertError(get("/api/v1/query_range?query=up&start=0&end=5&step=0", 400), "bad_data",
            "zero or negative query resolution step widths are not accepted. Try a positive integer");
        assertError(get("/api/v1/query_range?query=up&start=0&end=100000&step=1", 400), "bad_data",
            "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution " +
                "(?step=XX)");
        assertError(get("/api/v1/query_range?query=up%5B5m%5D&start=0&end=5&step=1", 400), "bad_data",
            "invalid expression type \"range vector\" for range query, must be Scalar or instant Vector");
        assertError(get("/api/v1/series", 400), "bad_data", "no match[] parameter provided");
        assertError(get("/api/v1/series?match[]=" + PrometheusOracleTest.encode("{job=~\".*\"}"), 400), "bad_data",
            "invalid parameter \"match[]\": match[] must contain at least one non-empty matcher");
        assertError(get("/api/v1/label/bad-name/values", 400), "bad_data", "invalid label name: \"bad-name\"");
        assertError(get("/api/v1/query?query=" + PrometheusOracleTest.encode("label_replace(container_cpu_usage, " +
            "\"x\", \"y\", \"container_name\", \"(\")") + "&time=" + (T0 / 1000 + 600), 422), "execution",
            "invalid regular expression in label_replace(): (");
    }

    @Test
    void shouldTimeOutWithPrometheusText() throws Exception {
        assertError(get("/api/v1/query?query=container_cpu_usage&timeout=0.000001&time=" + (T0 / 1000), 503),
            "timeout", "query timed out in query execution");
    }

    @Test
    void shouldRefuseQueriesOverTheSampleLimitWithPrometheusText() throws Exception {
        assertError(get("/api/v1/query_range?query=container_cpu_usage&start=" + (T0 / 1000) + "&end=" +
            (T0 / 1000 + 1500) + "&step=1", 422), "execution",
            "query processing would load too many samples into memory in query execution");
        // Aggregating streams the series: far more samples read than the limit, few held.
        assertThat(get("/api/v1/query_range?query=" + PrometheusOracleTest.encode("sum(count_over_time(" +
            "{__name__=~\".+\"}[1h]))") + "&start=" + (T0 / 1000) + "&end=" + (T0 / 1000 + 1500) + "&step=5", 200)
            .path("data").path("result").get(0).path("values").size()).isEqualTo(301);
    }

    @Test
    void shouldFormatQueries() throws Exception {
        final JsonNode formatted = get("/api/v1/format_query?query=" + PrometheusOracleTest.encode(
            "sum(rate(foo[5m]))by(job)"), 200);
        assertThat(formatted.path("data").asText()).isEqualTo("sum by (job) (rate(foo[5m]))");
    }

    @Test
    void shouldAnswerEmptyRulesAndExemplars() throws Exception {
        assertThat(get("/api/v1/rules", 200).toString())
            .isEqualTo("{\"status\":\"success\",\"data\":{\"groups\":[]}}");
        assertThat(get("/api/v1/query_exemplars?query=up", 200).toString())
            .isEqualTo("{\"status\":\"success\",\"data\":[]}");
    }

    private static void assertError(final JsonNode answer, final String type, final String message) {
        assertThat(answer.path("status").asText()).isEqualTo("error");
        assertThat(answer.path("errorType").asText()).isEqualTo(type);
        if (message != null) {
            assertThat(answer.path("error").asText()).isEqualTo(message);
        }
    }

    private static JsonNode get(final String pathAndQuery, final int status) throws Exception {
        final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" +
            ztsdb.httpPort() + pathAndQuery.replace("[", "%5B").replace("]", "%5D"))).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(pathAndQuery + ": " + response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }
}
