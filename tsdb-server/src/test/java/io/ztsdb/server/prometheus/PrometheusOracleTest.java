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

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The differential oracle: the same data in a real Prometheus 2.42 (the Debian package) and in ztsdb, the same
 * corpus of PromQL queries ({@code promql/oracle-corpus.txt}) sent to both as instant and as range queries (POST
 * form), the answers compared by {@link ResultComparator}. Prints the score line
 * {@code N passed, N failed, N unsupported} and every difference; fails below 97 %. format_query answers are
 * compared too.
 */
class PrometheusOracleTest {
    private static final long SEED = 424242;
    private static final double MIN_SCORE = 0.97;
    private static final long[] INSTANT_OFFSETS = {20 * 60_000L, 45 * 60_000L + 7_000, 61 * 60_000L,
        75 * 60_000L + 30_000, 100 * 60_000L, 122 * 60_000L};
    private static final String[] RANGE_STEPS = {"60", "15s", "5m", "37"};
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;
    private static PrometheusProcess prometheus;
    private static ServerRuntime ztsdb;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(PrometheusProcess.installed(), "the Debian prometheus package is not installed " +
            "(scripts/ensure-toolchain.sh installs it)");
        final OracleDataset data = OracleDataset.generate(SEED);
        Files.createDirectories(dir.resolve("prometheus"));
        prometheus = PrometheusProcess.start(dir.resolve("prometheus"), "");
        data.loadInto(prometheus);
        ztsdb = ServerRuntime.start(new ServerConfig().port(0).webPort(0).bindAddress("127.0.0.1")
            .dataDir(dir.resolve("ztsdb")).walSync("none"));
        data.loadInto(ztsdb.tsdb());
    }

    @AfterAll
    static void stop() {
        if (ztsdb != null) {
            ztsdb.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void shouldAnswerTheCorpusLikePrometheus() throws Exception {
        final List<String> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(300);
        int passed = 0;
        int failed = 0;
        int unsupported = 0;
        int withData = 0;
        final List<String> differences = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i++) {
            final String query = corpus.get(i);
            final long time = OracleDataset.T0 + INSTANT_OFFSETS[i % INSTANT_OFFSETS.length];
            final String instant = "query=" + encode(query) + "&time=" + ResultJson.timestamp(time);
            final String range = "query=" + encode(query) + "&start=" + (OracleDataset.T0 / 1000 + 300) + "&end=" +
                (OracleDataset.T0 / 1000 + 7500) + "&step=" + RANGE_STEPS[i % RANGE_STEPS.length];
            for (final String[] request : new String[][] {{"/api/v1/query", instant}, {"/api/v1/query_range", range}}) {
                final JsonNode expected = post(prometheus.url(request[0]), request[1]);
                final JsonNode actual = post("http://127.0.0.1:" + ztsdb.httpPort() + request[0], request[1]);
                final boolean ordered = request[0].endsWith("query") && query.startsWith("sort");
                final String diff = ResultComparator.compare(expected, actual, ordered);
                if (diff == null) {
                    passed++;
                    withData += hasData(expected) ? 1 : 0;
                } else if (isUnsupported(expected, actual)) {
                    unsupported++;
                    differences.add("UNSUPPORTED " + request[0] + " " + query + ": " + actual.path("error").asText());
                } else {
                    failed++;
                    differences.add("FAILED " + request[0] + " " + query + ": " + diff);
                }
            }
        }
        final int total = passed + failed + unsupported;
        System.out.println("PromQL oracle (Prometheus 2.42, " + corpus.size() + " queries x instant and range): " +
            passed + " passed, " + failed + " failed, " + unsupported + " unsupported (" + withData +
            " of the passed answers carry data)");
        differences.forEach(System.out::println);
        // A corpus answered by empty results on both sides would prove nothing.
        assertThat(withData).as("answers with data").isGreaterThan(total / 2);
        assertThat((double) passed / total).as("score " + passed + "/" + total + "; differences:\n" +
            String.join("\n", differences)).isGreaterThanOrEqualTo(MIN_SCORE);
    }

    @Test
    void shouldFormatQueriesLikePrometheus() throws Exception {
        int equal = 0;
        final List<String> differences = new ArrayList<>();
        final List<String> corpus = corpus();
        for (final String query : corpus) {
            final String body = "query=" + encode(query);
            final JsonNode expected = post(prometheus.url("/api/v1/format_query"), body);
            final JsonNode actual = post("http://127.0.0.1:" + ztsdb.httpPort() + "/api/v1/format_query", body);
            if (expected.equals(actual) || expected.path("status").asText().equals("error") &&
                actual.path("status").asText().equals("error") &&
                expected.path("errorType").equals(actual.path("errorType"))) {
                equal++;
            } else {
                differences.add(query + ": " + expected + " vs " + actual);
            }
        }
        System.out.println("format_query: " + equal + " equal, " + differences.size() + " different");
        differences.forEach(System.out::println);
        assertThat((double) equal / corpus.size()).as(String.join("\n", differences))
            .isGreaterThanOrEqualTo(MIN_SCORE);
    }

    private static boolean hasData(final JsonNode answer) {
        final JsonNode result = answer.path("data").path("result");
        return answer.path("status").asText().equals("success") && result.size() > 0 &&
            !answer.path("data").path("resultType").asText().equals("scalar");
    }

    private static boolean isUnsupported(final JsonNode expected, final JsonNode actual) {
        return expected.path("status").asText().equals("success") &&
            actual.path("errorType").asText().equals("bad_data") &&
            actual.path("error").asText().contains("not supported by ztsdb");
    }

    static List<String> corpus() throws IOException {
        try (InputStream in = PrometheusOracleTest.class.getResourceAsStream("/promql/oracle-corpus.txt")) {
            final List<String> queries = new ArrayList<>();
            for (final String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    queries.add(line);
                }
            }
            return queries;
        }
    }

    static JsonNode post(final String url, final String form) throws IOException, InterruptedException {
        final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    static String encode(final String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
