// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.remotewrite;

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
import java.util.Arrays;

import static io.ztsdb.server.http.remotewrite.RemoteWriteV2ReceiverTest.seriesId;
import static io.ztsdb.server.http.remotewrite.RemoteWriteV2ReceiverTest.symbols;
import static io.ztsdb.server.http.remotewrite.RemoteWriteV2ReceiverTest.url;
import static io.ztsdb.server.http.remotewrite.RemoteWriteV2ReceiverTest.writeV2;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Content-type negotiation (415 for what is not remote write 1.0 or 2.0) and malformed 2.0 bodies over a real
 * socket: bad symbol references, odd {@code labels_refs}, truncation, 1.0 bodies sent as 2.0, references that expand
 * a small body into huge label sets, too many symbols or labels. Each is answered 400 with a message, writes
 * nothing, and leaves the server serving.
 */
class RemoteWriteV2MalformedTest {
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

    private static HttpResponse<String> post(final byte[] body, final String contentType) throws Exception {
        return contentType == null
            ? TestHttp.post(url(server, "/api/v1/write"), body, "Content-Encoding", "snappy")
            : TestHttp.post(url(server, "/api/v1/write"), body, "Content-Type", contentType, "Content-Encoding",
                "snappy");
    }

    @Test
    void shouldNegotiateTheMessageByContentType() throws Exception {
        final WriteV2Messages.Request v2 = new WriteV2Messages.Request();
        v2.series("__name__", "negotiated", "by", "v2").sample(T0, 1).end();
        long t = T0;
        final WriteRequestEncoder v1 = new WriteRequestEncoder();
        v1.beginSeries().label("__name__", "negotiated").label("by", "v1").sample(T0, 1).endSeries();
        for (final String type : new String[] {"application/json", "application/x-protobuf-foo",
            "application/x-protobuf;proto=io.prometheus.write.v3.Request", "application/x-protobuf;proto=",
            "application/x-protobuf;proto=prometheus.writerequest", "application/x-protobuf;garbage", "text/plain"}) {
            final HttpResponse<String> response = post(v2.toSnappy(), type);
            assertThat(response.statusCode()).as(type).isEqualTo(415);
            assertThat(response.body()).contains("unsupported Content-Type", "io.prometheus.write.v2.Request");
        }
        for (final String type : new String[] {"application/x-protobuf;proto=io.prometheus.write.v2.Request",
            "Application/X-Protobuf ; PROTO=\"io.prometheus.write.v2.Request\"",
            "application/x-protobuf;charset=utf-8;proto=io.prometheus.write.v2.Request"}) {
            final HttpResponse<String> response = post(new WriteV2Messages.Request()
                .series("__name__", "negotiated", "by", "v2").sample(++t, 1).end().toSnappy(), type);
            assertThat(response.statusCode()).as(type + ": " + response.body()).isEqualTo(204);
            assertThat(response.headers().firstValue(RemoteWriteV2Headers.SAMPLES_WRITTEN)).hasValue("1");
        }
        for (final String type : new String[] {null, "application/x-protobuf",
            "application/x-protobuf;proto=prometheus.WriteRequest"}) {
            v1.reset().beginSeries().label("__name__", "negotiated").label("by", "v1").sample(++t, 1).endSeries();
            final HttpResponse<String> response = post(v1.toSnappy(), type);
            assertThat(response.statusCode()).as(type + ": " + response.body()).isEqualTo(204);
            assertThat(response.headers().firstValue(RemoteWriteV2Headers.SAMPLES_WRITTEN)).isEmpty();
        }
        assertThat(server.tsdb().findSeries(seriesId("__name__", "negotiated", "by", "v2"))).isNotNull();
        assertThat(server.tsdb().findSeries(seriesId("__name__", "negotiated", "by", "v1"))).isNotNull();
    }

    @Test
    void shouldAnswerMalformedBodiesWith400AndWriteNothing() throws Exception {
        final String[] table = {"", "__name__", "never_written", "job", "x"};
        expect400(snappy(body(table, new int[] {1, 2, 3, 5}, -1)), "symbol reference 5 out of range: the request "
            + "has 5");
        expect400(snappy(body(table, new int[] {1, 2, 3, 4}, 99)), "symbol reference 99 out of range");
        expect400(snappy(body(table, new int[] {1, 2, 3}, -1)), "odd number of references");
        final byte[] good = body(table, new int[] {1, 2, 3, 4}, 0);
        final byte[] truncated = Arrays.copyOf(good, good.length - 3);
        expect400(SnappyBlock.compress(truncated, 0, truncated.length), "malformed");
        final WriteRequestEncoder v1 = new WriteRequestEncoder();
        v1.beginSeries().label("__name__", "never_written").sample(T0, 1).endSeries();
        expect400(v1.toSnappy(), "field 1 is reserved in io.prometheus.write.v2.Request");
        final ProtobufWriter wrongType = new ProtobufWriter();
        symbols(wrongType, table);
        final int series = wrongType.beginMessage(5);
        wrongType.doubleField(1, 1.5);
        wrongType.endMessage(series);
        expect400(compress(wrongType), "wire type");
        expect400(new byte[] {0x05, (byte) 0xff, 1, 2, 3}, "malformed");

        assertThat(server.tsdb().findSeries(seriesId("__name__", "never_written", "job", "x"))).isNull();
        assertThat(writeV2(server, SnappyBlock.compress(good, 0, good.length)).statusCode()).as("the good body")
            .isEqualTo(204);
        assertThat(server.tsdb().findSeries(seriesId("__name__", "never_written", "job", "x"))).isNotNull();
    }

    @Test
    void shouldBoundWhatReferencesExpandTo() throws Exception {
        // 300 series of 64 labels whose values all reference one 16,000-char symbol: a 90 kB body naming 300 MB.
        final ProtobufWriter writer = new ProtobufWriter();
        final String[] table = new String[4 + 64];
        table[0] = "";
        table[1] = "__name__";
        table[2] = "amplified";
        table[3] = "v".repeat(16_000);
        for (int i = 0; i < 64; i++) {
            table[4 + i] = "label_" + i;
        }
        symbols(writer, table);
        for (int s = 0; s < 300; s++) {
            final int series = writer.beginMessage(5);
            final int refs = writer.beginMessage(1);
            writer.varint(1).varint(2);
            for (int i = 0; i < 64; i++) {
                writer.varint(4 + i).varint(3);
            }
            writer.endMessage(refs);
            sample(writer, s);
            writer.endMessage(series);
        }
        expect400(compress(writer), "expand to more than 134217728 bytes");

        final ProtobufWriter manySymbols = new ProtobufWriter();
        for (int i = 0; i <= SymbolTable.MAX_SYMBOLS; i++) {
            manySymbols.varint(WireType.tag(4, WireType.LENGTH_DELIMITED)).varint(0);
        }
        expect400(compress(manySymbols), "more than 4194304 symbols");

        // 20 million labels in one series (refs to the empty symbol): refused like 1.0's "too many labels".
        final ProtobufWriter head = new ProtobufWriter();
        symbols(head, "", "__name__", "many_labels");
        final ProtobufWriter tail = new ProtobufWriter();
        sample(tail, 0);
        final byte[] body = new byte[head.length() + 16 + 20_000_000 + tail.length()];
        System.arraycopy(head.toByteArray(), 0, body, 0, head.length());
        int p = head.length();
        body[p++] = 0x2a; // timeseries, length-delimited
        p = varint(body, p, 1 + 4 + 20_000_000 + tail.length()); // labels_refs: tag, length (4 bytes), refs; sample
        body[p++] = 0x0a; // labels_refs, packed
        p = varint(body, p, 20_000_000);
        p += 20_000_000;
        System.arraycopy(tail.toByteArray(), 0, body, p, tail.length());
        p += tail.length();
        final HttpResponse<String> response = writeV2(server, SnappyBlock.compress(body, 0, p));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("too many labels");

        final ProtobufWriter hugeValue = new ProtobufWriter();
        symbols(hugeValue, "", "__name__", "huge_value", "v", "x".repeat(1 << 20));
        final int series = hugeValue.beginMessage(5);
        final int refs = hugeValue.beginMessage(1);
        hugeValue.varint(1).varint(2).varint(3).varint(4);
        hugeValue.endMessage(refs);
        sample(hugeValue, 0);
        hugeValue.endMessage(series);
        assertThat(writeV2(server, compress(hugeValue)).body()).contains("label too long");

        assertThat(server.tsdb().findSeries(seriesId("__name__", "many_labels"))).isNull();
        assertThat(TestHttp.get(url(server, "/stats")).statusCode()).isEqualTo(200);
    }

    private static int varint(final byte[] into, final int at, final int value) {
        int p = at;
        int v = value;
        while ((v & ~0x7f) != 0) {
            into[p++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        into[p++] = (byte) v;
        return p;
    }

    private static void sample(final ProtobufWriter writer, final int i) {
        final int sample = writer.beginMessage(2);
        writer.doubleField(1, i + 1).int64Field(2, T0 + i);
        writer.endMessage(sample);
    }

    /** @return a request of one series with one sample, and metadata whose help is {@code helpRef} (none: -1). */
    private static byte[] body(final String[] table, final int[] refs, final int helpRef) {
        final ProtobufWriter writer = new ProtobufWriter();
        symbols(writer, table);
        final int series = writer.beginMessage(5);
        final int packed = writer.beginMessage(1);
        for (final int ref : refs) {
            writer.varint(ref);
        }
        writer.endMessage(packed);
        sample(writer, 0);
        if (helpRef >= 0) {
            final int metadata = writer.beginMessage(5);
            writer.int64Field(1, 2).int64Field(3, helpRef);
            writer.endMessage(metadata);
        }
        writer.endMessage(series);
        return writer.toByteArray();
    }

    private static byte[] compress(final ProtobufWriter writer) {
        return snappy(writer.toByteArray());
    }

    private static byte[] snappy(final byte[] body) {
        return SnappyBlock.compress(body, 0, body.length);
    }

    private static void expect400(final byte[] body, final String reason) throws Exception {
        final HttpResponse<String> response = writeV2(server, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains(reason);
    }
}
