// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameDecoderTest {
    private static final long SEED = 0x5EED_2026L;

    private final List<String> frames = new ArrayList<>();
    private final FrameHandler recorder = (type, buffer, offset, length) ->
        frames.add(String.format("%02x:", type) + Golden.toHex(buffer, offset, length));

    private static String expected(final String name) {
        final String hex = Golden.hex(name);
        return hex.substring(2 * FrameDescriptor.TYPE_OFFSET, 2 * FrameDescriptor.TYPE_OFFSET + 2) + ":"
            + hex.substring(2 * FrameDescriptor.HEADER_LENGTH);
    }

    private static void feedInChunks(final FrameDecoder decoder, final byte[] bytes, final int chunkSize) {
        for (int offset = 0; offset < bytes.length; offset += chunkSize) {
            final int length = Math.min(chunkSize, bytes.length - offset);
            final byte[] chunk = new byte[length];
            System.arraycopy(bytes, offset, chunk, 0, length);
            decoder.feed(ByteBuffer.wrap(chunk), 0, length);
        }
    }

    @Test
    void shouldDecodeEveryFrameTypeAtEveryChunkSize() {
        for (final String name : Golden.NAMES) {
            final byte[] bytes = Golden.bytes(name);
            for (int chunkSize = 1; chunkSize <= 2 * bytes.length; chunkSize++) {
                frames.clear();
                final FrameDecoder decoder = new FrameDecoder(recorder);
                feedInChunks(decoder, bytes, chunkSize);
                assertThat(frames).as("%s chunkSize=%d", name, chunkSize).containsExactly(expected(name));
                assertThat(decoder.hasPartialFrame()).isFalse();
                assertThat(decoder.streamOffset()).isEqualTo(bytes.length);
            }
        }
    }

    @Test
    void shouldDecodeAllFramesBackToBackAtEveryChunkSize() {
        final ByteArrayOutputStream all = new ByteArrayOutputStream();
        final List<String> expected = new ArrayList<>();
        for (final String name : Golden.NAMES) {
            all.writeBytes(Golden.bytes(name));
            expected.add(expected(name));
        }
        final byte[] bytes = all.toByteArray();
        final int length = bytes.length;
        for (int chunkSize = 1; chunkSize <= 2 * length; chunkSize++) {
            frames.clear();
            feedInChunks(new FrameDecoder(recorder), bytes, chunkSize);
            assertThat(frames).as("chunkSize=%d", chunkSize).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void shouldDecodeEveryFrameTypeFedInShuffledChunks() {
        final Random random = new Random(SEED);
        for (final String name : Golden.NAMES) {
            final byte[] bytes = Golden.bytes(name);
            for (int round = 0; round < 200; round++) {
                frames.clear();
                final FrameDecoder decoder = new FrameDecoder(recorder);
                int offset = 0;
                while (offset < bytes.length) {
                    final int length = Math.min(1 + random.nextInt(bytes.length), bytes.length - offset);
                    final byte[] chunk = new byte[length + 3];
                    System.arraycopy(bytes, offset, chunk, 3, length);
                    decoder.feed(ByteBuffer.wrap(chunk), 3, length);
                    offset += length;
                }
                assertThat(frames).as("%s seed=%d round=%d", name, SEED, round).containsExactly(expected(name));
            }
        }
    }

    @Test
    void shouldDecodeThousandFramesCoalescedInOneBuffer() {
        final ByteBuffer buffer = ByteBuffer.allocate(1000 * 40);
        final FrameEncoder encoder = new FrameEncoder().wrap(buffer, 0);
        for (int i = 0; i < 1000; i++) {
            encoder.insert(i, 1_700_000_000_000L + i, i * 0.5);
        }
        final List<Long> seriesIds = new ArrayList<>();
        final PointsFlyweight points = new PointsFlyweight();
        final FrameDecoder decoder = new FrameDecoder((type, buf, off, len) -> {
            points.wrapPayload(buf, off, len);
            assertThat(points.timestampMillis(0)).isEqualTo(1_700_000_000_000L + points.seriesId(0));
            assertThat(points.value(0)).isEqualTo(points.seriesId(0) * 0.5);
            seriesIds.add(points.seriesId(0));
        });

        decoder.feed(buffer, 0, encoder.position());

        assertThat(seriesIds).hasSize(1000);
        assertThat(seriesIds.get(999)).isEqualTo(999);
        assertThat(decoder.hasPartialFrame()).isFalse();
    }

    @Test
    void shouldHandOverWholeFramesWithoutCopying() {
        final ByteBuffer input = Golden.buffer("insert");
        final List<Object> buffers = new ArrayList<>();
        new FrameDecoder((type, buf, off, len) -> buffers.add(buf)).feed(input, 0, input.capacity());
        assertThat(buffers).containsExactly(input);
    }

    @Test
    void shouldReportTruncatedFrameAtEndOfStream() {
        final byte[] bytes = Golden.bytes("insert");
        for (int cut = 1; cut < bytes.length; cut++) {
            final FrameDecoder decoder = new FrameDecoder(recorder);
            decoder.feed(ByteBuffer.wrap(bytes), 0, cut);
            assertThat(decoder.hasPartialFrame()).as("cut=%d", cut).isTrue();
            assertThat(decoder.bufferedBytes()).isEqualTo(cut);
            assertThat(decoder.truncatedFrameException().errorCode()).isEqualTo(ErrorCode.TRUNCATED_FRAME);
        }
        assertThat(frames).isEmpty();
    }

    @Test
    void shouldRejectBadMagicAtItsFirstByte() {
        final FrameDecoder decoder = new FrameDecoder(recorder);
        assertThatThrownBy(() -> decoder.feed(ByteBuffer.wrap("G".getBytes(StandardCharsets.US_ASCII)), 0, 1))
            .isInstanceOfSatisfying(ProtocolException.class, ex -> {
                assertThat(ex.errorCode()).isEqualTo(ErrorCode.BAD_MAGIC);
                assertThat(ex.isFatal()).isTrue();
            });
    }

    @Test
    void shouldRejectHttpRequestAsBadMagic() {
        final byte[] http = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes();
        assertThatThrownBy(() -> new FrameDecoder(recorder).feed(ByteBuffer.wrap(http), 0, http.length))
            .isInstanceOfSatisfying(ProtocolException.class,
                ex -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.BAD_MAGIC));
    }

    @Test
    void shouldRejectBadMagicAfterValidFrames() {
        final byte[] ping = Golden.bytes("ping");
        final byte[] bytes = new byte[ping.length + 4];
        System.arraycopy(ping, 0, bytes, 0, ping.length);
        System.arraycopy("ZTSX".getBytes(), 0, bytes, ping.length, 4);
        assertThatThrownBy(() -> new FrameDecoder(recorder).feed(ByteBuffer.wrap(bytes), 0, bytes.length))
            .isInstanceOfSatisfying(ProtocolException.class, ex -> {
                assertThat(ex.errorCode()).isEqualTo(ErrorCode.BAD_MAGIC);
                assertThat(ex.streamOffset()).isEqualTo(ping.length);
            });
        assertThat(frames).hasSize(1);
    }

    @Test
    void shouldRejectUnsupportedVersion() {
        final byte[] bytes = Golden.bytes("ping");
        bytes[FrameDescriptor.VERSION_OFFSET] = 0x02;
        for (int chunkSize = 1; chunkSize <= bytes.length; chunkSize++) {
            final int size = chunkSize;
            assertThatThrownBy(() -> feedInChunks(new FrameDecoder(recorder), bytes, size))
                .isInstanceOfSatisfying(ProtocolException.class,
                    ex -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION));
        }
    }

    @Test
    void shouldRejectUnknownType() {
        final byte[] bytes = Golden.bytes("ping");
        bytes[FrameDescriptor.TYPE_OFFSET] = 0x42;
        assertThatThrownBy(() -> new FrameDecoder(recorder).feed(ByteBuffer.wrap(bytes), 0, bytes.length))
            .isInstanceOfSatisfying(ProtocolException.class, ex -> {
                assertThat(ex.errorCode()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
                assertThat(ex.getMessage()).contains("0x42");
            });
    }

    @Test
    void shouldRejectFrameLongerThanMaxLengthBeforeBufferingPayload() {
        final ByteBuffer header = ByteBuffer.allocate(FrameDescriptor.HEADER_LENGTH);
        new HeaderFlyweight().wrap(header, 0).writeDefaults(MessageType.INSERT_BATCH).payloadLength(1024 * 24 + 24);
        final FrameDecoder decoder = new FrameDecoder(recorder, 1024 * 24);

        assertThatThrownBy(() -> decoder.feed(header, 0, header.capacity()))
            .isInstanceOfSatisfying(ProtocolException.class, ex -> {
                assertThat(ex.errorCode()).isEqualTo(ErrorCode.PAYLOAD_TOO_LONG);
                assertThat(ex.isFatal()).isTrue();
            });
        assertThat(decoder.bufferedBytes()).isLessThanOrEqualTo(FrameDescriptor.HEADER_LENGTH);
    }

    @Test
    void shouldRejectPayloadLengthAboveTwoGigabytesAsTooLong() {
        final ByteBuffer header = ByteBuffer.allocate(FrameDescriptor.HEADER_LENGTH);
        new HeaderFlyweight().wrap(header, 0).writeDefaults(MessageType.INSERT_BATCH).payloadLength(0xFFFF_FFF0);
        assertThatThrownBy(() -> new FrameDecoder(recorder).feed(header, 0, header.capacity()))
            .isInstanceOfSatisfying(ProtocolException.class,
                ex -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.PAYLOAD_TOO_LONG));
    }

    @Test
    void shouldAcceptFrameOfExactlyMaxLengthSplitAcrossChunks() {
        final int maxPayloadLength = 1000 * 24;
        final ByteBuffer buffer = ByteBuffer.allocate(FrameEncoder.dataLength(1000));
        final FrameEncoder encoder = new FrameEncoder().wrap(buffer, 0);
        final PointsFlyweight batch = encoder.beginInsertBatch(1000);
        for (int i = 0; i < 1000; i++) {
            batch.point(i, i, i, i);
        }
        encoder.endInsertBatch();
        final byte[] bytes = new byte[encoder.position()];
        buffer.get(0, bytes);
        final List<Integer> lengths = new ArrayList<>();
        feedInChunks(new FrameDecoder((type, buf, off, len) -> lengths.add(len), maxPayloadLength), bytes, 4093);
        assertThat(lengths).containsExactly(maxPayloadLength);
    }

    @Test
    void shouldRefuseInputAfterFailureUntilReset() {
        final FrameDecoder decoder = new FrameDecoder(recorder);
        final ByteBuffer junk = ByteBuffer.wrap("junk".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> decoder.feed(junk, 0, 4)).isInstanceOf(ProtocolException.class);
        final ByteBuffer ping = Golden.buffer("ping");
        assertThatThrownBy(() -> decoder.feed(ping, 0, ping.capacity())).isInstanceOf(IllegalStateException.class);

        decoder.reset();
        decoder.feed(ping, 0, ping.capacity());
        assertThat(frames).containsExactly(expected("ping"));
    }

    @Test
    void shouldRejectMaxPayloadLengthOutOfRange() {
        assertThatThrownBy(() -> new FrameDecoder(recorder, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldDecodeDirectBufferOfEitherByteOrderAtAbsoluteOffsets() {
        final byte[] bytes = Golden.bytes("insert_batch");
        for (final ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            final ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length + 5).order(order);
            direct.put(5, bytes, 0, bytes.length).position(3).limit(bytes.length + 5);
            frames.clear();
            new FrameDecoder(recorder).feed(direct, 5, bytes.length);
            assertThat(frames).as("order=%s", order).containsExactly(expected("insert_batch"));
            assertThat(direct.position()).isEqualTo(3);
            assertThat(direct.order()).isEqualTo(order);
        }
    }

    @Test
    void shouldRejectFeedPastTheBufferLimit() {
        final ByteBuffer ping = Golden.buffer("ping");
        ping.limit(ping.capacity() - 1);
        assertThatThrownBy(() -> new FrameDecoder(recorder).feed(ping, 0, ping.capacity()))
            .isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(frames).isEmpty();
    }
}
