// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql;

import java.math.BigDecimal;

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
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    /**
     * Appends {@link #formatPlain(double)} without creating a string for integral values.
     *
     * @return {@code sb}.
     */
    public static StringBuilder appendPlain(final StringBuilder sb, final double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15 && (value != 0 || 1 / value > 0)) {
            return sb.append((long) value);
        }
        return sb.append(formatPlain(value));
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
