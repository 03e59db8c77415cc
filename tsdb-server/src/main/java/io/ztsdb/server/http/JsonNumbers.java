// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import java.nio.charset.StandardCharsets;

/**
 * Formats longs and doubles as ASCII straight into a byte array, with exactly the text of {@link Long#toString}
 * and {@link Double#toString} (what Jackson's generator writes), without a {@code String} per number.
 * <p>
 * <b>Design note:</b> {@link Double#toString} (JDK 19+) prints the shortest decimal that rounds to the double
 * (Giulietti's Schubfach). For {@code 1e-3 <= |v| < 1e15} with at most 15 significant digits this class finds
 * the same decimal by scaling: with {@code K = 15 - (digits of the integer part)}, the scaled value
 * {@code v * 10^K} is below {@code 10^15}, one ulp of {@code v} scaled is at most {@code 2^-52 * 10^15 = 0.22},
 * so at most one integer {@code m} has {@code m / 10^K} rounding to {@code v}, and {@code rint(v * 10^K)} finds
 * it (the product's rounding error is at most 0.0625). The check {@code m / 10^K == v} (both operands exact, the
 * quotient correctly rounded) proves that the decimal rounds to {@code v}; dropping its trailing zeros gives the
 * shortest such decimal, because any shorter one, padded to K digits, would be that same unique {@code m}.
 * Values with 16 or 17 significant digits, zero, and magnitudes outside that range go to {@link Double#toString}.
 */
final class JsonNumbers {
    /** Most bytes {@link #putLong} or {@link #putDouble} writes. */
    static final int MAX_NUMBER_LENGTH = 32;

    private static final int MAX_FAST_DIGITS = 15;
    private static final double MIN_PLAIN = 1e-3;
    private static final double MIN_SCIENTIFIC = 1e7;
    private static final double MAX_FAST = 1e15;
    private static final double[] POWERS_OF_TEN = new double[MAX_FAST_DIGITS + 1];
    private static final long[] LONG_POWERS_OF_TEN = new long[19];
    private static final byte[] DIGIT_PAIRS = new byte[200];
    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

    static {
        double power = 1;
        for (int i = 0; i <= MAX_FAST_DIGITS; i++) {
            POWERS_OF_TEN[i] = power;
            power *= 10;
        }
        long longPower = 1;
        for (int i = 0; i < LONG_POWERS_OF_TEN.length; i++) {
            LONG_POWERS_OF_TEN[i] = longPower;
            longPower *= 10;
        }
        for (int i = 0; i < 100; i++) {
            DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
            DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private JsonNumbers() {
    }

    /**
     * Writes {@code value} as {@link Long#toString} would.
     *
     * @return the position after the last byte written.
     */
    static int putLong(final byte[] dst, final int at, final long value) {
        if (value >= 0) {
            return putPositive(dst, at, value, digitCount(value));
        }
        if (value == Long.MIN_VALUE) {
            System.arraycopy(MIN_LONG, 0, dst, at, MIN_LONG.length);
            return at + MIN_LONG.length;
        }
        dst[at] = '-';
        return putPositive(dst, at + 1, -value, digitCount(-value));
    }

    /**
     * Writes {@code value} as {@link Double#toString} would (NaN and infinities included, unquoted).
     *
     * @return the position after the last byte written.
     */
    static int putDouble(final byte[] dst, final int at, final double value) {
        final double magnitude = Math.abs(value);
        if (magnitude >= MIN_PLAIN && magnitude < MAX_FAST) {
            final int integerDigits = magnitude < 1 ? 0 : digitCount((long) magnitude);
            final int scale = MAX_FAST_DIGITS - integerDigits;
            final double scaled = Math.rint(magnitude * POWERS_OF_TEN[scale]);
            if (scaled / POWERS_OF_TEN[scale] == magnitude) {
                int position = at;
                if (value < 0) {
                    dst[position++] = '-';
                }
                final long digits = (long) scaled;
                return magnitude < MIN_SCIENTIFIC
                    ? putPlain(dst, position, digits, scale)
                    : putScientific(dst, position, digits, integerDigits);
            }
        }
        final String text = Double.toString(value);
        final int length = text.length();
        for (int i = 0; i < length; i++) {
            dst[at + i] = (byte) text.charAt(i);
        }
        return at + length;
    }

    /** {@code digits / 10^scale} as {@code I.F}: integer part, then the fraction without trailing zeros (>= 1). */
    private static int putPlain(final byte[] dst, final int at, final long digits, final int scale) {
        final long power = LONG_POWERS_OF_TEN[scale];
        final long integer = digits / power;
        long fraction = digits - integer * power;
        int position = putPositive(dst, at, integer, digitCount(integer));
        dst[position++] = '.';
        if (fraction == 0) {
            dst[position++] = '0';
            return position;
        }
        int fractionDigits = scale;
        while (fraction % 10 == 0) {
            fraction /= 10;
            fractionDigits--;
        }
        return putPositive(dst, position, fraction, fractionDigits);
    }

    /** The 15 digits of {@code digits} as {@code D.DDDE<exponent>}, trailing zeros dropped (at least {@code D.0}). */
    private static int putScientific(final byte[] dst, final int at, final long digits, final int integerDigits) {
        long significand = digits;
        int significandDigits = MAX_FAST_DIGITS;
        while (significand % 10 == 0) {
            significand /= 10;
            significandDigits--;
        }
        int position = putPositive(dst, at + 1, significand, significandDigits);
        dst[at] = dst[at + 1];
        dst[at + 1] = '.';
        if (significandDigits == 1) {
            dst[position++] = '0';
        }
        dst[position++] = 'E';
        return putPositive(dst, position, integerDigits - 1, digitCount(integerDigits - 1));
    }

    /** Writes a non-negative value as exactly {@code length} digits (leading zeros when it has fewer). */
    private static int putPositive(final byte[] dst, final int at, final long value, final int length) {
        long rest = value;
        int position = at + length;
        while (rest >= 100) {
            final int pair = (int) (rest % 100) << 1;
            rest /= 100;
            dst[--position] = DIGIT_PAIRS[pair + 1];
            dst[--position] = DIGIT_PAIRS[pair];
        }
        final int last = (int) rest << 1;
        dst[--position] = DIGIT_PAIRS[last + 1];
        if (position > at) {
            dst[--position] = DIGIT_PAIRS[last];
        }
        while (position > at) {
            dst[--position] = '0';
        }
        return at + length;
    }

    /** @return the number of decimal digits of a non-negative value (1 for 0). */
    private static int digitCount(final long value) {
        int count = 1;
        while (count < LONG_POWERS_OF_TEN.length && value >= LONG_POWERS_OF_TEN[count]) {
            count++;
        }
        return count;
    }
}
