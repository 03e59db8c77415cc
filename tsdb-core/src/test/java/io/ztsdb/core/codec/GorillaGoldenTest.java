// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.codec;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Golden vectors of the Gorilla chunk layout v1 in {@code src/test/resources/golden/gorilla-v1-*.hex}. They were
 * produced by an independent bit-by-bit reference encoder written from {@code docs/storage.md}; never overwrite
 * one, add a new vector instead.
 */
class GorillaGoldenTest {
    private static final double NAN = Double.NaN;

    @Test
    void shouldEncodeRegularSeriesToGoldenBytes() {
        final long t0 = 1_704_067_200_000L;
        final double[] values = {39.5, 39.5, 40.25, 41.0, 41.0, 12.125, 0.0, 0.0};
        final long[] timestamps = new long[values.length];
        final long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            timestamps[i] = t0 + 10_000L * i;
            bits[i] = Double.doubleToRawLongBits(values[i]);
        }
        assertGolden("gorilla-v1-regular", timestamps, bits);
    }

    @Test
    void shouldEncodeEveryTimestampBucketToGoldenBytes() {
        final long[] timestamps = {1000, 2000, 3000, 4001, 5000, 76_000, 200_000, 1_200_000, -5, -5};
        final double[] values = {1.0, 1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 2.0, 3.0, 3.0};
        final long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Double.doubleToRawLongBits(values[i]);
        }
        assertGolden("gorilla-v1-buckets", timestamps, bits);
    }

    @Test
    void shouldEncodeSpecialDoublesToGoldenBytes() {
        final long[] timestamps = {0, 1, 2, 3, 4, 5, 6, 7};
        final long[] bits = {
            Double.doubleToRawLongBits(NAN), Double.doubleToRawLongBits(-0.0),
            Double.doubleToRawLongBits(Double.POSITIVE_INFINITY), Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY),
            0x7FF0_0000_0000_0001L, 0xFFF8_DEAD_BEEF_0001L, Double.doubleToRawLongBits(Double.MIN_VALUE), 0L
        };
        assertGolden("gorilla-v1-special", timestamps, bits);
    }

    @Test
    void shouldEncodeExtremeTimestampsToGoldenBytes() {
        final long[] timestamps = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, -1};
        final double[] values = {Double.MAX_VALUE, Double.MIN_VALUE, -1.0, 1.0, 1.0};
        final long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Double.doubleToRawLongBits(values[i]);
        }
        assertGolden("gorilla-v1-extremes", timestamps, bits);
    }

    @Test
    void shouldRejectUnknownEncodingAndVersion() {
        final byte[] chunk = HexFormat.of().parseHex(readGolden("gorilla-v1-regular"));
        chunk[ChunkDescriptor.ENCODING_OFFSET] = 0x7F;
        assertThatThrownBy(() -> new GorillaDecoder().wrap(MemorySegment.ofArray(chunk), 0, chunk.length))
            .isInstanceOf(ChunkFormatException.class).hasMessageContaining("unknown encoding");
        chunk[ChunkDescriptor.ENCODING_OFFSET] = ChunkDescriptor.ENCODING_GORILLA;
        chunk[ChunkDescriptor.VERSION_OFFSET] = 2;
        assertThatThrownBy(() -> new GorillaDecoder().wrap(MemorySegment.ofArray(chunk), 0, chunk.length))
            .isInstanceOf(ChunkFormatException.class).hasMessageContaining("version");
    }

    @Test
    void shouldRejectTruncatedChunkWithChunkFormatException() {
        final byte[] chunk = HexFormat.of().parseHex(readGolden("gorilla-v1-buckets"));
        for (int length = 0; length < chunk.length; length++) {
            final int cut = length;
            assertThatThrownBy(() -> {
                final GorillaDecoder decoder = new GorillaDecoder().wrap(MemorySegment.ofArray(chunk), 0, cut);
                while (decoder.next()) {
                    decoder.timestampMillis();
                }
            }).as("length=%d", cut).isInstanceOf(ChunkFormatException.class);
            assertThatThrownBy(() -> new GorillaDecoder().wrap(MemorySegment.ofArray(chunk), 0, cut)
                .decode(new long[20], new double[20], 0)).as("bulk length=%d", cut)
                .isInstanceOf(ChunkFormatException.class);
        }
    }

    @Test
    void shouldRejectCorruptWindowWithChunkFormatException() {
        // One sample then: dod '0', value '10' (window reuse before any window was set).
        final byte[] chunk = HexFormat.of().parseHex("0101020000000000000000000000000000000000" + "40");
        assertThatThrownBy(() -> {
            final GorillaDecoder decoder = new GorillaDecoder().wrap(MemorySegment.ofArray(chunk), 0, chunk.length);
            while (decoder.next()) {
                decoder.valueBits();
            }
        }).isInstanceOf(ChunkFormatException.class).hasMessageContaining("window");
        final byte[] padded = java.util.Arrays.copyOf(chunk, chunk.length + 64);
        assertThatThrownBy(() -> new GorillaDecoder().wrap(MemorySegment.ofArray(padded), 0, padded.length)
            .decode(new long[2], new double[2], 0))
            .isInstanceOf(ChunkFormatException.class).hasMessageContaining("window");
    }

    @Test
    void shouldRejectWindowWiderThan64BitsInBothDecodePaths() {
        // One sample then: dod '0', value '11' leading=31 meaningful=63 (31 + 63 > 64), padded past the fast limit.
        final byte[] chunk = java.util.Arrays.copyOf(HexFormat.of().parseHex(
            "0101020000000000000000000000000000000000" + "7ffe"), 80);
        assertThatThrownBy(() -> new GorillaDecoder().wrap(MemorySegment.ofArray(chunk), 0, chunk.length)
            .decode(new long[2], new double[2], 0))
            .isInstanceOf(ChunkFormatException.class).hasMessageContaining("wider");
        assertThatThrownBy(() -> {
            final GorillaDecoder decoder = new GorillaDecoder().wrap(MemorySegment.ofArray(chunk), 0, chunk.length);
            while (decoder.next()) {
                decoder.valueBits();
            }
        }).isInstanceOf(ChunkFormatException.class).hasMessageContaining("wider");
    }

    private static void assertGolden(final String name, final long[] timestamps, final long[] bits) {
        final MemorySegment buffer = MemorySegment.ofArray(new byte[1024]);
        final GorillaEncoder encoder = new GorillaEncoder().wrap(buffer, 0, (int) buffer.byteSize());
        for (int i = 0; i < timestamps.length; i++) {
            assertThat(encoder.append(timestamps[i], Double.longBitsToDouble(bits[i]))).isTrue();
        }
        encoder.writeCount();
        final byte[] encoded = buffer.asSlice(0, encoder.lengthBytes()).toArray(ValueLayout.JAVA_BYTE);
        assertThat(HexFormat.of().formatHex(encoded)).isEqualTo(readGolden(name));

        final byte[] golden = HexFormat.of().parseHex(readGolden(name));
        final GorillaDecoder decoder = new GorillaDecoder().wrap(MemorySegment.ofArray(golden), 0, golden.length);
        int i = 0;
        while (decoder.next()) {
            assertThat(decoder.timestampMillis()).isEqualTo(timestamps[i]);
            assertThat(decoder.valueBits()).isEqualTo(bits[i]);
            i++;
        }
        assertThat(i).isEqualTo(timestamps.length);
    }

    private static String readGolden(final String name) {
        try (InputStream in = GorillaGoldenTest.class.getResourceAsStream("/golden/" + name + ".hex")) {
            assertThat(in).as("golden vector %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        } catch (final IOException e) {
            throw new AssertionError(e);
        }
    }
}
