// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GoldenVectorTest {
    /** Copied verbatim from the seed README (../shared/seed/ztsdb-zig-README.md). */
    private static final String SEED_NETCAT_PRINTF = "ZTSD\\x01\\x01\\x18\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00"
        + "\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x94\\x87\\x97\\x00\\x00\\x00\\x00"
        + "\\x00\\x00\\x00\\x00\\x00\\x00Y@";

    private final ByteBuffer buffer = ByteBuffer.allocate(256);
    private final FrameEncoder encoder = new FrameEncoder();

    private String encode(final Consumer<FrameEncoder> body) {
        encoder.wrap(buffer, 0);
        body.accept(encoder);
        return Golden.toHex(buffer, 0, encoder.position());
    }

    private record Frame(int type, byte[] payload) {
        ByteBuffer buffer() {
            return ByteBuffer.wrap(payload);
        }
    }

    private static Frame decodeSingle(final String name) {
        final List<Frame> frames = new ArrayList<>();
        final FrameDecoder decoder = new FrameDecoder((type, buf, off, len) -> {
            final byte[] payload = new byte[len];
            buf.get(off, payload);
            frames.add(new Frame(type, payload));
        });
        final ByteBuffer golden = Golden.buffer(name);
        decoder.feed(golden, 0, golden.capacity());
        assertThat(frames).hasSize(1);
        assertThat(decoder.hasPartialFrame()).isFalse();
        MessageType.checkPayloadLength(frames.get(0).type, frames.get(0).payload.length);
        return frames.get(0);
    }

    @Test
    void shouldEncodeSeedNetcatInsertByteForByte() {
        final byte[] seed = Golden.fromPrintf(SEED_NETCAT_PRINTF);
        final String seedHex = Golden.toHex(ByteBuffer.wrap(seed), 0, seed.length);

        assertThat(encode(e -> e.insert(1, 2542244864L, 100.0))).isEqualTo(seedHex).isEqualTo(Golden.hex("insert"));
    }

    @Test
    void shouldDecodeSeedNetcatInsert() {
        final Frame frame = decodeSingle("insert");
        final PointsFlyweight points = new PointsFlyweight().wrapPayload(frame.buffer(), 0, frame.payload.length);

        assertThat(frame.type).isEqualTo(MessageType.INSERT);
        assertThat(points.pointCount()).isEqualTo(1);
        assertThat(points.seriesId(0)).isEqualTo(1);
        assertThat(points.timestampMillis(0)).isEqualTo(2542244864L);
        assertThat(points.value(0)).isEqualTo(100.0);
    }

    @Test
    void shouldMatchInsertBatchVector() {
        assertThat(encode(e -> {
            e.beginInsertBatch(3).point(0, 1, 1700000000000L, 1.5).point(1, 2, 1700000000001L, -0.0)
                .pointBits(2, -1L, -1L, 0x7ff8000000000001L);
            e.endInsertBatch();
        })).isEqualTo(Golden.hex("insert_batch"));

        final Frame frame = decodeSingle("insert_batch");
        final PointsFlyweight points = new PointsFlyweight().wrapPayload(frame.buffer(), 0, frame.payload.length);
        assertThat(frame.type).isEqualTo(MessageType.INSERT_BATCH);
        assertThat(points.pointCount()).isEqualTo(3);
        assertThat(points.seriesId(1)).isEqualTo(2);
        assertThat(points.timestampMillis(1)).isEqualTo(1700000000001L);
        assertThat(points.valueBits(1)).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(points.seriesId(2)).isEqualTo(-1L);
        assertThat(points.valueBits(2)).isEqualTo(0x7ff8000000000001L);
    }

    @Test
    void shouldMatchEmptyInsertBatchVector() {
        assertThat(encode(e -> {
            e.beginInsertBatch(0);
            e.endInsertBatch();
        })).isEqualTo(Golden.hex("insert_batch_empty"));
        assertThat(decodeSingle("insert_batch_empty").payload).isEmpty();
    }

    @Test
    void shouldMatchPlainQueryVector() {
        assertThat(encode(e -> e.query(1, 0, 9999999999999L))).isEqualTo(Golden.hex("query"));

        final Frame frame = decodeSingle("query");
        final QueryRequestFlyweight query = new QueryRequestFlyweight().wrap(frame.buffer(), 0, frame.payload.length);
        assertThat(frame.type).isEqualTo(MessageType.QUERY);
        assertThat(query.isExtended()).isFalse();
        assertThat(query.seriesId()).isEqualTo(1);
        assertThat(query.startMillis()).isZero();
        assertThat(query.endMillis()).isEqualTo(9999999999999L);
        assertThat(query.stepMillis()).isZero();
        assertThat(query.aggregation()).isEqualTo(Aggregation.NONE);
    }

    @Test
    void shouldMatchAggregatedQueryVector() {
        assertThat(encode(e -> e.query(12345, 1700000000000L, 1700003600000L, 60000, Aggregation.AVG)))
            .isEqualTo(Golden.hex("query_aggregated"));

        final Frame frame = decodeSingle("query_aggregated");
        final QueryRequestFlyweight query = new QueryRequestFlyweight().wrap(frame.buffer(), 0, frame.payload.length);
        assertThat(query.isExtended()).isTrue();
        assertThat(query.seriesId()).isEqualTo(12345);
        assertThat(query.startMillis()).isEqualTo(1700000000000L);
        assertThat(query.endMillis()).isEqualTo(1700003600000L);
        assertThat(query.stepMillis()).isEqualTo(60000);
        assertThat(query.aggregation()).isEqualTo(Aggregation.AVG);
    }

    @Test
    void shouldMatchPingVector() {
        assertThat(encode(FrameEncoder::ping)).isEqualTo(Golden.hex("ping"));
        final Frame frame = decodeSingle("ping");
        assertThat(frame.type).isEqualTo(MessageType.PING);
        assertThat(frame.payload).isEmpty();
    }

    @Test
    void shouldMatchRegisterSeriesVector() {
        final Map<String, String> labels = new LinkedHashMap<>();
        labels.put("container_id", "abc123");
        labels.put("runtime", "docker");
        assertThat(encode(e -> e.registerSeries("container.cpu.usage", labels)))
            .isEqualTo(Golden.hex("register_series"));

        final Frame frame = decodeSingle("register_series");
        final RegisterSeriesDecoder decoder = new RegisterSeriesDecoder().wrap(frame.buffer(), 0, frame.payload.length);
        assertThat(frame.type).isEqualTo(MessageType.REGISTER_SERIES);
        assertThat(decoder.metricName()).isEqualTo("container.cpu.usage");
        assertThat(decoder.labelCount()).isEqualTo(2);
        final Map<String, String> decoded = new LinkedHashMap<>();
        while (decoder.nextLabel()) {
            decoded.put(decoder.labelKey(), decoder.labelValue());
        }
        assertThat(decoded).containsExactlyEntriesOf(labels);
    }

    @Test
    void shouldMatchOkVectors() {
        assertThat(encode(e -> e.ok(3, 0))).isEqualTo(Golden.hex("ok"));
        assertThat(encode(e -> e.ok(0, 0))).isEqualTo(Golden.hex("ok_ping"));

        final Frame frame = decodeSingle("ok");
        final OkFlyweight ok = new OkFlyweight().wrap(frame.buffer(), 0, frame.payload.length);
        assertThat(frame.type).isEqualTo(MessageType.OK);
        assertThat(ok.hasCounts()).isTrue();
        assertThat(ok.accepted()).isEqualTo(3);
        assertThat(ok.rejected()).isZero();
    }

    @Test
    void shouldMatchErrorVector() {
        final String message = "insert payload must be 24 bytes: payloadLength=25";
        assertThat(encode(e -> e.error(ErrorCode.BAD_PAYLOAD_LENGTH, message))).isEqualTo(Golden.hex("error"));

        final Frame frame = decodeSingle("error");
        final ErrorFlyweight error = new ErrorFlyweight().wrap(frame.buffer(), 0, frame.payload.length);
        assertThat(frame.type).isEqualTo(MessageType.ERROR);
        assertThat(ErrorCode.fromCode(error.code())).isEqualTo(ErrorCode.BAD_PAYLOAD_LENGTH);
        assertThat(error.message()).isEqualTo(message);
    }

    @Test
    void shouldMatchDataVectors() {
        assertThat(encode(e -> {
            e.beginData(2).point(0, 1, 1000, 1.0).point(1, 1, 2000, 2.5);
            e.endData();
        })).isEqualTo(Golden.hex("data"));
        assertThat(encode(e -> {
            e.beginData(0);
            e.endData();
        })).isEqualTo(Golden.hex("data_empty"));

        final Frame frame = decodeSingle("data");
        final DataResponseFlyweight data = new DataResponseFlyweight().wrap(frame.buffer(), 0, frame.payload.length);
        assertThat(frame.type).isEqualTo(MessageType.DATA);
        assertThat(data.pointCount()).isEqualTo(2);
        assertThat(data.points().timestampMillis(1)).isEqualTo(2000);
        assertThat(data.points().value(1)).isEqualTo(2.5);
        final Frame empty = decodeSingle("data_empty");
        assertThat(new DataResponseFlyweight().wrap(empty.buffer(), 0, empty.payload.length).pointCount()).isZero();
    }

    @Test
    void shouldMatchSeriesVector() {
        assertThat(encode(e -> e.series(0x0123456789abcdefL, true))).isEqualTo(Golden.hex("series"));

        final Frame frame = decodeSingle("series");
        final SeriesResponseFlyweight series = new SeriesResponseFlyweight().wrap(frame.buffer(), 0,
            frame.payload.length);
        assertThat(frame.type).isEqualTo(MessageType.SERIES);
        assertThat(series.seriesId()).isEqualTo(0x0123456789abcdefL);
        assertThat(series.created()).isTrue();
    }

    @Test
    void shouldMatchAuthVector() {
        final byte[] token = "tsdb_0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(encode(e -> e.auth(token))).isEqualTo(Golden.hex("auth"));
        assertThat(Golden.hex("auth").length() / 2).isEqualTo(FrameEncoder.authLength(token));

        final Frame frame = decodeSingle("auth");
        final AuthFlyweight auth = new AuthFlyweight().wrap(frame.buffer(), 0, frame.payload.length);
        assertThat(frame.type).isEqualTo(MessageType.AUTH);
        assertThat(auth.scheme()).isEqualTo(AuthDescriptor.SCHEME_BEARER);
        assertThat(auth.tokenBytes()).isEqualTo(token);
    }

    @Test
    void shouldHaveAVectorForEveryMessageType() {
        final List<Integer> types = new ArrayList<>();
        for (final String name : Golden.NAMES) {
            types.add(decodeSingle(name).type);
        }
        assertThat(types).contains(MessageType.INSERT, MessageType.INSERT_BATCH, MessageType.REGISTER_SERIES,
            MessageType.AUTH, MessageType.QUERY, MessageType.PING, MessageType.OK, MessageType.ERROR, MessageType.DATA,
            MessageType.SERIES);
    }

    @Test
    void shouldLeaveExistingPrefixAloneWhenAppending() {
        buffer.put(0, new byte[] {0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A});
        encoder.wrap(buffer, 8).ping().insert(1, 2542244864L, 100.0);
        assertThat(Golden.toHex(buffer, 0, 8)).isEqualTo("5a5a5a5a5a5a5a5a");
        assertThat(Golden.toHex(buffer, 8, encoder.position() - 8))
            .isEqualTo(Golden.hex("ping") + Golden.hex("insert"));
    }

    @Test
    void shouldPredictVariableFrameLengthsBeforeEncoding() {
        final Map<String, String> labels = new LinkedHashMap<>();
        labels.put("container_id", "abc123");
        labels.put("name", "caf\u00e9 \u20ac \ud83d\ude00 \ud800");
        final String metric = "container.cpu.usage";
        assertThat(encode(e -> e.registerSeries(metric, labels)).length() / 2)
            .isEqualTo(FrameEncoder.registerSeriesLength(metric, labels));
        final String message = "\u00e9\u20ac\ud83d\ude00 plain";
        assertThat(encode(e -> e.error(ErrorCode.SERVER_ERROR, message)).length() / 2)
            .isEqualTo(FrameEncoder.errorLength(message));
        assertThat(encode(e -> {
            e.beginData(3);
            e.endData();
        }).length() / 2).isEqualTo(FrameEncoder.dataLength(3));
    }

    @Test
    void shouldRefuseFrameThatDoesNotFitTheBuffer() {
        final ByteBuffer small = ByteBuffer.allocate(FrameDescriptor.HEADER_LENGTH + 23);
        assertThatThrownBy(() -> new FrameEncoder().wrap(small, 0).insert(1, 2, 3.0))
            .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new FrameEncoder().wrap(small, 0).beginInsertBatch(1))
            .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new FrameEncoder().wrap(small, 30).ping())
            .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
