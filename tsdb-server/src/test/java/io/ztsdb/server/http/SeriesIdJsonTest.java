// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ztsdb.core.Labels;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Series ids are u64 and most exceed 2^53, the largest integer a double holds exactly: read by a client that
 * parses every JSON number as a double (JavaScript's {@code JSON.parse}, jq 1.6), an id written as a number comes
 * back as a different id. Every series id of {@code /series} and {@code /query} is a string, so it survives such a
 * parser, and the id read back queries the same series.
 */
class SeriesIdJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** 2^53 + 1: the smallest positive integer a double cannot hold. */
    private static final long RAW_ID = (1L << 53) + 1;

    @TempDir
    static Path dataDir;
    private static ServerRuntime runtime;
    private static long namedId;

    @BeforeAll
    static void startServer() {
        runtime = ServerRuntime.start(new ServerConfig().port(0).webPort(0).bindAddress("127.0.0.1")
            .dataDir(dataDir));
        namedId = runtime.tsdb().registerSeries("container.cpu.usage", Labels.of("container_id", "c1"));
        runtime.tsdb().insert(namedId, 1000, 1.5);
        runtime.tsdb().insert(namedId, 2000, 2.5);
        runtime.tsdb().insert(RAW_ID, 1000, 7.0);
        // Neighbours that a rounded id would hit: the double nearest 2^53 + 1 is 2^53.
        runtime.tsdb().insert(RAW_ID - 1, 1000, -1.0);
    }

    @AfterAll
    static void stopServer() {
        runtime.close();
    }

    /** GETs a path with a real HTTP client and parses the body as JavaScript does: every number a double. */
    private static JsonNode getLikeJavaScript(final String pathAndQuery) throws Exception {
        final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + runtime.httpPort() + pathAndQuery)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return numbersAsDoubles(JSON.readTree(response.body()));
    }

    private static JsonNode numbersAsDoubles(final JsonNode node) {
        if (node.isNumber()) {
            return DoubleNode.valueOf(node.doubleValue()); // the nearest double, as JSON.parse rounds
        }
        if (node.isArray()) {
            final ArrayNode array = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> array.add(numbersAsDoubles(element)));
            return array;
        }
        if (node.isObject()) {
            final ObjectNode object = JsonNodeFactory.instance.objectNode();
            for (final Map.Entry<String, JsonNode> field : node.properties()) {
                object.set(field.getKey(), numbersAsDoubles(field.getValue()));
            }
            return object;
        }
        return node;
    }

    private static String enc(final String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void shouldUseIdsADoubleCannotHold() {
        // Written as a number, 2^53 + 1 would be read back as 2^53: the neighbouring series.
        assertThat((long) Double.parseDouble(Long.toUnsignedString(RAW_ID))).isEqualTo(RAW_ID - 1);
        assertThat(Long.compareUnsigned(namedId, 1L << 53)).isPositive();
    }

    @Test
    void shouldListSeriesIdsAsStringsThatQueryTheSameSeries() throws Exception {
        final List<String> ids = new ArrayList<>();
        for (final JsonNode series : getLikeJavaScript("/series").get("series")) {
            assertThat(series.get("id").isTextual()).as(series.toString()).isTrue();
            ids.add(series.get("id").asText());
        }
        assertThat(ids).containsExactlyInAnyOrder(Long.toUnsignedString(namedId), Long.toUnsignedString(RAW_ID),
            Long.toUnsignedString(RAW_ID - 1));

        final JsonNode raw = getLikeJavaScript("/query?series=" + Long.toUnsignedString(RAW_ID));
        assertThat(raw.get("series").asText()).isEqualTo(Long.toUnsignedString(RAW_ID));
        assertThat(raw.get("points").get(0).get("value").asDouble()).isEqualTo(7.0);

        final String named = getLikeJavaScript("/series?match=" + enc("container.cpu.usage{container_id=\"c1\"}"))
            .get("series").get(0).get("id").asText();
        final JsonNode aggregated = getLikeJavaScript("/query?series=" + named + "&agg=sum");
        assertThat(aggregated.get("series").asText()).isEqualTo(Long.toUnsignedString(namedId));
        assertThat(aggregated.get("points").get(0).get("value").asDouble()).isEqualTo(4.0);
        final JsonNode plain = getLikeJavaScript("/query?series=" + named);
        assertThat(plain.get("series").asText()).isEqualTo(Long.toUnsignedString(namedId));
        assertThat(plain.get("count").asInt()).isEqualTo(2);
    }

    @Test
    void shouldWriteTheIdsOfASelectorQueryAsStrings() throws Exception {
        final JsonNode result = getLikeJavaScript("/query?match=" + enc("container.cpu.usage") + "&start=0&end=5000");
        final JsonNode series = result.get("series").get(0);
        assertThat(series.get("id").isTextual()).isTrue();
        assertThat(series.get("id").asText()).isEqualTo(Long.toUnsignedString(namedId));
        assertThat(getLikeJavaScript("/query?series=" + series.get("id").asText()).get("count").asInt())
            .isEqualTo(2);
    }
}
