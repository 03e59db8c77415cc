// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.influx;

import java.nio.charset.StandardCharsets;

/**
 * Parses the numbers of the line protocol from bytes without making strings in the common case: integers, and
 * decimals whose digits fit in 2^53 with a power of ten up to 22, which one exact multiplication or division rounds
 * correctly (the classic fast path); other decimals go through {@link Double#parseDouble}. A failed parse sets
 * {@link #failed()}.
 */
final class NumberParser {
    private static final double[] POWERS_OF_TEN = new double[23];
    private static final long MAX_EXACT = 1L << 53;

    static {
        double p = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = p;
            p *= 10;
        }
    }

    private boolean failed;
    private double value;
    /** The power of ten {@link #readExponent} read. */
    private int exponent;

    /** @return true when the last parse failed. */
    boolean failed() {
        return failed;
    }

    /** @return the signed decimal integer in {@code [start, end)}; sets {@link #failed()} on junk or overflow. */
    long parseLong(final byte[] buf, final int start, final int end) {
        failed = true;
        int i = start;
        final boolean negative = i < end && buf[i] == '-';
        if (negative) {
            i++;
        }
        if (i == end) {
            return 0;
        }
        long value = 0;
        for (; i < end; i++) {
            final int digit = buf[i] - '0';
            if (digit < 0 || digit > 9) {
                return 0;
            }
            if (value < (Long.MIN_VALUE + digit) / 10) {
                return 0;
            }
            value = value * 10 - digit;
        }
        if (!negative && value == Long.MIN_VALUE) {
            return 0;
        }
        failed = false;
        return negative ? value : -value;
    }

    /** @return 1 or 0 for InfluxDB's spellings of true and false, -1 for anything else. */
    static int parseBoolean(final byte[] buf, final int start, final int end) {
        final int length = end - start;
        final byte first = buf[start];
        if (length == 1) {
            return first == 't' || first == 'T' ? 1 : first == 'f' || first == 'F' ? 0 : -1;
        }
        if (is(buf, start, end, "true") || is(buf, start, end, "True") || is(buf, start, end, "TRUE")) {
            return 1;
        }
        if (is(buf, start, end, "false") || is(buf, start, end, "False") || is(buf, start, end, "FALSE")) {
            return 0;
        }
        return -1;
    }

    private static boolean is(final byte[] buf, final int start, final int end, final String word) {
        if (end - start != word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (buf[start + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * @return the decimal in {@code [start, end)}: {@code [-]digits[.digits][(e|E)[+-]digits]} with at least one
     * digit before the exponent; sets {@link #failed()} otherwise (NaN and infinities included, as InfluxDB).
     */
    double parseDouble(final byte[] buf, final int start, final int end) {
        failed = true;
        int i = start;
        final boolean negative = i < end && buf[i] == '-';
        if (negative) {
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int scale = 0;
        boolean exact = true;
        for (; i < end && buf[i] >= '0' && buf[i] <= '9'; i++, digits++) {
            exact = accumulate(exact, mantissa, buf[i]);
            mantissa = exact ? mantissa * 10 + (buf[i] - '0') : mantissa;
        }
        if (i < end && buf[i] == '.') {
            for (i++; i < end && buf[i] >= '0' && buf[i] <= '9'; i++, digits++) {
                exact = accumulate(exact, mantissa, buf[i]);
                mantissa = exact ? mantissa * 10 + (buf[i] - '0') : mantissa;
                scale--;
            }
        }
        if (digits == 0) {
            return 0;
        }
        i = readExponent(buf, i, end);
        if (i < 0) {
            return 0;
        }
        if (i != end) {
            return 0;
        }
        failed = false;
        final int power = scale + exponent;
        if (exact && mantissa < MAX_EXACT && Math.abs(power) < POWERS_OF_TEN.length) {
            final double value = power >= 0 ? mantissa * POWERS_OF_TEN[power] : mantissa / POWERS_OF_TEN[-power];
            return negative ? -value : value;
        }
        final double value = Double.parseDouble(new String(buf, start, end - start, StandardCharsets.US_ASCII));
        if (Double.isInfinite(value)) {
            failed = true;
        }
        return value;
    }

    /**
     * Reads the plain field value at {@code from} in one pass, without first finding where it ends: an integer
     * {@code [-]digits i} of up to 18 digits, or a decimal {@code [-]digits[.digits][(e|E)[+-]digits]}; its value
     * (the same double as {@link #parseLong} or {@link #parseDouble} give for it) is then {@link #value()}.
     *
     * @return where the value ends (the byte after it), -1 when it is not one of these forms (a boolean, a string,
     *     an integer too long for the plain path, junk): the caller parses it the careful way.
     */
    int plainValue(final byte[] buf, final int from, final int limit) {
        int i = from;
        final boolean negative = i < limit && buf[i] == '-';
        if (negative) {
            i++;
        }
        final int integerStart = i;
        long mantissa = 0;
        for (int digit; i < limit && (digit = buf[i] - '0') >= 0 && digit <= 9; i++) {
            mantissa = mantissa * 10 + digit;
        }
        int digits = i - integerStart;
        if (i < limit && buf[i] == 'i') {
            if (digits == 0 || digits > 18) {
                return -1;
            }
            value = negative ? -mantissa : mantissa;
            return i + 1;
        }
        int scale = 0;
        if (i < limit && buf[i] == '.') {
            final int fractionStart = ++i;
            for (int digit; i < limit && (digit = buf[i] - '0') >= 0 && digit <= 9; i++) {
                mantissa = mantissa * 10 + digit;
            }
            scale = fractionStart - i;
            digits += i - fractionStart;
        }
        if (digits == 0) {
            return -1;
        }
        i = readExponent(buf, i, limit);
        if (i < 0) {
            return -1;
        }
        final int power = scale + exponent;
        // Up to 15 digits the mantissa is below 2^53 and parseDouble's exact path gives the same double.
        if (digits <= 15 && Math.abs(power) < POWERS_OF_TEN.length) {
            final double exact = power >= 0 ? mantissa * POWERS_OF_TEN[power] : mantissa / POWERS_OF_TEN[-power];
            value = negative ? -exact : exact;
            return i;
        }
        value = parseDouble(buf, from, i);
        return failed ? -1 : i;
    }

    /** @return the value {@link #plainValue} read. */
    double value() {
        return value;
    }

    /**
     * Reads the optional exponent {@code (e|E)[+-]digits} at {@code from} into {@link #exponent} (0 without one; its
     * magnitude capped at 100,000, far past any double).
     *
     * @return where the exponent ends, -1 for an {@code e} without digits.
     */
    private int readExponent(final byte[] buf, final int from, final int end) {
        exponent = 0;
        int i = from;
        if (i < end && (buf[i] == 'e' || buf[i] == 'E')) {
            i++;
            final boolean negativeExponent = i < end && buf[i] == '-';
            if (negativeExponent || (i < end && buf[i] == '+')) {
                i++;
            }
            final int exponentStart = i;
            int magnitude = 0;
            for (; i < end && buf[i] >= '0' && buf[i] <= '9'; i++) {
                magnitude = Math.min(100_000, magnitude * 10 + (buf[i] - '0'));
            }
            if (i == exponentStart) {
                return -1;
            }
            exponent = negativeExponent ? -magnitude : magnitude;
        }
        return i;
    }

    /** @return whether one more digit keeps the mantissa exact. */
    private static boolean accumulate(final boolean exact, final long mantissa, final byte digit) {
        return exact && mantissa <= (MAX_EXACT - (digit - '0')) / 10;
    }
}
