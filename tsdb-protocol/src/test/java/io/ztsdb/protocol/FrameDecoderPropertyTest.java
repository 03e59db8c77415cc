// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing of the frame decoder for every build (jqwik, fixed seed, bounded tries): streams of valid frames of every
 * request type, decoded at random chunk sizes, come back frame for frame; the same streams with bytes flipped,
 * inserted, removed or cut only ever raise {@link ProtocolException}. The coverage-guided counterpart is
 * {@link FrameDecoderFuzzTest}.
 */
class FrameDecoderPropertyTest {
    private static final String SEED = "20261206";

    @Property(tries = 300, seed = SEED)
    void shouldDecodeEveryFrameOfAValidStreamAtAnyChunking(@ForAll("streams") final byte[] stream,
        @ForAll("chunks") final int chunk) {
        final List<byte[]> expected = splitFrames(stream);
        final List<byte[]> decoded = new ArrayList<>();
        final FrameDecoder decoder = new FrameDecoder((type, buffer, offset, length) -> {
            final byte[] frame = new byte[FrameDescriptor.HEADER_LENGTH + length];
            buffer.get(offset, frame, FrameDescriptor.HEADER_LENGTH, length);
            frame[FrameDescriptor.TYPE_OFFSET] = (byte)type;
            decoded.add(frame);
        }, FrameFuzzing.MAX_PAYLOAD_LENGTH);
        final ByteBuffer buffer = ByteBuffer.wrap(stream);
        for (int at = 0; at < stream.length; at += chunk) {
            decoder.feed(buffer, at, Math.min(chunk, stream.length - at));
        }
        assertThat(decoder.hasPartialFrame()).isFalse();
        assertThat(decoded).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            final byte[] want = expected.get(i);
            final byte[] got = decoded.get(i);
            assertThat(got[FrameDescriptor.TYPE_OFFSET]).isEqualTo(want[FrameDescriptor.TYPE_OFFSET]);
            assertThat(Arrays.copyOfRange(got, FrameDescriptor.HEADER_LENGTH, got.length))
                .isEqualTo(Arrays.copyOfRange(want, FrameDescriptor.HEADER_LENGTH, want.length));
        }
    }

    @Property(tries = 2000, seed = SEED)
    void shouldRaiseOnlyProtocolExceptionsOnMutatedStreams(@ForAll("mutatedStreams") final byte[] stream) {
        FrameFuzzing.decode(stream);
    }

    @Property(tries = 1000, seed = SEED)
    void shouldRaiseOnlyProtocolExceptionsOnRandomBytes(@ForAll final byte[] bytes) {
        FrameFuzzing.decode(bytes);
    }

    @Provide
    Arbitrary<Integer> chunks() {
        return Arbitraries.integers().between(1, 200);
    }

    @Provide
    Arbitrary<byte[]> streams() {
        return frame().list().ofMinSize(1).ofMaxSize(8).map(FrameDecoderPropertyTest::concat);
    }

    @Provide
    Arbitrary<byte[]> mutatedStreams() {
        return Combinators.combine(streams(), Arbitraries.integers().between(0, 1 << 20).list().ofMinSize(1)
            .ofMaxSize(6), Arbitraries.integers().between(0, 3)).as(FrameDecoderPropertyTest::mutate);
    }

    private static Arbitrary<byte[]> frame() {
        final Arbitrary<Long> longs = Arbitraries.longs();
        final Arbitrary<String> text = Arbitraries.strings().ofMaxLength(40);
        return Arbitraries.oneOf(
            longs.map(v -> encode(e -> e.insert(v, v >>> 3, Double.longBitsToDouble(v)))),
            Arbitraries.integers().between(0, 20).map(n -> encode(e -> {
                final PointsFlyweight points = e.beginInsertBatch(n);
                for (int i = 0; i < n; i++) {
                    points.point(i, i, i * 1000L, i / 3.0);
                }
                e.endInsertBatch();
            })),
            longs.map(v -> encode(e -> e.query(v, v >> 8, v >> 4))),
            longs.map(v -> encode(e -> e.query(v, 0, Long.MAX_VALUE, v & 0xFFFF, Aggregation.values()[
                (int)(v & 0x7FFF_FFFF) % Aggregation.values().length]))),
            Arbitraries.just(encode(FrameEncoder::ping)),
            Combinators.combine(text, text, text).as((m, k, v) -> encode(e -> e.registerSeries(m, Map.of(k, v)))),
            text.map(t -> encode(e -> e.auth(t.getBytes(StandardCharsets.UTF_8)))));
    }

    private static byte[] encode(final java.util.function.Consumer<FrameEncoder> writer) {
        final ByteBuffer buffer = ByteBuffer.allocate(FrameFuzzing.MAX_PAYLOAD_LENGTH);
        final FrameEncoder encoder = new FrameEncoder().wrap(buffer, 0);
        writer.accept(encoder);
        return Arrays.copyOf(buffer.array(), encoder.position());
    }

    private static byte[] concat(final List<byte[]> frames) {
        final ByteBuffer out = ByteBuffer.allocate(frames.stream().mapToInt(f -> f.length).sum());
        frames.forEach(out::put);
        return out.array();
    }

    private static List<byte[]> splitFrames(final byte[] stream) {
        final List<byte[]> frames = new ArrayList<>();
        final HeaderFlyweight header = new HeaderFlyweight();
        for (int at = 0; at < stream.length;) {
            final int length = FrameDescriptor.HEADER_LENGTH
                + (int)header.wrap(ByteBuffer.wrap(stream), at).payloadLength();
            frames.add(Arrays.copyOfRange(stream, at, at + length));
            at += length;
        }
        return frames;
    }

    /** Flips, inserts or removes bytes at the given positions, or cuts the stream there. */
    private static byte[] mutate(final byte[] stream, final List<Integer> positions, final int kind) {
        byte[] out = stream.clone();
        for (final int position : positions) {
            if (out.length == 0) {
                break;
            }
            final int at = position % out.length;
            out = switch (kind) {
                case 0 -> flip(out, at, position);
                case 1 -> insert(out, at, (byte)position);
                case 2 -> remove(out, at);
                default -> Arrays.copyOf(out, at);
            };
        }
        return out;
    }

    private static byte[] flip(final byte[] bytes, final int at, final int bits) {
        bytes[at] ^= (byte)(1 << (bits % 8));
        return bytes;
    }

    private static byte[] insert(final byte[] bytes, final int at, final byte value) {
        final byte[] out = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, out, 0, at);
        out[at] = value;
        System.arraycopy(bytes, at, out, at + 1, bytes.length - at);
        return out;
    }

    private static byte[] remove(final byte[] bytes, final int at) {
        final byte[] out = new byte[bytes.length - 1];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(bytes, at + 1, out, at, bytes.length - at - 1);
        return out;
    }
}
