// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.parser;

/**
 * Number parsing with the rules of Go's {@code strconv}, which Prometheus' parser uses for number literals.
 */
final class GoNumbers {
    private GoNumbers() {
    }

    /**
     * {@code strconv.ParseInt(text, 0, 64)}: {@code 0x}/{@code 0X} hexadecimal, a leading {@code 0} octal, else
     * decimal.
     *
     * @return the value as a double, or NaN when {@code text} is not such an integer or overflows an int64.
     */
    static double parseIntBase0(final String text) {
        int radix = 10;
        int from = 0;
        if (text.length() > 2 && text.charAt(0) == '0' && (text.charAt(1) == 'x' || text.charAt(1) == 'X')) {
            radix = 16;
            from = 2;
        } else if (text.length() > 1 && text.charAt(0) == '0') {
            radix = 8;
            from = 1;
        }
        if (from == text.length()) {
            return Double.NaN;
        }
        long value = 0;
        for (int i = from; i < text.length(); i++) {
            final int digit = Character.digit(text.charAt(i), radix);
            if (digit < 0) {
                return Double.NaN;
            }
            if (value > (Long.MAX_VALUE - digit) / radix) {
                return Double.NaN;
            }
            value = value * radix + digit;
        }
        return value;
    }

    /**
     * {@code strconv.ParseFloat(text, 64)} for the forms the lexer produces: decimal with optional fraction and
     * exponent, and {@code inf}/{@code nan} in any case.
     *
     * @throws NumberFormatException when {@code text} is none of them.
     */
    static double parseFloat(final String text) {
        if (text.equalsIgnoreCase("inf") || text.equalsIgnoreCase("infinity")) {
            return Double.POSITIVE_INFINITY;
        }
        if (text.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-') {
                throw new NumberFormatException(text);
            }
        }
        return Double.parseDouble(text);
    }
}
