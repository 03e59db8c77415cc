// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol.snappy;

import io.ztsdb.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnappyBlockTest {
    private static final long SEED = 20260301L;

    @Test
    void shouldRoundTripEdgeShapes() {
        assertRoundTrip(new byte[0]);
        assertRoundTrip(new byte[] {42});
        assertRoundTrip(new byte[200_000]);
        assertRoundTrip("abcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabc".getBytes(StandardCharsets.UTF_8));
        final byte[] repeated = new byte[300_000];
        for (int i = 0; i < repeated.length; i++) {
            repeated[i] = (byte) (i % 251);
        }
        assertRoundTrip(repeated);
    }

    @Test
    void shouldRoundTripRandomInputsWithFixedSeed() {
        final Random random = new Random(SEED);
        for (int n = 0; n < 200; n++) {
            final byte[] data = new byte[random.nextInt(70_000)];
            // Half random bytes, half a small alphabet so that matches occur.
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (random.nextBoolean() ? random.nextInt(256) : 'a' + random.nextInt(3));
            }
            assertRoundTrip(data);
        }
    }

    @Test
    void shouldCompressRepetitiveData() {
        final byte[] data = "container_cpu_usage{container_name=\"web\"} ".repeat(1000)
            .getBytes(StandardCharsets.UTF_8);
        assertThat(SnappyBlock.compress(data, 0, data.length).length).isLessThan(data.length / 10);
    }

    @Test
    void shouldDecodeGoldenVectorFromTheFormatDescription() {
        // "aaaaaaaaaa" as literal 'a' then a 9-byte copy at offset 1 (tag 01: length 9 -> (9-4)<<2 | 1 = 0x15).
        final byte[] block = HexFormat.of().parseHex("0a" + "0061" + "1501");
        assertThat(new String(SnappyBlock.decompress(block, 0, block.length, 100), StandardCharsets.US_ASCII))
            .isEqualTo("aaaaaaaaaa");
    }

    @Test
    void shouldRejectMalformedBlocksWithTypedException() {
        assertRejected("");
        assertRejected("80808080808080");
        assertRejected("05" + "1001");
        assertRejected("0a" + "0061" + "1502");
        assertRejected("05" + "0c61");
        assertRejected("02" + "00616262");
        final Random random = new Random(SEED);
        for (int n = 0; n < 2000; n++) {
            final byte[] junk = new byte[random.nextInt(40)];
            random.nextBytes(junk);
            try {
                SnappyBlock.decompress(junk, 0, junk.length, 1 << 20);
            } catch (final ProtocolException expected) {
                // Typed failure is the contract; anything else fails the test.
            }
        }
    }

    @Test
    void shouldRefuseDeclaredLengthOverTheLimitBeforeAllocating() {
        // 2 MiB declared, and enough bytes after the preamble to expand to it.
        final byte[] block = Arrays.copyOf(HexFormat.of().parseHex("80808001"), 4 + (1 << 17));
        assertThatThrownBy(() -> SnappyBlock.decompress(block, 0, block.length, 1 << 20))
            .isInstanceOf(SnappyFormatException.class).hasMessageContaining("over the limit");
    }

    @Test
    void shouldRefuseADeclaredLengthTheBlockCannotExpandTo() {
        // 4 GiB - 1 declared by 5 bytes, 2 MiB by 1,000 (a 3-byte copy yields 64 bytes at most): refused before
        // any caller sizes a buffer by them.
        for (final byte[] block : new byte[][] {HexFormat.of().parseHex("ffffffff07"),
            Arrays.copyOf(HexFormat.of().parseHex("80808001"), 1000)}) {
            assertThatThrownBy(() -> SnappyBlock.uncompressedLength(block, 0, block.length))
                .isInstanceOf(SnappyFormatException.class).hasMessageContaining("cannot come from");
        }
        final byte[] data = new byte[1 << 20];
        final byte[] compressed = SnappyBlock.compress(data, 0, data.length);
        assertThat(SnappyBlock.uncompressedLength(compressed, 0, compressed.length)).isEqualTo(data.length);
    }

    /**
     * Every copy shape (offsets 1-40 across the 8-byte moves' boundary, lengths 1-64, then literals of 1-56 bytes)
     * against a byte-by-byte reference, into an output array larger than the block whose spare bytes must stay.
     */
    @Test
    void shouldDecodeEveryCopyShapeAsTheByteByByteReference() {
        final byte[] seed = "The quick brown fox jumps over the lazy dog 0123456789".getBytes(StandardCharsets.UTF_8);
        for (int offset = 1; offset <= 40; offset++) {
            for (int length = 1; length <= 64; length++) {
                for (int literal = 1; literal <= 60; literal += 11) {
                    final int total = seed.length + length + literal;
                    final ByteArrayOutputStream block = new ByteArrayOutputStream();
                    if (total >= 0x80) {
                        block.write(total & 0x7f | 0x80);
                        block.write(total >>> 7);
                    } else {
                        block.write(total);
                    }
                    block.write((seed.length - 1) << 2);
                    block.writeBytes(seed);
                    block.write(((length - 1) << 2) | 2);
                    block.write(offset);
                    block.write(0);
                    block.write((literal - 1) << 2);
                    for (int i = 0; i < literal; i++) {
                        block.write('A' + i % 26);
                    }
                    final byte[] bytes = block.toByteArray();
                    final byte[] expected = new byte[total];
                    System.arraycopy(seed, 0, expected, 0, seed.length);
                    for (int i = 0; i < length; i++) {
                        expected[seed.length + i] = expected[seed.length - offset + i];
                    }
                    for (int i = 0; i < literal; i++) {
                        expected[seed.length + length + i] = (byte) ('A' + i % 26);
                    }
                    final byte[] out = new byte[total + 32];
                    Arrays.fill(out, (byte) 0x5a);
                    assertThat(SnappyBlock.decompress(bytes, 0, bytes.length, out, 0)).isEqualTo(total);
                    assertThat(Arrays.copyOf(out, total)).as("offset %d length %d", offset, length).isEqualTo(expected);
                    assertThat(Arrays.copyOfRange(out, total, out.length)).containsOnly((byte) 0x5a);
                }
            }
        }
    }

    private static void assertRejected(final String hex) {
        final byte[] block = HexFormat.of().parseHex(hex);
        assertThatThrownBy(() -> SnappyBlock.decompress(block, 0, block.length, 1 << 20))
            .as(hex).isInstanceOf(SnappyFormatException.class);
    }

    private static void assertRoundTrip(final byte[] data) {
        final byte[] compressed = SnappyBlock.compress(data, 0, data.length);
        assertThat(compressed.length).isLessThanOrEqualTo(SnappyBlock.maxCompressedLength(data.length));
        assertThat(SnappyBlock.uncompressedLength(compressed, 0, compressed.length)).isEqualTo(data.length);
        assertThat(SnappyBlock.decompress(compressed, 0, compressed.length, data.length)).isEqualTo(data);
    }
}
