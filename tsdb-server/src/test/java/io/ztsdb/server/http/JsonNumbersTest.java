// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class JsonNumbersTest {
    private static final int RANDOM_CASES = 300_000;

    private final byte[] buffer = new byte[JsonNumbers.MAX_NUMBER_LENGTH + 8];
    private final UnsafeBuffer target = new UnsafeBuffer(buffer);

    private String formatDouble(final double value) {
        buffer[0] = 'x';
        final int end = JsonNumbers.putDouble(target, 1, value);
        assertThat(buffer[0]).isEqualTo((byte) 'x');
        return new String(buffer, 1, end - 1, StandardCharsets.US_ASCII);
    }

    private String formatLong(final long value) {
        return new String(buffer, 0, JsonNumbers.putLong(target, 0, value), StandardCharsets.US_ASCII);
    }

    private void assertSameAsJdk(final double value) {
        assertThat(formatDouble(value)).as("bits %x", Double.doubleToRawLongBits(value))
            .isEqualTo(Double.toString(value));
        assertThat(formatDouble(-value)).isEqualTo(Double.toString(-value));
    }

    @Test
    void shouldFormatLongsLikeLongToString() {
        final long[] values = {0, 1, 9, 10, 99, 100, 101, 1795844630734L, Long.MAX_VALUE, Long.MIN_VALUE,
            Long.MIN_VALUE + 1, -1, -10, -1795844630734L, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L};
        for (final long value : values) {
            assertThat(formatLong(value)).isEqualTo(Long.toString(value));
        }
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < RANDOM_CASES; i++) {
            final long value = random.nextLong() >> random.nextInt(64);
            assertThat(formatLong(value)).isEqualTo(Long.toString(value));
        }
    }

    @Test
    void shouldFormatEveryValueBelowTenToTheEightAsEightDigits() {
        final byte[] digits = new byte[8];
        for (int value = 0; value < 100_000_000; value++) {
            final long packed = JsonNumbers.eightDigits(value);
            int rest = value;
            for (int i = 7; i >= 0; i--) {
                digits[i] = (byte) ('0' + rest % 10);
                rest /= 10;
            }
            for (int i = 0; i < 8; i++) {
                if ((byte) (packed >>> (8 * i)) != digits[i]) {
                    assertThat(new String(digits, StandardCharsets.US_ASCII))
                        .as("digit %d of %d: packed %x", i, value, packed).isEqualTo("mismatch");
                }
            }
        }
    }

    @Test
    void shouldFormatSpecialAndBoundaryDoublesLikeDoubleToString() {
        final double[] values = {0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE,
            Double.MIN_NORMAL, 1e-3, Math.nextDown(1e-3), Math.nextUp(1e-3), 1e7, Math.nextDown(1e7), Math.nextUp(1e7),
            1e15, Math.nextDown(1e15), 1e14, 0.1, 0.2, 0.3, 0.1 + 0.2, 1.0, 2.0, 100.0, 1.5, 250507264.0,
            8.672854748E9, 2.0E8, 1.0E10, 123456789012345.0, 12345678901234.5, 0.123456789012345,
            0.001234567890123, 9.999999999999999e14, 999999.9999999999, 1234567.0, 9999999.0, 4.35, 2.675,
            1.0E23, 9007199254740992.0, 38.08172244, 36.8853177, 0.001, 0.0010000000000001, 1.0000001, 1234567.5,
            9999999.999999998, 1.0000000001E7, 12345678.9, 99999999999999.9, 1.5E14, 0.999999999999999,
            4503599627370496.5, 5e-324, 0.5, 0.25, 1.0 / 3, 2.0 / 3, Math.PI, Math.E};
        for (final double value : values) {
            assertSameAsJdk(value);
        }
        assertThat(formatDouble(-0.0)).isEqualTo("-0.0");
    }

    @Test
    void shouldFormatRandomDoublesLikeDoubleToString() {
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < RANDOM_CASES; i++) {
            assertSameAsJdk(Double.longBitsToDouble(random.nextLong()));
            // decimals of 1 to 17 significant digits over the whole fast range and beyond
            final long digits = random.nextLong(1, 100_000_000_000_000_000L) / pow10(random.nextInt(17));
            final double scale = Math.pow(10, random.nextInt(-6, 18));
            assertSameAsJdk(digits * scale);
            assertSameAsJdk(digits / scale);
            assertSameAsJdk(random.nextDouble() * scale);
            assertSameAsJdk(Math.nextUp(digits / scale));
            assertSameAsJdk((double) random.nextLong(1L << 53));
        }
    }

    private static long pow10(final int exponent) {
        long power = 1;
        for (int i = 0; i < exponent; i++) {
            power *= 10;
        }
        return power;
    }
}
