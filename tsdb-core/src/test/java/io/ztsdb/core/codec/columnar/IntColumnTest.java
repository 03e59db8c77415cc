// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.codec.columnar;

import io.ztsdb.core.codec.ChunkFormatException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The integer column and its bit packing on their own: every width, extreme longs, wrap-around differences,
 * common divisors, patched miniblocks, and (version 2) Rice and sparse miniblocks.
 */
class IntColumnTest {
    private final IntColumnEncoder encoder = new IntColumnEncoder(true);
    private final IntColumnEncoder encoderV1 = new IntColumnEncoder(false);
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
        for (int run = 0; run < 4000; run++) {
            final int n = 1 + random.nextInt(run % 50 == 0 ? 5000 : 300);
            final long[] x = column(random, random.nextInt(SHAPES), n);
            final int v2 = roundTrip(encoder, true, x, n, "run=" + run);
            final int v1 = roundTrip(encoderV1, false, x, n, "v1 run=" + run);
            assertThat(v2).as("run=" + run + ": version 2 is never longer").isLessThanOrEqualTo(v1);
        }
    }

    @Test
    void shouldRiceCodeNoiseAndSparselyCodeBurstsAmongZeros() {
        final SplittableRandom random = new SplittableRandom(14);
        final long[] noise = new long[640];
        final long[] bursts = new long[640];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = Math.round(random.nextGaussian() * 20_000);
            bursts[i] = random.nextInt(2) == 0 ? 0 : 4096L * (1 + random.nextInt(1000));
        }
        for (final long[] x : new long[][] {noise, bursts}) {
            final int v2 = roundTrip(encoder, true, x, x.length, "version 2");
            final int v1 = roundTrip(encoderV1, false, x, x.length, "version 1");
            assertThat(v2).isLessThan(v1);
        }
        final ByteSink sink = new ByteSink(16);
        encoder.encode(noise, noise.length, sink);
        assertThat(headers(sink)).as("Rice headers").anyMatch(h -> h >= 0x41 && h <= 0x79);
        sink.reset();
        encoder.encode(bursts, bursts.length, sink);
        assertThat(headers(sink)).as("sparse headers").contains(0x7F);
    }

    @Test
    void shouldRejectRiceAndSparseMiniblocksInVersion1() {
        final long[] x = new long[64];
        for (int i = 0; i < 64; i += 2) {
            x[i] = 4096L * (1 + i);
        }
        final ByteSink sink = new ByteSink(16);
        encoder.encode(x, 64, sink);
        final ByteSource source = new ByteSource();
        System.arraycopy(sink.array(), 0, source.prepare(sink.length()), 0, sink.length());
        decoder.extended(false);
        assertThatThrownBy(() -> decoder.decode(source, 64, new long[64], 0))
            .isInstanceOf(ChunkFormatException.class).hasMessageContaining("width above 64");
    }

    /** Header bytes of a LEVEL column of one miniblock. */
    private static List<Integer> headers(final ByteSink sink) {
        final List<Integer> headers = new ArrayList<>();
        for (int i = 0; i < sink.length(); i++) {
            headers.add(sink.array()[i] & 0xFF);
        }
        return headers;
    }

    private int roundTrip(final IntColumnEncoder columns, final boolean version2, final long[] x, final int n,
        final String what) {
        final ByteSink sink = new ByteSink(16);
        final int cost = columns.cost(x, n);
        final int written = columns.encode(x, n, sink);
        assertThat(written).as(what).isEqualTo(cost);
        final ByteSource source = new ByteSource();
        System.arraycopy(sink.array(), 0, source.prepare(sink.length()), 0, sink.length());
        final long[] decoded = new long[n];
        decoder.extended(version2);
        decoder.decode(source, n, decoded, 0);
        assertThat(source.remaining()).isZero();
        for (int i = 0; i < n; i++) {
            assertThat(decoded[i]).as(what + " i=" + i).isEqualTo(x[i]);
        }
        return written;
    }

    @Test
    void shouldPatchAFewLargeValuesInsteadOfWideningTheMiniblock() {
        final long[] x = new long[64];
        for (int i = 0; i < 64; i++) {
            x[i] = i % 2;
        }
        x[17] = 1L << 40;
        final ByteSink sink = new ByteSink(16);
        encoderV1.encode(x, 64, sink);
        // kind, base, gcd, flag, header, exception count, high width, position, 5 bytes of high bits, 8 bytes of lows
        assertThat(sink.length()).isEqualTo(1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 5 + 8);
    }

    @Test
    void shouldComputeGcdAndExactDivision() {
        assertThat(ExactDivision.gcd(0, 12)).isEqualTo(12);
        assertThat(ExactDivision.gcd(4096 * 3, 4096 * 5)).isEqualTo(4096);
        assertThat(ExactDivision.gcd(Long.MIN_VALUE, Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
        assertThat(ExactDivision.gcd(-1L, 3)).isEqualTo(3);
        final SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < 10_000; i++) {
            final long odd = random.nextLong() | 1;
            assertThat(odd * ExactDivision.oddInverse(odd)).isEqualTo(1L);
        }
    }

    private static final int SHAPES = 13;

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
                case 8 -> v + Math.round(random.nextGaussian() * (1L << random.nextInt(40)));
                case 9 -> random.nextInt(3) == 0 ? 0 : 4096L * random.nextInt(1 + random.nextInt(5000));
                case 10 -> random.nextInt(30) == 0 ? random.nextLong() >>> random.nextInt(64) : 0;
                case 11 -> random.nextInt(4) == 0 ? random.nextLong() : Math.round(random.nextGaussian() * 1000);
                default -> random.nextLong() >>> random.nextInt(64);
            };
            x[i] = v;
        }
        return x;
    }
}
