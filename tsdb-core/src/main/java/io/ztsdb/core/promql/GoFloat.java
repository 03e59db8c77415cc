// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Formats doubles as Go does where Prometheus' output depends on it: {@code strconv.FormatFloat(v, 'f', -1, 64)}
 * for sample values in JSON and {@code count_values} labels, {@code fmt.Sprint(v)} for number literals in printed
 * expressions. Both use the shortest decimal that reads back to the same double ({@link Double#toString} gives
 * those digits since JDK 19).
 */
public final class GoFloat {
    private GoFloat() {
    }

    /**
     * @param value a double.
     * @return it as {@code strconv.FormatFloat(value, 'f', -1, 64)}: {@code 1}, {@code 0.0001}, {@code 1e21} as
     *     {@code 1000000000000000000000}, {@code NaN}, {@code +Inf}, {@code -Inf}.
     */
    public static String formatPlain(final double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            final long integral = (long) value;
            return integral == 0 && 1 / value < 0 ? "-0" : Long.toString(integral);
        }
        final String shortest = Double.toString(value);
        final int e = shortest.indexOf('E');
        if (e < 0) {
            return shortest.endsWith(".0") ? shortest.substring(0, shortest.length() - 2) : shortest;
        }
        return plainFromScientific(shortest, e);
    }

    /** Turns Java's {@code d.dddE±n} (shortest digits) into plain decimal notation. */
    private static String plainFromScientific(final String text, final int e) {
        final boolean negative = text.charAt(0) == '-';
        final StringBuilder digits = new StringBuilder(24);
        for (int i = negative ? 1 : 0; i < e; i++) {
            final char c = text.charAt(i);
            if (c != '.') {
                digits.append(c);
            }
        }
        while (digits.length() > 1 && digits.charAt(digits.length() - 1) == '0') {
            digits.setLength(digits.length() - 1);
        }
        // The point sits after the first digit, shifted by the exponent.
        final int point = 1 + Integer.parseInt(text, e + 1, text.length(), 10);
        final StringBuilder sb = new StringBuilder(32);
        if (negative) {
            sb.append('-');
        }
        if (point <= 0) {
            sb.append("0.");
            for (int i = point; i < 0; i++) {
                sb.append('0');
            }
            sb.append(digits);
        } else if (point >= digits.length()) {
            sb.append(digits);
            for (int i = digits.length(); i < point; i++) {
                sb.append('0');
            }
        } else {
            sb.append(digits, 0, point).append('.').append(digits, point, digits.length());
        }
        return sb.toString();
    }

    /**
     * @param value a double.
     * @return it as Go's {@code fmt.Sprint(value)} ({@code %g} with the shortest digits): {@code 1}, {@code 0.5},
     *     {@code 1e+06}, {@code 1.5e-05}, {@code NaN}, {@code +Inf}.
     */
    public static String format(final double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0" : "0";
        }
        final BigDecimal decimal = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
        final String digits = decimal.unscaledValue().toString();
        final int exponent = digits.length() - 1 - decimal.scale();
        final StringBuilder sb = new StringBuilder(24);
        if (value < 0) {
            sb.append('-');
        }
        if (exponent >= -4 && exponent < 6) {
            return sb.append(decimal.toPlainString()).toString();
        }
        sb.append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        sb.append('e').append(exponent < 0 ? '-' : '+');
        final int abs = Math.abs(exponent);
        if (abs < 10) {
            sb.append('0');
        }
        return sb.append(abs).toString();
    }

    /**
     * @param value a double.
     * @return it as Go's {@code %f}: six decimals, {@code NaN}, {@code +Inf}, {@code -Inf}.
     */
    public static String formatFixed6(final double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return new BigDecimal(value).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
    }

    /**
     * @param millis a time in milliseconds.
     * @return the time in seconds with three decimals, as Go's {@code %.3f} of {@code millis / 1000.0}.
     */
    public static String formatFixed3(final long millis) {
        final long abs = Math.abs(millis);
        final long fraction = abs % 1000;
        return (millis < 0 ? "-" : "") + abs / 1000 + "." + (fraction < 100 ? "0" : "") + (fraction < 10 ? "0" : "") +
            fraction;
    }
}
