// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.codec.columnar;

import io.ztsdb.core.codec.ChunkDescriptor;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Lossless round trips of the columnar chunk over adversarial series of every length class (one value, under and
 * over a miniblock, a 2-hour partition, the largest chunk), with fixed seeds printed on failure. Every series is
 * encoded in both layout versions: version 2 (Rice and sparse miniblocks) is never longer than version 1, and
 * version 1 chunks stay readable.
 */
class ColumnarRoundTripTest {
    private static final int[] LENGTHS = {1, 2, 3, 5, 63, 64, 65, 127, 129, 720, 8640, 65_535};
    private static final long[] SEEDS = {1, 42, 0x5EED_C0DEL};

    private final ColumnarChunkEncoder encoder = new ColumnarChunkEncoder();
    private final ColumnarChunkEncoder encoderV1 = new ColumnarChunkEncoder(1);
    private final ColumnarChunkDecoder decoder = new ColumnarChunkDecoder();

    @Test
    void shouldRoundTripEveryShapeLengthAndSeedBitExact() {
        for (final String name : AdversarialSeries.NAMES) {
            for (final int length : LENGTHS) {
                for (final long seed : SEEDS) {
                    final AdversarialSeries series = AdversarialSeries.generate(name, length, seed);
                    assertRoundTrip(series.timestamps, series.values, name + " length=" + length + " seed=" + seed);
                }
            }
        }
    }

    @Test
    void shouldRoundTripRandomMixturesOfShapes() {
        final SplittableRandom random = new SplittableRandom(20_261_206L);
        for (int run = 0; run < 300; run++) {
            final long seed = random.nextLong();
            final int length = 1 + random.nextInt(run % 10 == 0 ? 65_535 : 2000);
            final AdversarialSeries series = AdversarialSeries.generate("mixture", length, seed);
            assertRoundTrip(series.timestamps, series.values, "mixture length=" + length + " seed=" + seed);
        }
    }

    @Test
    void shouldRoundTripEveryDoubleBitPatternClass() {
        final long[] patterns = {
            0L, 0x8000_0000_0000_0000L, 1L, 0x000F_FFFF_FFFF_FFFFL, 0x0010_0000_0000_0000L, 0x7FEF_FFFF_FFFF_FFFFL,
            0x7FF0_0000_0000_0000L, 0xFFF0_0000_0000_0000L, 0x7FF0_0000_0000_0001L, 0x7FF8_0000_0000_0000L,
            0xFFFF_FFFF_FFFF_FFFFL, 0x7FFF_FFFF_FFFF_FFFFL, Double.doubleToRawLongBits(0.1),
            Double.doubleToRawLongBits(-123.456), Double.doubleToRawLongBits(1e22), Double.doubleToRawLongBits(1e23),
            Double.doubleToRawLongBits(9_007_199_254_740_993.0), Double.doubleToRawLongBits(4.9e-324)
        };
        final SplittableRandom random = new SplittableRandom(7);
        for (int run = 0; run < 2000; run++) {
            final int length = 1 + random.nextInt(200);
            final long[] timestamps = new long[length];
            final double[] values = new double[length];
            for (int i = 0; i < length; i++) {
                timestamps[i] = i == 0 ? random.nextLong() : timestamps[i - 1] + random.nextInt(3);
                final long bits = patterns[random.nextInt(patterns.length)];
                values[i] = Double.longBitsToDouble(random.nextInt(4) == 0 ? bits ^ (1L << random.nextInt(64)) : bits);
            }
            assertRoundTrip(timestamps, values, "patterns run=" + run);
        }
    }

    @Test
    void shouldEncodeAnEmptyChunkAsItsHeader() {
        final int length = encoder.encode(new long[0], new double[0], 0, 0);
        assertThat(encoder.toByteArray()).containsExactly(0x02, 0x02, 0x00, 0x00);
        assertThat(decoder.decode(encoder.toByteArray(), 0, length, new long[0], new double[0], 0)).isZero();
    }

    @Test
    void shouldDecodeIntoArraysAtAnOffsetAndFromASegment() {
        final AdversarialSeries series = AdversarialSeries.generate("decimalWalk", 300, 3);
        final int length = encoder.encode(series.timestamps, series.values, 100, 250);
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment segment = arena.allocate(length + 13);
            encoder.copyTo(segment, 13);
            final long[] timestamps = new long[160];
            final double[] values = new double[160];
            assertThat(decoder.decode(segment, 13, length, timestamps, values, 10)).isEqualTo(150);
            assertThat(ColumnarChunkDecoder.sampleCount(segment, 13, length)).isEqualTo(150);
            for (int i = 0; i < 150; i++) {
                assertThat(timestamps[10 + i]).isEqualTo(series.timestamps[100 + i]);
                assertThat(Double.doubleToRawLongBits(values[10 + i]))
                    .isEqualTo(Double.doubleToRawLongBits(series.values[100 + i]));
            }
            assertThatThrownBy(() -> decoder.decode(segment, 13, length, new long[149], new double[149], 0))
                .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void shouldRejectMoreSamplesThanTheHeaderHolds() {
        assertThatThrownBy(() -> encoder.encode(new long[65_536], new double[65_536], 0, 65_536))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldStoreRegularTimestampsAndConstantValuesInAFewBytes() {
        final AdversarialSeries series = AdversarialSeries.generate("constant", 8640, 1);
        for (int i = 0; i < 8640; i++) {
            series.timestamps[i] = 1_704_067_200_000L + 10_000L * i;
        }
        assertThat(encoder.encode(series.timestamps, series.values, 0, 8640)).isLessThanOrEqualTo(30);
    }

    private void assertRoundTrip(final long[] timestamps, final double[] values, final String label) {
        final int length = assertRoundTrip(encoder, timestamps, values, label);
        final int lengthV1 = assertRoundTrip(encoderV1, timestamps, values, label + " version 1");
        assertThat(length).as(label).isLessThanOrEqualTo(lengthV1);
    }

    private int assertRoundTrip(final ColumnarChunkEncoder chunks, final long[] timestamps, final double[] values,
        final String label) {
        final int count = timestamps.length;
        final int length = chunks.encode(timestamps, values, 0, count);
        assertThat(length).as(label).isLessThanOrEqualTo(ColumnarChunkEncoder.maxEncodedLength(count));
        final byte[] chunk = chunks.toByteArray();
        assertThat(chunk[ChunkDescriptor.ENCODING_OFFSET]).isEqualTo(ColumnarChunkDescriptor.ENCODING_COLUMNAR);
        final long[] decodedTimestamps = new long[count];
        final double[] decodedValues = new double[count];
        assertThat(decoder.decode(chunk, 0, length, decodedTimestamps, decodedValues, 0)).as(label).isEqualTo(count);
        for (int i = 0; i < count; i++) {
            if (decodedTimestamps[i] != timestamps[i] ||
                Double.doubleToRawLongBits(decodedValues[i]) != Double.doubleToRawLongBits(values[i])) {
                throw new AssertionError(label + ": sample " + i + " decoded as (" + decodedTimestamps[i] + ", " +
                    Long.toHexString(Double.doubleToRawLongBits(decodedValues[i])) + ") instead of (" +
                    timestamps[i] + ", " + Long.toHexString(Double.doubleToRawLongBits(values[i])) + ")");
            }
        }
        return length;
    }
}
