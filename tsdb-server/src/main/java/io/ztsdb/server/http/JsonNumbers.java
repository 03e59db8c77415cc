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
 * Whole numbers below {@code 10^15} skip the scaling (their shortest decimal is their own digits). Values with 16
 * or 17 significant digits, zero, and magnitudes outside that range go to {@link Double#toString}.
 */
final class JsonNumbers {
    /** Most bytes {@link #putLong} or {@link #putDouble} writes. */
    static final int MAX_NUMBER_LENGTH = 32;
    /** 10^8: {@link #put8Digits} writes the remainder of a division by it. */
    static final long EIGHT_DIGITS = 100_000_000L;

    private static final int MAX_FAST_DIGITS = 15;
    private static final double MIN_PLAIN = 1e-3;
    private static final double MIN_SCIENTIFIC = 1e7;
    private static final double MAX_FAST = 1e15;
    private static final double[] POWERS_OF_TEN = new double[MAX_FAST_DIGITS + 1];
    private static final long[] LONG_POWERS_OF_TEN = new long[19];
    private static final long SIGNIFICAND_MASK = (1L << 56) - 1;
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
            return putPositive(dst, at, value);
        }
        if (value == Long.MIN_VALUE) {
            System.arraycopy(MIN_LONG, 0, dst, at, MIN_LONG.length);
            return at + MIN_LONG.length;
        }
        dst[at] = '-';
        return putPositive(dst, at + 1, -value);
    }

    /**
     * Writes {@code value} as {@link Double#toString} would (NaN and infinities included, unquoted).
     *
     * @return the position after the last byte written.
     */
    static int putDouble(final byte[] dst, final int at, final double value) {
        final double magnitude = Math.abs(value);
        if (magnitude >= 1 && magnitude < MAX_FAST && (long) magnitude == magnitude) {
            int position = at;
            if (value < 0) {
                dst[position++] = '-';
            }
            return putIntegral(dst, position, (long) magnitude);
        }
        if (magnitude >= MIN_PLAIN && magnitude < MAX_FAST) {
            final int integerDigits = magnitude < 1 ? 0 : digitCount((long) magnitude);
            final int scale = MAX_FAST_DIGITS - integerDigits;
            final double scaled = Math.rint(magnitude * POWERS_OF_TEN[scale]);
            if (scaled / POWERS_OF_TEN[scale] == magnitude) {
                int position = at;
                if (value < 0) {
                    dst[position++] = '-';
                }
                return magnitude < MIN_SCIENTIFIC
                    ? putPlain(dst, position, magnitude, (long) scaled, scale)
                    : putScientific(dst, position, (long) scaled, integerDigits);
            }
        }
        final String text = Double.toString(value);
        final int length = text.length();
        for (int i = 0; i < length; i++) {
            dst[at + i] = (byte) text.charAt(i);
        }
        return at + length;
    }

    /** A whole number below 10^15: {@code I.0} below 10^7, else {@code D.DDDE<exponent>}. */
    private static int putIntegral(final byte[] dst, final int at, final long integer) {
        final int length = digitCount(integer);
        if (integer < MIN_SCIENTIFIC) {
            putDigits(dst, at, integer, length);
            dst[at + length] = '.';
            dst[at + length + 1] = '0';
            return at + length + 2;
        }
        final long zeros = trailingZeros(integer);
        final int significandDigits = length - (int) (zeros >>> 56);
        putDigits(dst, at + 1, zeros & SIGNIFICAND_MASK, significandDigits);
        dst[at] = dst[at + 1];
        dst[at + 1] = '.';
        int position = at + 1 + significandDigits;
        if (significandDigits == 1) {
            dst[position++] = '0';
        }
        dst[position++] = 'E';
        return putPositive(dst, position, length - 1);
    }

    /** {@code digits / 10^scale} as {@code I.F}, the fraction without trailing zeros but at least one digit. */
    private static int putPlain(final byte[] dst, final int at, final double magnitude, final long digits,
        final int scale) {
        final long zeros = trailingZeros(digits);
        final int fractionDigits = scale - (int) (zeros >>> 56);
        if (fractionDigits <= 0) {
            final int position = putPositive(dst, at, (long) magnitude);
            dst[position] = '.';
            dst[position + 1] = '0';
            return position + 2;
        }
        final long significand = zeros & SIGNIFICAND_MASK;
        if (scale == MAX_FAST_DIGITS) {
            dst[at] = '0';
            dst[at + 1] = '.';
            putDigits(dst, at + 2, significand, fractionDigits);
            return at + 2 + fractionDigits;
        }
        final int integerDigits = MAX_FAST_DIGITS - scale;
        putDigits(dst, at + 1, significand, integerDigits + fractionDigits);
        for (int i = 0; i < integerDigits; i++) {
            dst[at + i] = dst[at + i + 1];
        }
        dst[at + integerDigits] = '.';
        return at + 1 + integerDigits + fractionDigits;
    }

    /** The 15 digits of {@code digits} as {@code D.DDDE<exponent>}, trailing zeros dropped. */
    private static int putScientific(final byte[] dst, final int at, final long digits, final int integerDigits) {
        final long zeros = trailingZeros(digits);
        final int length = MAX_FAST_DIGITS - (int) (zeros >>> 56);
        putDigits(dst, at + 1, zeros & SIGNIFICAND_MASK, length);
        dst[at] = dst[at + 1];
        dst[at + 1] = '.';
        int position = at + 1 + length;
        if (length == 1) {
            dst[position++] = '0';
        }
        dst[position++] = 'E';
        return putPositive(dst, position, integerDigits - 1);
    }

    /**
     * @return a non-zero value below 2^56 without its trailing decimal zeros in the low 56 bits, the number of
     *     zeros dropped (at most 15) in the top 8 bits.
     */
    private static long trailingZeros(final long value) {
        long rest = value;
        long zeros = 0;
        if (rest % EIGHT_DIGITS == 0) {
            rest /= EIGHT_DIGITS;
            zeros = 8;
        }
        if (rest % 10_000 == 0) {
            rest /= 10_000;
            zeros += 4;
        }
        if (rest % 100 == 0) {
            rest /= 100;
            zeros += 2;
        }
        if (rest % 10 == 0) {
            rest /= 10;
            zeros += 1;
        }
        return zeros << 56 | rest;
    }

    /** Writes a non-negative value with its digits, as {@link Long#toString}. */
    private static int putPositive(final byte[] dst, final int at, final long value) {
        final int length = digitCount(value);
        putDigits(dst, at, value, length);
        return at + length;
    }

    /** Writes a non-negative value as exactly {@code length} digits (leading zeros when it has fewer). */
    private static void putDigits(final byte[] dst, final int at, final long value, final int length) {
        long rest = value;
        int position = at + length;
        while (position - at > 8) {
            final long quotient = rest / EIGHT_DIGITS;
            put8Digits(dst, position - 8, (int) (rest - quotient * EIGHT_DIGITS));
            rest = quotient;
            position -= 8;
        }
        putDigitsInt(dst, at, (int) rest, position - at);
    }

    /** Writes a value below 10^8 as exactly 8 digits, its two halves independently. */
    static void put8Digits(final byte[] dst, final int at, final int value) {
        final int high = value / 10_000;
        final int low = value - high * 10_000;
        final int highPair = high / 100;
        final int lowPair = low / 100;
        final int a = highPair << 1;
        final int b = (high - highPair * 100) << 1;
        final int c = lowPair << 1;
        final int d = (low - lowPair * 100) << 1;
        dst[at] = DIGIT_PAIRS[a];
        dst[at + 1] = DIGIT_PAIRS[a + 1];
        dst[at + 2] = DIGIT_PAIRS[b];
        dst[at + 3] = DIGIT_PAIRS[b + 1];
        dst[at + 4] = DIGIT_PAIRS[c];
        dst[at + 5] = DIGIT_PAIRS[c + 1];
        dst[at + 6] = DIGIT_PAIRS[d];
        dst[at + 7] = DIGIT_PAIRS[d + 1];
    }

    /** Writes a non-negative int as exactly {@code length} digits (leading zeros when it has fewer). */
    private static void putDigitsInt(final byte[] dst, final int at, final int value, final int length) {
        int rest = value;
        int position = at + length;
        while (position - at >= 2) {
            final int quotient = rest / 100;
            final int pair = (rest - quotient * 100) << 1;
            rest = quotient;
            dst[--position] = DIGIT_PAIRS[pair + 1];
            dst[--position] = DIGIT_PAIRS[pair];
        }
        if (position > at) {
            dst[--position] = (byte) ('0' + rest);
        }
    }

    /** @return the number of decimal digits of a non-negative value (1 for 0). */
    static int digitCount(final long value) {
        // log10 from the bit length (1233 / 4096 ~ log10(2)), corrected by one comparison
        final int estimate = (64 - Long.numberOfLeadingZeros(value | 1)) * 1233 >>> 12;
        return estimate + 1 - ((value | 1) < LONG_POWERS_OF_TEN[estimate] ? 1 : 0);
    }
}
