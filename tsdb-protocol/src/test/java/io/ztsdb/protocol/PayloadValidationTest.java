// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayloadValidationTest {
    private static void assertRejected(final Runnable action, final ErrorCode code) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(ProtocolException.class, ex -> {
            assertThat(ex.errorCode()).isEqualTo(code);
            assertThat(ex.isFatal()).isEqualTo(code.isFatal());
        });
    }

    @Test
    void shouldRejectInsertPayloadThatIsNotTwentyFourBytes() {
        MessageType.checkPayloadLength(MessageType.INSERT, 24);
        for (final int length : new int[] {0, 23, 25, 48}) {
            assertRejected(() -> MessageType.checkPayloadLength(MessageType.INSERT, length),
                ErrorCode.BAD_PAYLOAD_LENGTH);
        }
    }

    @Test
    void shouldRejectInsertBatchPayloadNotMultipleOfTwentyFour() {
        MessageType.checkPayloadLength(MessageType.INSERT_BATCH, 0);
        MessageType.checkPayloadLength(MessageType.INSERT_BATCH, 24 * 1000);
        assertRejected(() -> MessageType.checkPayloadLength(MessageType.INSERT_BATCH, 25),
            ErrorCode.BAD_PAYLOAD_LENGTH);
        assertRejected(() -> new PointsFlyweight().wrapPayload(ByteBuffer.allocate(47), 0, 47),
            ErrorCode.BAD_PAYLOAD_LENGTH);
    }

    @Test
    void shouldBoundsCheckPointsOnWrapAndEveryIndex() {
        final ByteBuffer buffer = ByteBuffer.allocate(48);
        new PointsFlyweight().wrap(buffer, 0, 2).point(1, 7, 8, 9.5);
        final PointsFlyweight points = new PointsFlyweight().wrap(buffer, 0, 2);
        assertThat(points.seriesId(1)).isEqualTo(7);
        assertThat(points.timestampMillis(1)).isEqualTo(8);
        assertThat(points.value(1)).isEqualTo(9.5);
        assertThatThrownBy(() -> points.seriesId(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> points.valueBits(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new PointsFlyweight().wrap(buffer, 8, 2))
            .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new PointsFlyweight().wrap(buffer, -1, 1))
            .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void shouldRejectPointsPastTheBufferLimit() {
        final ByteBuffer buffer = ByteBuffer.allocate(8 + 2400);
        new PointsFlyweight().wrap(buffer, 8, 100).point(99, 1, 2, 3.0);
        buffer.limit(8 + 2399);
        assertThatThrownBy(() -> new PointsFlyweight().wrap(buffer, 8, 100))
            .isInstanceOf(IndexOutOfBoundsException.class);
        final PointsFlyweight points = new PointsFlyweight().wrap(buffer, 8, 99);
        assertThatThrownBy(() -> points.point(99, 1, 2, 3.0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> points.point(-1, 1, 2, 3.0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void shouldWritePointsLittleEndianWhateverTheBufferOrder() {
        final ByteBuffer bigEndian = ByteBuffer.allocateDirect(24).order(ByteOrder.BIG_ENDIAN);
        new PointsFlyweight().wrap(bigEndian, 0, 1).point(0, 0x0102030405060708L, 9, 1.0);
        assertThat(bigEndian.get(DataPointDescriptor.SERIES_ID_OFFSET)).isEqualTo((byte)0x08);
        assertThat(bigEndian.get(DataPointDescriptor.TIMESTAMP_OFFSET)).isEqualTo((byte)9);
        assertThat(bigEndian.order(ByteOrder.LITTLE_ENDIAN).getDouble(DataPointDescriptor.VALUE_OFFSET)).isEqualTo(1.0);
        assertThat(new PointsFlyweight().wrap(bigEndian.order(ByteOrder.BIG_ENDIAN), 0, 1).seriesId(0))
            .isEqualTo(0x0102030405060708L);
    }

    @Test
    void shouldCheckFixedLengthsOfEveryType() {
        MessageType.checkPayloadLength(MessageType.QUERY, 24);
        MessageType.checkPayloadLength(MessageType.QUERY, 40);
        MessageType.checkPayloadLength(MessageType.PING, 0);
        MessageType.checkPayloadLength(MessageType.OK, 0);
        MessageType.checkPayloadLength(MessageType.OK, 8);
        MessageType.checkPayloadLength(MessageType.DATA, 8 + 48);
        MessageType.checkPayloadLength(MessageType.SERIES, 16);
        MessageType.checkPayloadLength(MessageType.ERROR, 4);
        MessageType.checkPayloadLength(MessageType.REGISTER_SERIES, 4);
        assertRejected(() -> MessageType.checkPayloadLength(MessageType.QUERY, 32), ErrorCode.BAD_PAYLOAD_LENGTH);
        assertRejected(() -> MessageType.checkPayloadLength(MessageType.PING, 1), ErrorCode.BAD_PAYLOAD_LENGTH);
        assertRejected(() -> MessageType.checkPayloadLength(MessageType.OK, 4), ErrorCode.BAD_PAYLOAD_LENGTH);
        assertRejected(() -> MessageType.checkPayloadLength(MessageType.DATA, 9), ErrorCode.BAD_PAYLOAD_LENGTH);
        assertRejected(() -> MessageType.checkPayloadLength(MessageType.SERIES, 8), ErrorCode.BAD_PAYLOAD_LENGTH);
        assertRejected(() -> MessageType.checkPayloadLength(MessageType.ERROR, 3), ErrorCode.BAD_PAYLOAD_LENGTH);
        assertRejected(() -> MessageType.checkPayloadLength(MessageType.REGISTER_SERIES, 3),
            ErrorCode.BAD_PAYLOAD_LENGTH);
        assertRejected(() -> MessageType.checkPayloadLength(0x7F, 0), ErrorCode.UNKNOWN_TYPE);
        assertRejected(() -> new QueryRequestFlyweight().wrap(ByteBuffer.allocate(64), 0, 32),
            ErrorCode.BAD_PAYLOAD_LENGTH);
        assertRejected(() -> new SeriesResponseFlyweight().wrap(ByteBuffer.allocate(64), 0, 15),
            ErrorCode.BAD_PAYLOAD_LENGTH);
        assertRejected(() -> new OkFlyweight().wrap(ByteBuffer.allocate(64), 0, 4),
            ErrorCode.BAD_PAYLOAD_LENGTH);
    }

    @Test
    void shouldRejectMalformedAuthPayloads() {
        MessageType.checkPayloadLength(MessageType.AUTH, AuthDescriptor.MIN_LENGTH);
        assertRejected(() -> MessageType.checkPayloadLength(MessageType.AUTH, 3), ErrorCode.BAD_PAYLOAD_LENGTH);
        final ByteBuffer payload = ByteBuffer.allocate(16);
        new AuthFlyweight().wrapForEncode(payload, 0).token(new byte[] {1, 2, 3});
        assertThat(new AuthFlyweight().wrap(payload, 0, 7).tokenBytes()).containsExactly(1, 2, 3);
        assertRejected(() -> new AuthFlyweight().wrap(payload, 0, 3), ErrorCode.BAD_PAYLOAD_LENGTH);
        assertRejected(() -> new AuthFlyweight().wrap(payload, 0, 6), ErrorCode.MALFORMED_PAYLOAD);
        assertRejected(() -> new AuthFlyweight().wrap(payload, 0, 8), ErrorCode.MALFORMED_PAYLOAD);
        payload.put(AuthDescriptor.SCHEME_OFFSET, (byte)2);
        assertRejected(() -> new AuthFlyweight().wrap(payload, 0, 7), ErrorCode.MALFORMED_PAYLOAD);
        assertThatThrownBy(() -> new AuthFlyweight().wrap(payload, 10, 7))
            .isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(ErrorCode.fromCode(0x000C)).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(ErrorCode.UNAUTHENTICATED.isFatal()).isTrue();
        assertThat(ErrorCode.fromCode(0x000D)).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(ErrorCode.FORBIDDEN.isFatal()).isFalse();
    }

    @Test
    void shouldRejectUnknownAggregation() {
        final ByteBuffer payload = ByteBuffer.allocate(QueryRequestDescriptor.EXTENDED_LENGTH);
        payload.put(QueryRequestDescriptor.AGGREGATION_OFFSET, (byte)8);
        final QueryRequestFlyweight query = new QueryRequestFlyweight().wrap(payload, 0, payload.capacity());
        assertThat(query.aggregationCode()).isEqualTo(8);
        assertRejected(query::aggregation, ErrorCode.MALFORMED_PAYLOAD);
    }

    @Test
    void shouldRoundTripEveryAggregation() {
        final ByteBuffer payload = ByteBuffer.allocate(QueryRequestDescriptor.EXTENDED_LENGTH);
        final QueryRequestFlyweight query = new QueryRequestFlyweight();
        for (final Aggregation aggregation : Aggregation.values()) {
            query.wrap(payload, 0, payload.capacity()).stepMillis(1000).aggregation(aggregation);
            assertThat(query.aggregation()).isEqualTo(aggregation);
            assertThat(Aggregation.fromCode(aggregation.code())).isEqualTo(aggregation);
        }
        assertThat(Aggregation.RATE.wireName()).isEqualTo("rate");
    }

    @Test
    void shouldRejectStepOnPlainQuery() {
        final QueryRequestFlyweight query = new QueryRequestFlyweight()
            .wrap(ByteBuffer.allocate(24), 0, QueryRequestDescriptor.PLAIN_LENGTH);
        assertThatThrownBy(() -> query.stepMillis(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRejectErrorPayloadWhoseMessageLengthDisagrees() {
        final ByteBuffer payload = ByteBuffer.allocate(16);
        new ErrorFlyweight().wrapForEncode(payload, 0).code(1).message("abc");
        new ErrorFlyweight().wrap(payload, 0, 7);
        assertRejected(() -> new ErrorFlyweight().wrap(payload, 0, 8), ErrorCode.BAD_PAYLOAD_LENGTH);
        assertRejected(() -> new ErrorFlyweight().wrap(payload, 0, 6), ErrorCode.BAD_PAYLOAD_LENGTH);
    }

    @Test
    void shouldTruncateOverlongErrorMessageAtCharacterBoundary() {
        final ByteBuffer buffer = ByteBuffer.allocate(70_000);
        final String message = "\u00e9".repeat(40_000);
        final ErrorFlyweight error = new ErrorFlyweight().wrapForEncode(buffer, 0).code(0x100).message(message);
        assertThat(error.messageLength()).isEqualTo(65_534);
        assertThat(error.message()).isEqualTo("\u00e9".repeat(32_767));
    }

    @Test
    void shouldRejectDataPayloadWhoseCountDisagrees() {
        final ByteBuffer payload = ByteBuffer.allocate(8 + 48);
        payload.order(FrameDescriptor.BYTE_ORDER).putInt(0, 3);
        assertRejected(() -> new DataResponseFlyweight().wrap(payload, 0, payload.capacity()),
            ErrorCode.BAD_PAYLOAD_LENGTH);
        payload.putInt(0, -1);
        assertRejected(() -> new DataResponseFlyweight().wrap(payload, 0, payload.capacity()),
            ErrorCode.BAD_PAYLOAD_LENGTH);
        assertRejected(() -> new DataResponseFlyweight().wrap(payload, 0, 7), ErrorCode.BAD_PAYLOAD_LENGTH);
    }

    @Test
    void shouldRejectRegisterSeriesWithLengthsPastTheEnd() {
        final ByteBuffer golden = Golden.buffer("register_series");
        final int payloadOffset = FrameDescriptor.HEADER_LENGTH;
        final int payloadLength = golden.capacity() - payloadOffset;
        new RegisterSeriesDecoder().wrap(golden, payloadOffset, payloadLength);
        for (int cut = 0; cut < payloadLength; cut++) {
            final int length = cut;
            assertRejected(() -> new RegisterSeriesDecoder().wrap(golden, payloadOffset, length),
                ErrorCode.MALFORMED_PAYLOAD);
        }
        final ByteBuffer longer = ByteBuffer.allocate(golden.capacity() + 1);
        longer.put(0, golden, 0, golden.capacity());
        assertRejected(() -> new RegisterSeriesDecoder().wrap(longer, payloadOffset, payloadLength + 1),
            ErrorCode.MALFORMED_PAYLOAD);
    }

    @Test
    void shouldRejectRegisterSeriesWithInvalidUtf8() {
        final ByteBuffer payload = ByteBuffer.allocate(6);
        payload.order(FrameDescriptor.BYTE_ORDER).putShort(0, (short)2);
        payload.put(2, (byte)0xC3);
        payload.put(3, (byte)0x28);
        final RegisterSeriesDecoder decoder = new RegisterSeriesDecoder().wrap(payload, 0, 6);
        assertThat(decoder.labelCount()).isZero();
        assertThat(decoder.nextLabel()).isFalse();
        assertRejected(decoder::metricName, ErrorCode.MALFORMED_PAYLOAD);
    }

    @Test
    void shouldRejectOverlongRegisterSeriesStringsWhenEncoding() {
        final RegisterSeriesEncoder encoder = new RegisterSeriesEncoder().wrap(ByteBuffer.allocate(70_000), 0);
        assertThatThrownBy(() -> encoder.metricName("m".repeat(65_536))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RegisterSeriesEncoder().wrap(ByteBuffer.allocate(70_000), 0).label("k", "v"))
            .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldLookUpErrorCodes() {
        for (final ErrorCode code : ErrorCode.values()) {
            assertThat(ErrorCode.fromCode(code.code())).isEqualTo(code);
        }
        assertThat(ErrorCode.fromCode(0)).isNull();
        assertThat(ErrorCode.fromCode(0xFFFF)).isNull();
        assertThat(ErrorCode.BAD_MAGIC.isFatal()).isTrue();
        assertThat(ErrorCode.BAD_PAYLOAD_LENGTH.isFatal()).isFalse();
    }

    @Test
    void shouldClassifyMessageTypes() {
        assertThat(MessageType.isRequest(MessageType.INSERT_BATCH)).isTrue();
        assertThat(MessageType.isRequest(MessageType.OK)).isFalse();
        assertThat(MessageType.isResponse(MessageType.SERIES)).isTrue();
        assertThat(MessageType.isKnown(0x05)).isFalse();
        assertThat(MessageType.isRequest(MessageType.AUTH)).isTrue();
        assertThat(MessageType.name(MessageType.INSERT_BATCH)).isEqualTo("insert_batch");
        assertThat(MessageType.name(0x42)).isEqualTo("unknown(0x42)");
    }
}
