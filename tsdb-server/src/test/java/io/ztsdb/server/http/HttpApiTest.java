// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ztsdb.core.SampleCursor;
import io.ztsdb.server.TestBatch;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class HttpApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long BIG_SERIES = 4242L;
    private static final int BIG_POINTS = 200_000;

    @TempDir
    static Path dataDir;
    private static ServerRuntime runtime;

    @BeforeAll
    static void startServer() {
        runtime = ServerRuntime.start(new ServerConfig().port(0).webPort(0).bindAddress("127.0.0.1")
            .dataDir(dataDir));
        runtime.tsdb().insert(1, 2542244864L, 100.0);
        runtime.tsdb().insert(2, 1000, Double.NaN);
        runtime.tsdb().insert(2, 2000, Double.POSITIVE_INFINITY);
        runtime.tsdb().insert(-1L, 5, 1.5);
        try (TestBatch batch = new TestBatch(runtime.tsdb())) {
            for (int i = 0; i < BIG_POINTS; i++) {
                batch.add(BIG_SERIES, i * 10L, i * 0.5);
            }
        }
    }

    @AfterAll
    static void stopServer() {
        runtime.close();
    }

    private static HttpResponse<String> get(final String pathAndQuery) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.httpPort() + pathAndQuery))
            .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode getJson(final String pathAndQuery, final int expectedStatus) throws Exception {
        final HttpResponse<String> response = get(pathAndQuery);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(response.body());
    }

    @Test
    void shouldListEndpointsOnRoot() throws Exception {
        final JsonNode help = getJson("/", 200);
        assertThat(help.get("endpoints")).hasSize(13);
        assertThat(help.get("endpoints").get(3).get("path").asText()).startsWith("/query?series=ID");
    }

    @Test
    void shouldReturnStoredPointOnQuery() throws Exception {
        final JsonNode result = getJson("/query?series=1&start=0&end=9999999999999", 200);
        assertThat(result.get("count").asLong()).isEqualTo(1);
        assertThat(result.get("points").get(0).get("timestamp").asLong()).isEqualTo(2542244864L);
        assertThat(result.get("points").get(0).get("value").asDouble()).isEqualTo(100.0);
    }

    @Test
    void shouldWriteNonFiniteValuesAsStrings() throws Exception {
        final JsonNode result = getJson("/query?series=2", 200);
        assertThat(result.get("points").get(0).get("value").asText()).isEqualTo("NaN");
        assertThat(result.get("points").get(1).get("value").asText()).isEqualTo("Infinity");
    }

    @Test
    void shouldWritePointsAsArraysWithFormatCompact() throws Exception {
        final JsonNode result = getJson("/query?series=2&format=compact", 200);
        assertThat(result.get("count").asLong()).isEqualTo(2);
        assertThat(result.get("points").toString()).isEqualTo("[[1000,\"NaN\"],[2000,\"Infinity\"]]");
        assertThat(getJson("/query?series=1&format=objects", 200).get("points").get(0).get("value").asDouble())
            .isEqualTo(100.0);
        final JsonNode error = getJson("/query?series=1&format=csv", 400);
        assertThat(error.get("parameter").asText()).isEqualTo("format");
        assertThat(error.get("error").asText()).contains("compact");
    }

    @Test
    void shouldAcceptUnsignedSeriesIds() throws Exception {
        final JsonNode result = getJson("/query?series=18446744073709551615", 200);
        assertThat(result.get("series").asText()).isEqualTo("18446744073709551615");
        assertThat(result.get("count").asLong()).isEqualTo(1);
    }

    @Test
    void shouldStreamLargeQueryResult() throws Exception {
        final JsonNode result = getJson("/query?series=" + BIG_SERIES + "&start=0&end=" + (BIG_POINTS * 10L), 200);
        assertThat(result.get("count").asLong()).isEqualTo(BIG_POINTS);
        final JsonNode last = result.get("points").get(BIG_POINTS - 1);
        assertThat(last.get("timestamp").asLong()).isEqualTo((BIG_POINTS - 1) * 10L);
        assertThat(last.get("value").asDouble()).isEqualTo((BIG_POINTS - 1) * 0.5);
    }

    @Test
    void shouldSendTheEncodersBytesWholeAndInChunks() throws Exception {
        // 15,000 points fit one piece with a content length; 200,000 go out as chunks of about 1 MiB
        for (final long end : new long[] {14_999 * 10L, BIG_POINTS * 10L}) {
            final HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + runtime.httpPort() + "/query?series=" + BIG_SERIES + "&start=0&end=" + end)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
            final ByteArrayOutputStream expected = new ByteArrayOutputStream();
            try (SampleCursor cursor = runtime.tsdb().query(BIG_SERIES, 0, end)) {
                new QueryJsonEncoder(SegmentSink.copyingTo(expected)).write(QueryRequest.raw(BIG_SERIES, 0, end),
                    cursor);
            }
            assertThat(response.statusCode()).isEqualTo(200);
            final boolean chunked = expected.size() > ResponseStream.CHUNK_BYTES;
            assertThat(response.headers().firstValueAsLong("Content-Length").orElse(-1))
                .isEqualTo(chunked ? -1 : expected.size());
            assertThat(response.body()).isEqualTo(expected.toByteArray());
        }
    }

    @Test
    void shouldRestrictQueryToTimeRange() throws Exception {
        final JsonNode result = getJson("/query?series=" + BIG_SERIES + "&start=100&end=200", 200);
        assertThat(result.get("count").asLong()).isEqualTo(11);
        assertThat(result.get("points").get(0).get("timestamp").asLong()).isEqualTo(100);
    }

    @Test
    void shouldListSeries() throws Exception {
        final JsonNode result = getJson("/series", 200);
        assertThat(result.get("count").asInt()).isEqualTo(4);
        assertThat(result.get("series").findValuesAsText("id"))
            .contains("1", "2", "18446744073709551615", "" + BIG_SERIES);
    }

    @Test
    void shouldReportStats() throws Exception {
        final JsonNode stats = getJson("/stats", 200);
        assertThat(stats.get("series").asLong()).isEqualTo(4);
        assertThat(stats.get("points").asLong()).isEqualTo(BIG_POINTS + 4);
        for (final String field : new String[] {"compressed_bytes", "bytes_per_point", "ingest_rate_points_per_second",
            "connections", "rejected_frames", "rejected_points", "uptime_ms", "engine", "connection_list"}) {
            assertThat(stats.has(field)).as(field).isTrue();
        }
        assertThat(stats.get("server").get("http_port").asInt()).isEqualTo(runtime.httpPort());
        assertThat(stats.get("server").get("tcp_port").asInt()).isEqualTo(runtime.tcpPort());
    }

    @Test
    void shouldRejectMissingSeriesWith400NamingParameter() throws Exception {
        final JsonNode error = getJson("/query?start=0&end=10", 400);
        assertThat(error.get("parameter").asText()).isEqualTo("series");
        assertThat(error.get("error").asText()).contains("series");
    }

    @Test
    void shouldRejectMalformedSeriesWith400NamingParameter() throws Exception {
        assertThat(getJson("/query?series=abc", 400).get("parameter").asText()).isEqualTo("series");
        assertThat(getJson("/query?series=-1", 400).get("parameter").asText()).isEqualTo("series");
        assertThat(getJson("/query?series=1&series=2", 400).get("parameter").asText()).isEqualTo("series");
    }

    @Test
    void shouldRejectMalformedTimestampsWith400NamingParameter() throws Exception {
        assertThat(getJson("/query?series=1&start=yesterday", 400).get("parameter").asText()).isEqualTo("start");
        assertThat(getJson("/query?series=1&end=1.5", 400).get("parameter").asText()).isEqualTo("end");
        assertThat(getJson("/query?series=1&start=10&end=5", 400).get("parameter").asText()).isEqualTo("end");
    }

    @Test
    void shouldAnswerUnknownPathWith404Json() throws Exception {
        assertThat(getJson("/nothing/here", 404).get("error").asText()).contains("/nothing/here");
    }

    @Test
    void compressesOnlyOnRequestAtTheFastestLevel() throws Exception {
        final String path = "/query?series=" + BIG_SERIES + "&start=0&end=99999";
        final HttpResponse<String> plain = get(path);
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        final HttpResponse<byte[]> gzip = getBytes(path, "gzip");
        assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip.body()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(plain.body());
        }
        final HttpResponse<byte[]> deflate = getBytes(path, "deflate");
        assertThat(deflate.headers().firstValue("Content-Encoding")).hasValue("deflate");
        // The zlib header's second byte carries the level class: 0x01 for the fastest level (0x9c for the default 6).
        assertThat(deflate.body()[0]).isEqualTo((byte) 0x78);
        assertThat(deflate.body()[1]).isEqualTo((byte) 0x01);
        try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(deflate.body()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(plain.body());
        }
    }

    private static HttpResponse<byte[]> getBytes(final String pathAndQuery, final String acceptEncoding)
        throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.httpPort() + pathAndQuery))
            .header("Accept-Encoding", acceptEncoding).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
