// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/grafana/containers.json against a live server with generated containers, as Grafana's Prometheus data
 * source would send it: the variable query {@code label_values(metric, label)} as
 * {@code /api/v1/label/<label>/values?match[]=<metric>}, then every panel's expression as a POST-form range
 * query with the variable replaced the way Grafana formats it (the "All" value {@code .*}, and a multi-selection
 * {@code (a|b)}). Every query must succeed and return data.
 */
class GrafanaDashboardTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "containers.json");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\)");

    @TempDir
    static Path dir;
    private static UiServer server;

    @BeforeAll
    static void start() {
        server = new UiServer(dir, 6, 30, 5000);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void shouldAnswerEveryVariableAndPanelQueryOfTheDashboardWithData() throws Exception {
        final JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        final List<String> containers = new ArrayList<>();
        int variables = 0;
        for (final JsonNode variable : dashboard.path("templating").path("list")) {
            if (!variable.path("type").asText().equals("query")) {
                continue;
            }
            final JsonNode query = variable.path("query");
            final String text = query.isObject() ? query.path("query").asText() : query.asText();
            final Matcher m = LABEL_VALUES.matcher(text);
            assertThat(m.matches()).as("variable query %s", text).isTrue();
            final long now = System.currentTimeMillis() / 1000;
            final JsonNode values = get("/api/v1/label/" + m.group(2) + "/values?match%5B%5D="
                + encode(m.group(1)) + "&start=" + (now - 3600) + "&end=" + now);
            values.path("data").forEach(v -> containers.add(v.asText()));
            variables++;
        }
        assertThat(variables).isEqualTo(1);
        assertThat(containers).hasSize(6).contains(server.fleet().name(0), server.fleet().name(5));

        final List<String> expressions = new ArrayList<>();
        for (final JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            panel.path("targets").forEach(t -> expressions.add(t.path("expr").asText()));
        }
        assertThat(expressions).hasSize(10).allMatch(e -> e.contains("$container"));
        final String all = dashboard.path("templating").path("list").get(1).path("allValue").asText();
        final String two = "(" + containers.get(0) + "|" + containers.get(1) + ")";
        for (final String expression : expressions) {
            assertThat(seriesOf(expression.replace("$container", all))).as(expression).isEqualTo(6);
            assertThat(seriesOf(expression.replace("$container", two))).as(expression).isEqualTo(2);
        }
    }

    /** Runs the expression as Grafana does (POST form, float seconds, step 15) and counts series with points. */
    private static int seriesOf(final String expression) throws Exception {
        final double end = System.currentTimeMillis() / 1000.0;
        final String form = "query=" + encode(expression) + "&start=" + (end - 1800) + "&end=" + end + "&step=15";
        final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                + "/api/v1/query_range")).header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        final JsonNode result = JSON.readTree(response.body()).path("data").path("result");
        int withPoints = 0;
        for (final JsonNode series : result) {
            withPoints += series.path("values").size() > 100 ? 1 : 0;
        }
        return withPoints;
    }

    private static JsonNode get(final String path) throws Exception {
        final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
            .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String encode(final String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
