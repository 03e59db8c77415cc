// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Formats longs and doubles as ASCII straight into a buffer (heap or off-heap), with exactly the text of
 * {@link Long#toString} and {@link Double#toString} (what Jackson's generator writes), without a {@code String} per
 * number. Digits are computed eight at a time in the bytes of a long ({@link #eightDigits}) and stored with one
 * write; callers leave {@link #MAX_NUMBER_LENGTH} bytes of room, as a store may reach past the number's end.
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
    private static final byte[] DIGIT_PAIRS = new byte[200];
    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);
    private static final long ASCII_ZEROS = 0x30303030_30303030L;

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
    static int putLong(final UnsafeBuffer dst, final int at, final long value) {
        if (value >= 0) {
            return putPositive(dst, at, value);
        }
        if (value == Long.MIN_VALUE) {
            dst.putBytes(at, MIN_LONG);
            return at + MIN_LONG.length;
        }
        dst.putByte(at, (byte) '-');
        return putPositive(dst, at + 1, -value);
    }

    /**
     * Writes {@code value} as {@link Double#toString} would (NaN and infinities included, unquoted). Writes up to
     * {@link #MAX_NUMBER_LENGTH} bytes from {@code at}, possibly past the returned position.
     *
     * @return the position after the last byte of the number.
     */
    static int putDouble(final UnsafeBuffer dst, final int at, final double value) {
        final double magnitude = Math.abs(value);
        if (magnitude >= 1 && magnitude < MAX_FAST && (long) magnitude == magnitude) {
            int position = at;
            if (value < 0) {
                dst.putByte(position++, (byte) '-');
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
                    dst.putByte(position++, (byte) '-');
                }
                if (magnitude >= MIN_SCIENTIFIC) {
                    return putExponent(dst, putFifteenDigits(dst, position, (long) scaled, 1), integerDigits - 1);
                }
                if (integerDigits == 0) {
                    dst.putByte(position++, (byte) '0');
                }
                return putFifteenDigits(dst, position, (long) scaled, integerDigits);
            }
        }
        final String text = Double.toString(value);
        final int length = text.length();
        for (int i = 0; i < length; i++) {
            dst.putByte(at + i, (byte) text.charAt(i));
        }
        return at + length;
    }

    /** A whole number below 10^15: {@code I.0} below 10^7, else {@code D.DDDE<exponent>}. */
    private static int putIntegral(final UnsafeBuffer dst, final int at, final long integer) {
        final int length = digitCount(integer);
        if (integer < MIN_SCIENTIFIC) {
            putDigits(dst, at, integer, length);
            dst.putByte(at + length, (byte) '.');
            dst.putByte(at + length + 1, (byte) '0');
            return at + length + 2;
        }
        final long significand = integer * LONG_POWERS_OF_TEN[MAX_FAST_DIGITS - length];
        return putExponent(dst, putFifteenDigits(dst, at, significand, 1), length - 1);
    }

    private static int putExponent(final UnsafeBuffer dst, final int at, final int exponent) {
        dst.putByte(at, (byte) 'E');
        return putPositive(dst, at + 1, exponent);
    }

    /**
     * Writes the 15 digits of {@code digits} (below 10^15, zero-padded on the left) with a '.' after the first
     * {@code integerDigits} (0 to 7) and the trailing zeros of the fraction dropped, but at least one fraction
     * digit kept. Always stores 16 bytes.
     * <p>
     * Both halves of the digits are formatted at once into the bytes of two longs ({@link #eightDigits}); the '.'
     * goes in by masking and shifting, the trailing zeros are counted as zero bytes after an XOR with '0's.
     *
     * @return the position after the last byte kept.
     */
    private static int putFifteenDigits(final UnsafeBuffer dst, final int at, final long digits,
        final int integerDigits) {
        final long high = digits / EIGHT_DIGITS;
        final long highDigits = eightDigits((int) high); // its first byte is the padding '0': high < 10^7
        final long lowDigits = eightDigits((int) (digits - high * EIGHT_DIGITS));
        final long first = highDigits >>> 8 | lowDigits << 56;
        final long last = lowDigits >>> 8;
        final int dotShift = integerDigits << 3;
        final long integerMask = (1L << dotShift) - 1;
        final long head = first & integerMask | (long) '.' << dotShift | (first & ~integerMask) << 8;
        final long tail = first >>> 56 | last << 8;
        final long tailZeros = tail ^ ASCII_ZEROS;
        final int trailingZeros = tailZeros != 0
            ? Long.numberOfLeadingZeros(tailZeros) >>> 3
            : 8 + (Long.numberOfLeadingZeros(head ^ ASCII_ZEROS) >>> 3);
        dst.putLong(at, head, ByteOrder.LITTLE_ENDIAN);
        dst.putLong(at + 8, tail, ByteOrder.LITTLE_ENDIAN);
        return at + 16 - Math.min(trailingZeros, MAX_FAST_DIGITS - 1 - integerDigits);
    }

    /** Writes a non-negative value with its digits, as {@link Long#toString}. */
    private static int putPositive(final UnsafeBuffer dst, final int at, final long value) {
        final int length = digitCount(value);
        putDigits(dst, at, value, length);
        return at + length;
    }

    /** Writes a non-negative value as exactly {@code length} digits (leading zeros when it has fewer). */
    private static void putDigits(final UnsafeBuffer dst, final int at, final long value, final int length) {
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

    /** Writes a value below 10^8 as exactly 8 digits. */
    static void put8Digits(final UnsafeBuffer dst, final int at, final int value) {
        dst.putLong(at, eightDigits(value), ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @return the 8 decimal digits of {@code value} (below 10^8, zero-padded) as ASCII in the bytes of a long,
     *     first digit in the lowest byte (stored little-endian, they read in order).
     */
    static long eightDigits(final int value) {
        // SWAR: split into two 4-digit halves in 32-bit lanes, each into two 2-digit pairs in 16-bit lanes, each
        // pair into two digits in bytes. x / 100 = x * 10486 >>> 20 for x < 10^4, x / 10 = x * 103 >>> 10 for
        // x < 100; no lane overflows into the next one (10^4 * 10486 < 2^27, 100 * 103 < 2^14).
        final long halves = value / 10_000 | (long) (value % 10_000) << 32;
        final long highPairs = (halves * 10486 >>> 20) & 0x0000007F_0000007FL;
        final long pairs = highPairs | (halves - highPairs * 100) << 16;
        final long tens = (pairs * 103 >>> 10) & 0x000F000F_000F000FL;
        return (tens | (pairs - tens * 10) << 8) + ASCII_ZEROS;
    }

    /** Writes a non-negative int as exactly {@code length} digits (leading zeros when it has fewer). */
    private static void putDigitsInt(final UnsafeBuffer dst, final int at, final int value, final int length) {
        int rest = value;
        int position = at + length;
        while (position - at >= 2) {
            final int quotient = rest / 100;
            final int pair = (rest - quotient * 100) << 1;
            rest = quotient;
            dst.putByte(--position, DIGIT_PAIRS[pair + 1]);
            dst.putByte(--position, DIGIT_PAIRS[pair]);
        }
        if (position > at) {
            dst.putByte(--position, (byte) ('0' + rest));
        }
    }

    /** @return the number of decimal digits of a non-negative value (1 for 0). */
    static int digitCount(final long value) {
        // log10 from the bit length (1233 / 4096 ~ log10(2)), corrected by one comparison
        final int estimate = (64 - Long.numberOfLeadingZeros(value | 1)) * 1233 >>> 12;
        return estimate + 1 - ((value | 1) < LONG_POWERS_OF_TEN[estimate] ? 1 : 0);
    }
}
