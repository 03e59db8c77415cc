// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.codec.columnar;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The integer column and its bit packing on their own: every width, extreme longs, wrap-around differences,
 * common divisors and patched miniblocks.
 */
class IntColumnTest {
    private final IntColumnEncoder encoder = new IntColumnEncoder();
    private final IntColumnDecoder decoder = new IntColumnDecoder();

    @Test
    void shouldPackAndUnpackEveryWidth() {
        final SplittableRandom random = new SplittableRandom(11);
        for (int width = 0; width <= 64; width++) {
            for (final int count : new int[] {1, 7, 8, 63, 64}) {
                final long[] values = new long[count];
                for (int i = 0; i < count; i++) {
                    values[i] = random.nextLong() & BitPacking.mask(width);
                }
                final ByteSink sink = new ByteSink(16);
                BitPacking.pack(values, 0, count, width, 0, sink);
                assertThat(sink.length()).isEqualTo(BitPacking.packedBytes(count, width));
                final byte[] padded = Arrays.copyOf(sink.array(), sink.length() + ByteSource.PADDING);
                final long[] unpacked = new long[count];
                BitPacking.unpack(padded, 0, count, width, unpacked, 0);
                assertThat(unpacked).as("width=" + width + " count=" + count).containsExactly(values);
            }
        }
    }

    @Test
    void shouldRoundTripExtremeAndStructuredColumns() {
        final SplittableRandom random = new SplittableRandom(12);
        for (int run = 0; run < 3000; run++) {
            final int n = 1 + random.nextInt(run % 50 == 0 ? 5000 : 300);
            final long[] x = column(random, random.nextInt(9), n);
            final ByteSink sink = new ByteSink(16);
            final int cost = encoder.cost(x, n);
            final int written = encoder.encode(x, n, sink);
            assertThat(written).as("run=" + run).isEqualTo(cost);
            final ByteSource source = new ByteSource();
            System.arraycopy(sink.array(), 0, source.prepare(sink.length()), 0, sink.length());
            final long[] decoded = new long[n];
            decoder.decode(source, n, decoded, 0);
            assertThat(source.remaining()).isZero();
            for (int i = 0; i < n; i++) {
                assertThat(decoded[i]).as("run=" + run + " i=" + i).isEqualTo(x[i]);
            }
        }
    }

    @Test
    void shouldPatchAFewLargeValuesInsteadOfWideningTheMiniblock() {
        final long[] x = new long[64];
        for (int i = 0; i < 64; i++) {
            x[i] = i % 2;
        }
        x[17] = 1L << 40;
        final ByteSink sink = new ByteSink(16);
        encoder.encode(x, 64, sink);
        // kind, base, gcd, flag, header, exception count, high width, position, 5 bytes of high bits, 8 bytes of lows
        assertThat(sink.length()).isEqualTo(1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 5 + 8);
    }

    @Test
    void shouldComputeGcdAndExactDivision() {
        assertThat(IntColumnEncoder.gcd(0, 12)).isEqualTo(12);
        assertThat(IntColumnEncoder.gcd(4096 * 3, 4096 * 5)).isEqualTo(4096);
        assertThat(IntColumnEncoder.gcd(Long.MIN_VALUE, Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
        assertThat(IntColumnEncoder.gcd(-1L, 3)).isEqualTo(3);
        final SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < 10_000; i++) {
            final long odd = random.nextLong() | 1;
            assertThat(odd * IntColumnEncoder.oddInverse(odd)).isEqualTo(1L);
        }
    }

    private static long[] column(final SplittableRandom random, final int shape, final int n) {
        final long[] x = new long[n];
        long v = random.nextLong();
        for (int i = 0; i < n; i++) {
            v = switch (shape) {
                case 0 -> random.nextLong();
                case 1 -> random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
                case 2 -> v + 10_000;
                case 3 -> v + 4096L * (random.nextInt(2001) - 1000);
                case 4 -> random.nextInt(10) == 0 ? random.nextLong() : v;
                case 5 -> i == 0 ? 0 : v + (random.nextInt(8) == 0 ? 600_000L * random.nextInt(30) : 600_000L);
                case 6 -> random.nextInt(3) - 1;
                case 7 -> v + Long.MIN_VALUE;
                default -> random.nextLong() >>> random.nextInt(64);
            };
            x[i] = v;
        }
        return x;
    }
}
