// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.eval;

/**
 * Go's {@code strconv.ParseFloat(s, 64)} for label values such as {@code le}: decimal with optional sign, fraction
 * and exponent, {@code Inf}, {@code Infinity}, {@code NaN} in any case, hexadecimal floats, underscores between
 * digits of prefixed numbers excepted.
 */
final class GoFloats {
    private GoFloats() {
    }

    static double parse(final String text) {
        if (text.isEmpty()) {
            throw new NumberFormatException("empty");
        }
        int i = 0;
        boolean negative = false;
        if (text.charAt(0) == '+' || text.charAt(0) == '-') {
            negative = text.charAt(0) == '-';
            i = 1;
        }
        final String rest = text.substring(i);
        if (rest.equalsIgnoreCase("inf") || rest.equalsIgnoreCase("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (rest.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        if (rest.startsWith("0x") || rest.startsWith("0X")) {
            if (rest.indexOf('p') < 0 && rest.indexOf('P') < 0) {
                throw new NumberFormatException(text);
            }
            return Double.parseDouble(text);
        }
        boolean digits = false;
        for (int j = 0; j < rest.length(); j++) {
            final char c = rest.charAt(j);
            if (c >= '0' && c <= '9') {
                digits = true;
            } else if (c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-') {
                throw new NumberFormatException(text);
            }
        }
        if (!digits) {
            throw new NumberFormatException(text);
        }
        return Double.parseDouble(text);
    }
}
