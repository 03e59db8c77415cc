// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol.prometheus;

import io.ztsdb.protocol.ProtocolException;
import io.ztsdb.protocol.protobuf.ProtobufWriter;
import io.ztsdb.protocol.snappy.SnappyBlock;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RemoteCodecTest {
    @Test
    void shouldEncodeWriteRequestLikeTheGoldenVector() throws IOException {
        final WriteRequestEncoder w = new WriteRequestEncoder();
        w.beginSeries().label("__name__", "up").label("job", "a").sample(1_700_000_000_000L, 1.0)
            .sample(1_700_000_015_000L, Double.longBitsToDouble(0x7ff0000000000002L)).endSeries();
        assertThat(HexFormat.of().formatHex(w.toByteArray())).isEqualTo(golden("write-request-v1.hex"));
        final byte[] compressed = w.toSnappy();
        assertThat(SnappyBlock.decompress(compressed, 0, compressed.length, 1 << 20)).isEqualTo(w.toByteArray());
    }

    @Test
    void shouldDecodeReadRequestCapturedFromPrometheus() throws IOException {
        final byte[] body = HexFormat.of().parseHex(golden("read-request-prometheus-2.42-v1.hex"));
        final byte[] request = SnappyBlock.decompress(body, 0, body.length, 1 << 20);
        final ReadRequest decoded = ReadRequestDecoder.decode(request, 0, request.length);
        assertThat(decoded.queries()).hasSize(1);
        final ReadRequest.Query query = decoded.queries().get(0);
        assertThat(query.endTimestampMillis()).isGreaterThan(query.startTimestampMillis());
        assertThat(query.matchers()).contains(new RemoteMatcher(RemoteMatcher.Type.EQ, "__name__", "golden_metric"));
        assertThat(decoded.acceptsSamples()).isTrue();
    }

    @Test
    void shouldDecodePackedAndUnpackedResponseTypes() {
        final ProtobufWriter w = new ProtobufWriter();
        final int q = w.beginMessage(RemoteProtoDescriptor.READ_REQUEST_QUERIES);
        w.int64Field(1, 1000).int64Field(2, 2000);
        final int m = w.beginMessage(RemoteProtoDescriptor.QUERY_MATCHERS);
        w.int64Field(1, 2).stringField(2, "job").stringField(3, "a|b");
        w.endMessage(m);
        w.endMessage(q);
        final int packed = w.beginMessage(RemoteProtoDescriptor.READ_REQUEST_ACCEPTED_RESPONSE_TYPES);
        w.varint(1);
        w.endMessage(packed);
        w.int64Field(RemoteProtoDescriptor.READ_REQUEST_ACCEPTED_RESPONSE_TYPES, 0);
        w.varint(2 << 3).varint(0);
        final byte[] bytes = w.toByteArray();
        final ReadRequest r = ReadRequestDecoder.decode(bytes, 0, bytes.length);
        assertThat(r.queries()).containsExactly(new ReadRequest.Query(1000, 2000,
            List.of(new RemoteMatcher(RemoteMatcher.Type.RE, "job", "a|b"))));
        assertThat(r.acceptedResponseTypes()).containsExactly(1, 0);
        assertThat(r.acceptsSamples()).isTrue();
    }

    @Test
    void shouldFailOnlyWithProtocolExceptionOnJunk() {
        final Random random = new Random(99);
        for (int i = 0; i < 5000; i++) {
            final byte[] junk = new byte[random.nextInt(64)];
            random.nextBytes(junk);
            try {
                ReadRequestDecoder.decode(junk, 0, junk.length);
            } catch (final ProtocolException expected) {
                // The only failure allowed.
            }
        }
    }

    @Test
    void shouldEncodeReadResponseWithOneResultPerQuery() {
        final ReadResponseEncoder r = new ReadResponseEncoder();
        r.beginResult();
        r.beginSeries().label("__name__", "x").sample(5, 2.5).endSeries();
        r.endResult();
        r.beginResult().endResult();
        // results { timeseries { labels { name "__name__" value "x" } samples { value 2.5 timestamp 5 } } } results {}
        assertThat(HexFormat.of().formatHex(r.toByteArray())).isEqualTo(
            "0a1e0a1c0a0d0a085f5f6e616d655f5f120178120b0900000000000004401005" + "0a00");
    }

    private static String golden(final String name) throws IOException {
        try (InputStream in = RemoteCodecTest.class.getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        }
    }
}
