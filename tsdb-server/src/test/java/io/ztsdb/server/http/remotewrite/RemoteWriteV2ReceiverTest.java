// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.remotewrite;

import com.fasterxml.jackson.databind.JsonNode;
import io.ztsdb.core.Labels;
import io.ztsdb.core.SampleCursor;
import io.ztsdb.core.Tsdb;
import io.ztsdb.protocol.prometheus.WriteRequestEncoder;
import io.ztsdb.protocol.protobuf.ProtobufWriter;
import io.ztsdb.protocol.protobuf.WireType;
import io.ztsdb.protocol.snappy.SnappyBlock;
import io.ztsdb.server.TestHttp;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Remote write 2.0 against 1.0 over real sockets: the same samples, sent as 1.0 ({@link WriteRequestEncoder}) to one
 * server and as 2.0 (protobuf-java from the official message definitions, {@link WriteV2Messages}) to another, give
 * the same series, ids, metadata and bit-exact values through {@code /api/v1/query}, {@code /query} and the engine;
 * 2.0 writes land in the series 1.0 and the binary protocol created; symbol-table layouts a sender may choose (symbols
 * after the series, unpacked or split {@code labels_refs}, duplicate and unused symbols) decode alike; and the
 * {@code X-Prometheus-Remote-Write-*-Written} headers count what was written.
 */
class RemoteWriteV2ReceiverTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final int SERIES = 24;
    private static final int SAMPLES = 30;
    private static final String V2_TYPE = "application/x-protobuf;proto=io.prometheus.write.v2.Request";

    @TempDir
    static Path dir;
    private static ServerRuntime v1Server;
    private static ServerRuntime v2Server;

    @BeforeAll
    static void start() {
        v1Server = ServerRuntime.start(new ServerConfig().port(0).webPort(0).bindAddress("127.0.0.1")
            .dataDir(dir.resolve("v1")));
        v2Server = ServerRuntime.start(new ServerConfig().port(0).webPort(0).bindAddress("127.0.0.1")
            .dataDir(dir.resolve("v2")));
    }

    @AfterAll
    static void stop() {
        for (final ServerRuntime server : new ServerRuntime[] {v1Server, v2Server}) {
            if (server != null) {
                server.close();
            }
        }
    }

    static String url(final ServerRuntime server, final String path) {
        return "http://127.0.0.1:" + server.httpPort() + path;
    }

    static HttpResponse<String> writeV2(final ServerRuntime server, final byte[] snappyBody) throws Exception {
        return TestHttp.post(url(server, "/api/v1/write"), snappyBody, "Content-Type", V2_TYPE, "Content-Encoding",
            "snappy", "X-Prometheus-Remote-Write-Version", "2.0.0");
    }

    /** Series {@code s} of the differential set: labels as name/value pairs, {@code __name__} first. */
    private static String[] labels(final int s) {
        return new String[] {"__name__", s % 3 == 0 ? "diff_requests_total" : "diff_temperature_celsius", "job",
            "j" + (s % 4), "instance", "10.0.0." + s + ":9100", "zone", s % 2 == 0 ? "" : "eu-ü-" + s};
    }

    private static double value(final SplittableRandom random, final int s, final int i) {
        final double[] special = {0.0, -0.0, Double.NaN, Double.longBitsToDouble(0x7ff0000000000002L),
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE};
        return (s + i) % 7 == 0 ? special[(s + i) % special.length] : Double.longBitsToDouble(random.nextLong());
    }

    @Test
    void shouldGiveTheSameSeriesAndBitsAs10() throws Exception {
        final SplittableRandom random = new SplittableRandom(20261206);
        final double[][] values = new double[SERIES][SAMPLES];
        for (int s = 0; s < SERIES; s++) {
            for (int i = 0; i < SAMPLES; i++) {
                values[s][i] = value(random, s, i);
            }
        }
        // Three requests each: the first creates the series, the others find them in the cache.
        for (int part = 0; part < 3; part++) {
            final WriteRequestEncoder v1 = new WriteRequestEncoder();
            final WriteV2Messages.Request v2 = new WriteV2Messages.Request();
            for (int s = 0; s < SERIES; s++) {
                final String[] l = labels(s);
                v1.beginSeries();
                for (int k = 0; k < l.length; k += 2) {
                    v1.label(l[k], l[k + 1]);
                }
                // 2.0 labels in another order (the receiver does not rely on it).
                final WriteV2Messages.Series series = v2.series(l[6], l[7], l[2], l[3], l[0], l[1], l[4], l[5]);
                for (int i = part * 10; i < part * 10 + 10; i++) {
                    v1.sample(T0 + i * 15_000L, values[s][i]);
                    series.sample(T0 + i * 15_000L, values[s][i]);
                }
                v1.endSeries();
                series.metadata(s % 3 == 0 ? 1 : 2, s % 3 == 0 ? "Requests served." : "Temperature.",
                    s % 3 == 0 ? "" : "celsius").end();
            }
            final byte[] v1Body = part == 0 ? withMetadata(v1.toByteArray()) : v1.toByteArray();
            final HttpResponse<String> one = TestHttp.remoteWrite(url(v1Server, "/api/v1/write"),
                SnappyBlock.compress(v1Body, 0, v1Body.length));
            assertThat(one.statusCode()).as(one.body()).isEqualTo(204);
            assertThat(one.headers().firstValue(RemoteWriteV2Headers.SAMPLES_WRITTEN)).isEmpty();
            final HttpResponse<String> two = writeV2(v2Server, v2.toSnappy());
            assertThat(two.statusCode()).as(two.body()).isEqualTo(204);
            assertThat(two.headers().firstValue(RemoteWriteV2Headers.SAMPLES_WRITTEN)).hasValue(
                Integer.toString(SERIES * 10));
            assertThat(two.headers().firstValue(RemoteWriteV2Headers.HISTOGRAMS_WRITTEN)).hasValue("0");
            assertThat(two.headers().firstValue(RemoteWriteV2Headers.EXEMPLARS_WRITTEN)).hasValue("0");
        }
        for (int s = 0; s < SERIES; s++) {
            final long id = seriesId(labels(s));
            for (final ServerRuntime server : new ServerRuntime[] {v1Server, v2Server}) {
                assertThat(server.tsdb().findSeries(id)).as("series %d", s).isNotNull();
                assertBits(server.tsdb(), id, values[s]);
            }
        }
        for (final String path : new String[] {
            "/api/v1/query?query=" + TestHttp.encode("{__name__=~\"diff_.*\"}") + "&time=" + (T0 / 1000 + 200),
            "/api/v1/query_range?query=" + TestHttp.encode("diff_temperature_celsius") + "&start=" + T0 / 1000
                + "&end=" + (T0 / 1000 + 450) + "&step=15",
            "/query?match=" + TestHttp.encode("diff_requests_total") + "&start=" + T0 + "&end=" + (T0 + 450_000),
            "/api/v1/series?match[]=" + TestHttp.encode("{__name__=~\"diff_.*\"}"),
            "/api/v1/metadata?metric=diff_requests_total", "/api/v1/metadata?metric=diff_temperature_celsius"}) {
            final HttpResponse<String> one = TestHttp.get(url(v1Server, path));
            final HttpResponse<String> two = TestHttp.get(url(v2Server, path));
            assertThat(one.statusCode()).as(path + ": " + one.body()).isEqualTo(200);
            assertThat(TestHttp.json(two.body())).as(path).isEqualTo(TestHttp.json(one.body()));
        }
        assertThat(TestHttp.getJson(url(v2Server, "/api/v1/series?match[]=" + TestHttp.encode(
            "{__name__=~\"diff_.*\"}"))).get("data")).hasSize(SERIES);
        final JsonNode metadata = TestHttp.getJson(url(v2Server, "/api/v1/metadata"));
        assertThat(metadata.at("/data/diff_requests_total/0/type").asText()).isEqualTo("counter");
        assertThat(metadata.at("/data/diff_temperature_celsius/0/unit").asText()).isEqualTo("celsius");
    }

    /** @return the 1.0 body with the metadata of the differential set: what its 2.0 series carry, per family. */
    private static byte[] withMetadata(final byte[] series) {
        final ProtobufWriter writer = new ProtobufWriter();
        writer.raw(series, 0, series.length);
        metadataEntry(writer, 1, "diff_requests_total", "Requests served.", "");
        metadataEntry(writer, 2, "diff_temperature_celsius", "Temperature.", "celsius");
        return writer.toByteArray();
    }

    private static void metadataEntry(final ProtobufWriter writer, final int type, final String family,
        final String help, final String unit) {
        final int mark = writer.beginMessage(3);
        writer.int64Field(1, type).stringField(2, family).stringField(4, help).stringField(5, unit);
        writer.endMessage(mark);
    }

    static long seriesId(final String... pairs) {
        String metric = null;
        final List<String> rest = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equals("__name__")) {
                metric = pairs[i + 1];
            } else if (!pairs[i + 1].isEmpty()) {
                rest.add(pairs[i]);
                rest.add(pairs[i + 1]);
            }
        }
        return Tsdb.seriesId(metric, Labels.of(rest.toArray(String[]::new)));
    }

    static void assertBits(final Tsdb tsdb, final long id, final double[] expected) {
        assertBits(tsdb, id, expected, 15_000);
    }

    static void assertBits(final Tsdb tsdb, final long id, final double[] expected, final long step) {
        try (SampleCursor cursor = tsdb.query(id, T0, T0 + expected.length * step)) {
            int i = 0;
            while (cursor.next()) {
                assertThat(cursor.timestampMillis()).isEqualTo(T0 + i * step);
                assertThat(Double.doubleToRawLongBits(cursor.value())).as("sample %d", i)
                    .isEqualTo(Double.doubleToRawLongBits(expected[i]));
                i++;
            }
            assertThat(i).isEqualTo(expected.length);
        }
    }

    @Test
    void shouldWriteIntoTheSeriesThatThe10AndBinaryProtocolsCreated() throws Exception {
        final Tsdb tsdb = v1Server.tsdb();
        final long binary = tsdb.registerSeries("container.cpu.usage", Labels.of("container_id", "abc"));
        final WriteRequestEncoder v1 = new WriteRequestEncoder();
        v1.beginSeries().label("__name__", "shared_metric").label("job", "a").sample(T0, 1).endSeries();
        assertThat(TestHttp.remoteWrite(url(v1Server, "/api/v1/write"), v1.toSnappy()).statusCode()).isEqualTo(204);
        final HttpResponse<String> response = writeV2(v1Server, new WriteV2Messages.Request()
            .series("__name__", "shared_metric", "job", "a").sample(T0 + 15_000, 2).end()
            .series("job", "a", "__name__", "shared_metric").sample(T0 + 30_000, 3).end()
            .series("__name__", "container_cpu_usage", "container_id", "abc").sample(T0, 0.25).end().toSnappy());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        assertThat(response.headers().firstValue(RemoteWriteV2Headers.SAMPLES_WRITTEN)).hasValue("3");
        for (final String selector : new String[] {"shared_metric", "container_cpu_usage"}) {
            assertThat(TestHttp.getJson(url(v1Server, "/api/v1/series?match[]=" + selector)).get("data"))
                .as("no series created beside the one of " + selector).hasSize(1);
        }
        assertBits(tsdb, seriesId("__name__", "shared_metric", "job", "a"), new double[] {1, 2, 3});
        assertBits(tsdb, binary, new double[] {0.25});
    }

    @Test
    void shouldDecodeEverySymbolTableLayoutAlike() throws Exception {
        // Symbols: 0 "", 1 "__name__", 2 "layout_metric", 3 "job", 4 "x", 5 "unused", 6 "job" again, 7 "x" again.
        final String[] symbols = {"", "__name__", "layout_metric", "job", "x", "unused", "job", "x"};
        final int[][] refLayouts = {{1, 2, 3, 4}, {3, 4, 1, 2}, {1, 2, 6, 7}, {6, 4, 1, 2}};
        int t = 0;
        for (final int[] refs : refLayouts) {
            for (final Layout layout : Layout.values()) {
                final ProtobufWriter writer = new ProtobufWriter();
                if (!layout.symbolsLast) {
                    symbols(writer, symbols);
                }
                final int series = writer.beginMessage(5);
                layout.refs(writer, refs);
                final int sample = writer.beginMessage(2);
                writer.doubleField(1, t).int64Field(2, T0 + t * 1000L);
                writer.endMessage(sample);
                writer.endMessage(series);
                if (layout.symbolsLast) {
                    symbols(writer, symbols);
                }
                final byte[] body = writer.toByteArray();
                final HttpResponse<String> response = writeV2(v2Server, SnappyBlock.compress(body, 0, body.length));
                assertThat(response.statusCode()).as(layout + ": " + response.body()).isEqualTo(204);
                t++;
            }
        }
        final double[] expected = new double[t];
        for (int i = 0; i < t; i++) {
            expected[i] = i;
        }
        try (SampleCursor cursor = v2Server.tsdb().query(seriesId("__name__", "layout_metric", "job", "x"), T0,
            T0 + t * 1000L)) {
            int i = 0;
            while (cursor.next()) {
                assertThat(cursor.value()).isEqualTo(expected[i++]);
            }
            assertThat(i).as("one series for every layout").isEqualTo(t);
        }
    }

    /** Ways a sender may lay out {@code labels_refs} and the symbols. */
    private enum Layout {
        PACKED(false), PACKED_SYMBOLS_LAST(true), UNPACKED(false), SPLIT_INSIDE_A_PAIR(true);

        private final boolean symbolsLast;

        Layout(final boolean symbolsLast) {
            this.symbolsLast = symbolsLast;
        }

        void refs(final ProtobufWriter writer, final int[] refs) {
            switch (this) {
                case UNPACKED -> {
                    for (final int ref : refs) {
                        writer.varint(WireType.tag(1, WireType.VARINT)).varint(ref);
                    }
                }
                case SPLIT_INSIDE_A_PAIR -> {
                    packed(writer, refs, 0, 1);
                    packed(writer, refs, 1, refs.length);
                }
                default -> packed(writer, refs, 0, refs.length);
            }
        }

        private static void packed(final ProtobufWriter writer, final int[] refs, final int from, final int to) {
            final int mark = writer.beginMessage(1);
            for (int i = from; i < to; i++) {
                writer.varint(refs[i]);
            }
            writer.endMessage(mark);
        }
    }

    static void symbols(final ProtobufWriter writer, final String... symbols) {
        for (final String symbol : symbols) {
            if (symbol.isEmpty()) {
                writer.varint(WireType.tag(4, WireType.LENGTH_DELIMITED)).varint(0);
            } else {
                writer.stringField(4, symbol);
            }
        }
    }

    @Test
    void shouldKeepPerSeriesMetadataUnderItsFamily() throws Exception {
        final WriteV2Messages.Request request = new WriteV2Messages.Request();
        for (final String suffix : new String[] {"_bucket", "_sum", "_count"}) {
            final WriteV2Messages.Series series = suffix.equals("_bucket")
                ? request.series("__name__", "latency_seconds" + suffix, "le", "0.5")
                : request.series("__name__", "latency_seconds" + suffix);
            series.sample(T0, 1).metadata(3, "Request latency.", "seconds").end();
        }
        request.series("__name__", "rpc_duration_seconds_sum").sample(T0, 2).metadata(5, "RPC time.", "").end();
        request.series("__name__", "queue_length").sample(T0, 3).metadata(2, "Queue length.", "").end();
        request.series("__name__", "no_metadata_metric").sample(T0, 4).end();
        final HttpResponse<String> response = writeV2(v2Server, request.toSnappy());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        final JsonNode data = TestHttp.getJson(url(v2Server, "/api/v1/metadata")).get("data");
        assertThat(data.at("/latency_seconds/0/type").asText()).isEqualTo("histogram");
        assertThat(data.at("/latency_seconds/0/help").asText()).isEqualTo("Request latency.");
        assertThat(data.at("/latency_seconds/0/unit").asText()).isEqualTo("seconds");
        assertThat(data.has("latency_seconds_bucket")).isFalse();
        assertThat(data.at("/rpc_duration_seconds/0/type").asText()).isEqualTo("summary");
        assertThat(data.at("/queue_length/0/type").asText()).isEqualTo("gauge");
        assertThat(data.has("no_metadata_metric")).isFalse();
        // Changed metadata replaces the kept one; the same again costs nothing and changes nothing.
        for (int i = 0; i < 2; i++) {
            assertThat(writeV2(v2Server, new WriteV2Messages.Request().series("__name__", "queue_length")
                .sample(T0 + 1000 + i, 5).metadata(2, "Items waiting.", "items").end().toSnappy()).statusCode())
                .isEqualTo(204);
        }
        final JsonNode queue = TestHttp.getJson(url(v2Server, "/api/v1/metadata?metric=queue_length"));
        assertThat(queue.at("/data/queue_length/0/help").asText()).isEqualTo("Items waiting.");
        assertThat(queue.at("/data/queue_length/0/unit").asText()).isEqualTo("items");
    }

    @Test
    void shouldSkipExemplarsAndCreatedTimestampsAndRefuseHistograms() throws Exception {
        final HttpResponse<String> withExemplar = writeV2(v2Server, new WriteV2Messages.Request()
            .series("__name__", "exemplar_metric", "job", "a").sample(T0, 1).sample(T0 + 1000, 2)
            .exemplar(T0, 1, "trace_id", "abc").created(T0 - 60_000).end().toSnappy());
        assertThat(withExemplar.statusCode()).as(withExemplar.body()).isEqualTo(204);
        assertThat(withExemplar.headers().firstValue(RemoteWriteV2Headers.SAMPLES_WRITTEN)).hasValue("2");
        assertThat(withExemplar.headers().firstValue(RemoteWriteV2Headers.EXEMPLARS_WRITTEN)).hasValue("0");
        assertBits(v2Server.tsdb(), seriesId("__name__", "exemplar_metric", "job", "a"), new double[] {1, 2}, 1000);

        final HttpResponse<String> withHistogram = writeV2(v2Server, new WriteV2Messages.Request()
            .series("__name__", "native_histogram_metric").histogram(T0, 10, 4.5).histogram(T0 + 1000, 12, 5).end()
            .series("__name__", "float_beside_histogram").sample(T0, 7).end().toSnappy());
        assertThat(withHistogram.statusCode()).isEqualTo(400);
        assertThat(withHistogram.body()).contains("2 native histograms skipped");
        assertThat(withHistogram.headers().firstValue(RemoteWriteV2Headers.SAMPLES_WRITTEN)).hasValue("1");
        assertThat(withHistogram.headers().firstValue(RemoteWriteV2Headers.HISTOGRAMS_WRITTEN)).hasValue("0");
        assertBits(v2Server.tsdb(), seriesId("__name__", "float_beside_histogram"), new double[] {7});
    }

    @Test
    void shouldAnswerRefusedSamplesWith400AndTheWrittenCount() throws Exception {
        assertThat(writeV2(v2Server, new WriteV2Messages.Request().series("__name__", "ooo_v2").sample(T0 + 5000, 1)
            .end().toSnappy()).statusCode()).isEqualTo(204);
        final HttpResponse<String> response = writeV2(v2Server, new WriteV2Messages.Request()
            .series("__name__", "ooo_v2").sample(T0, 2).sample(T0 + 10_000, 3).end()
            .series("job", "nameless").sample(T0, 4).end()
            .series("__name__", "bad-name").sample(T0, 5).end().toSnappy());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("3 of 4 samples refused", "1 out of order", "without a __name__");
        assertThat(response.headers().firstValue(RemoteWriteV2Headers.SAMPLES_WRITTEN)).hasValue("1");
    }
}
