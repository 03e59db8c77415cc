// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.remotewrite;

import com.fasterxml.jackson.databind.JsonNode;
import io.ztsdb.core.Labels;
import io.ztsdb.core.SampleCursor;
import io.ztsdb.core.Tsdb;
import io.ztsdb.protocol.prometheus.WriteRequestEncoder;
import io.ztsdb.protocol.protobuf.ProtobufWriter;
import io.ztsdb.protocol.snappy.SnappyBlock;
import io.ztsdb.server.TestHttp;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/v1/write} over real sockets with bodies built by the protocol module's encoder: the name mapping
 * to the binary protocol's series, bit-exact values, metadata for {@code /api/v1/metadata}, and every kind of bad
 * body answered 4xx with nothing written and the server alive.
 */
class RemoteWriteReceiverTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    static Path dir;
    private static ServerRuntime server;

    @BeforeAll
    static void start() {
        server = ServerRuntime.start(new ServerConfig().port(0).webPort(0).bindAddress("127.0.0.1")
            .dataDir(dir.resolve("data")));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String url(final String path) {
        return "http://127.0.0.1:" + server.httpPort() + path;
    }

    @Test
    void shouldWriteIntoTheSeriesTheBinaryProtocolRegistered() throws Exception {
        final Tsdb tsdb = server.tsdb();
        final long id = tsdb.registerSeries("container.cpu.usage", Labels.of("container_id", "abc", "runtime",
            "docker"));
        final double[] values = {0.0, -0.0, 1.5, Double.MIN_VALUE, Double.MAX_VALUE, Double.longBitsToDouble(
            0x7ff0000000000002L), Double.POSITIVE_INFINITY, 123456.789e-300};
        final WriteRequestEncoder encoder = new WriteRequestEncoder();
        encoder.beginSeries().label("__name__", "container_cpu_usage").label("container_id", "abc")
            .label("runtime", "docker");
        for (int i = 0; i < values.length; i++) {
            encoder.sample(T0 + i * 1000L, values[i]);
        }
        encoder.endSeries();
        final HttpResponse<String> response = TestHttp.remoteWrite(url("/api/v1/write"), encoder.toSnappy());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        try (SampleCursor cursor = tsdb.query(id, T0, T0 + values.length * 1000L)) {
            int i = 0;
            while (cursor.next()) {
                assertThat(cursor.timestampMillis()).isEqualTo(T0 + i * 1000L);
                assertThat(Double.doubleToRawLongBits(cursor.value())).isEqualTo(Double.doubleToRawLongBits(
                    values[i]));
                i++;
            }
            assertThat(i).isEqualTo(values.length);
        }
        // The series again, now known to the cache: the same id.
        encoder.reset().beginSeries().label("__name__", "container_cpu_usage").label("container_id", "abc")
            .label("runtime", "docker").sample(T0 + 100_000, 42).endSeries();
        assertThat(TestHttp.remoteWrite(url("/api/v1/write"), encoder.toSnappy()).statusCode()).isEqualTo(204);
        try (SampleCursor cursor = tsdb.query(id, T0 + 100_000, T0 + 100_000)) {
            assertThat(cursor.next()).isTrue();
            assertThat(cursor.value()).isEqualTo(42);
        }
        final JsonNode viaPromql = TestHttp.getJson(url("/api/v1/query?query=" + TestHttp.encode(
            "container_cpu_usage{container_id=\"abc\"}") + "&time=" + (T0 / 1000 + 2)));
        assertThat(viaPromql.at("/data/result/0/value/1").asText()).isEqualTo("1.5");
    }

    @Test
    void shouldRefuseOutOfOrderAndInvalidSeriesWith400AndWriteTheRest() throws Exception {
        final WriteRequestEncoder encoder = new WriteRequestEncoder();
        encoder.beginSeries().label("__name__", "ooo_metric").label("job", "a").sample(T0 + 10_000, 1).endSeries();
        assertThat(TestHttp.remoteWrite(url("/api/v1/write"), encoder.toSnappy()).statusCode()).isEqualTo(204);
        encoder.reset();
        encoder.beginSeries().label("__name__", "ooo_metric").label("job", "a").sample(T0, 2).sample(T0 + 20_000, 3)
            .endSeries();
        encoder.beginSeries().label("job", "no_name").sample(T0, 4).endSeries();
        final HttpResponse<String> response = TestHttp.remoteWrite(url("/api/v1/write"), encoder.toSnappy());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("2 of 3 samples refused", "1 out of order", "without a __name__");
        final JsonNode written = TestHttp.getJson(url("/api/v1/query?query=ooo_metric&time=" + (T0 / 1000 + 20)));
        assertThat(written.at("/data/result/0/value/1").asText()).isEqualTo("3");
    }

    @Test
    void shouldKeepMetadataForTheMetadataEndpoint() throws Exception {
        final ProtobufWriter writer = new ProtobufWriter();
        final int outer = writer.beginMessage(3);
        writer.int64Field(1, 1);
        writer.stringField(2, "http_requests_total");
        writer.stringField(4, "Requests served.");
        writer.stringField(5, "");
        writer.endMessage(outer);
        final byte[] body = writer.toByteArray();
        assertThat(TestHttp.remoteWrite(url("/api/v1/write"), SnappyBlock.compress(body, 0, body.length))
            .statusCode()).isEqualTo(204);
        final JsonNode metadata = TestHttp.getJson(url("/api/v1/metadata?metric=http_requests_total"));
        assertThat(metadata.at("/data/http_requests_total/0/type").asText()).isEqualTo("counter");
        assertThat(metadata.at("/data/http_requests_total/0/help").asText()).isEqualTo("Requests served.");
    }

    @Test
    void shouldAnswerBadBodiesWith4xxAndWriteNothing() throws Exception {
        final long seriesBefore = server.tsdb().stats().seriesCount();
        final WriteRequestEncoder good = new WriteRequestEncoder();
        good.beginSeries().label("__name__", "never_written").label("job", "x").sample(T0, 1).endSeries();
        final byte[] protobuf = good.toByteArray();
        final byte[] truncated = Arrays.copyOf(protobuf, protobuf.length - 3);
        expect400(SnappyBlock.compress(truncated, 0, truncated.length), "malformed");
        expect400(new byte[] {(byte) 0xff, (byte) 0xff, 0x01, 0x02, 0x03}, "malformed");
        expect400("not snappy at all, just text".getBytes(StandardCharsets.UTF_8), "malformed");
        final byte[] wrongType = protobuf.clone();
        wrongType[0] = 0x09; // field 1 as fixed64 instead of a message
        expect400(SnappyBlock.compress(wrongType, 0, wrongType.length), "wire type");
        final byte[] snappyLie = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 0x00};
        expect400(snappyLie, "too large");

        final WriteRequestEncoder manyLabels = new WriteRequestEncoder();
        manyLabels.beginSeries().label("__name__", "many_labels");
        for (int i = 0; i < 200_000; i++) {
            manyLabels.label(String.format("l%07d", i), "v");
        }
        manyLabels.sample(T0, 1).endSeries();
        assertThat(TestHttp.remoteWrite(url("/api/v1/write"), manyLabels.toSnappy()).body())
            .contains("too many labels");

        final WriteRequestEncoder hugeValue = new WriteRequestEncoder();
        hugeValue.beginSeries().label("__name__", "huge_value").label("v", "x".repeat(1 << 20)).sample(T0, 1)
            .endSeries();
        assertThat(TestHttp.remoteWrite(url("/api/v1/write"), hugeValue.toSnappy()).body())
            .contains("label too long");

        assertThat(bodyOf100MegabytesAnswer()).startsWith("HTTP/1.1 413");
        assertThat(server.tsdb().stats().seriesCount()).isEqualTo(seriesBefore);
        assertThat(TestHttp.get(url("/stats")).statusCode()).isEqualTo(200);
    }

    private static void expect400(final byte[] body, final String reason) throws Exception {
        final HttpResponse<String> response = TestHttp.remoteWrite(url("/api/v1/write"), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains(reason);
    }

    /** Streams 100 MB without a Content-Length: the answer comes after the limit, not after the body. */
    private static String bodyOf100MegabytesAnswer() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.httpPort())) {
            socket.setSoTimeout(30_000);
            final OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/write HTTP/1.1\r\nHost: localhost\r\nContent-Encoding: snappy\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            final byte[] chunk = new byte[1 << 20];
            final byte[] header = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                for (int i = 0; i < 100; i++) {
                    out.write(header);
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (final IOException closedByServer) {
                // The server answered and closed the connection before the end of the body.
            }
            final InputStream in = socket.getInputStream();
            final byte[] answer = in.readNBytes(200);
            return new String(answer, StandardCharsets.US_ASCII);
        }
    }
}
