// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.parser;

/**
 * Unquotes PromQL string literals as Prometheus' {@code strutil.Unquote}: double- or single-quoted with Go's
 * escapes, or raw in backticks.
 */
final class GoStrings {
    private GoStrings() {
    }

    /**
     * @param quoted the literal with its quotes.
     * @return its value.
     * @throws IllegalArgumentException when it is malformed.
     */
    static String unquote(final String quoted) {
        final int n = quoted.length();
        if (n < 2) {
            throw new IllegalArgumentException("invalid syntax");
        }
        final char quote = quoted.charAt(0);
        if (quote != quoted.charAt(n - 1)) {
            throw new IllegalArgumentException("invalid syntax");
        }
        final String body = quoted.substring(1, n - 1);
        if (quote == '`') {
            return body.indexOf('\r') < 0 ? body : body.replace("\r", "");
        }
        if (quote != '"' && quote != '\'') {
            throw new IllegalArgumentException("invalid syntax");
        }
        if (body.indexOf('\\') < 0) {
            return body;
        }
        final StringBuilder sb = new StringBuilder(body.length());
        int i = 0;
        while (i < body.length()) {
            final char c = body.charAt(i++);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (i >= body.length()) {
                throw new IllegalArgumentException("invalid syntax");
            }
            final char e = body.charAt(i++);
            switch (e) {
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'v' -> sb.append('\u000b');
                case '\\' -> sb.append('\\');
                case '\'', '"' -> {
                    if (e != quote) {
                        throw new IllegalArgumentException("invalid syntax");
                    }
                    sb.append(e);
                }
                case 'x', 'u', 'U' -> {
                    final int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    i = appendCode(sb, body, i, digits, 16);
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        i = appendCode(sb, body, i - 1, 3, 8);
                    } else {
                        throw new IllegalArgumentException("invalid syntax");
                    }
                }
            }
        }
        return sb.toString();
    }

    private static int appendCode(final StringBuilder sb, final String body, final int from, final int digits,
        final int radix) {
        if (from + digits > body.length()) {
            throw new IllegalArgumentException("invalid syntax");
        }
        int value = 0;
        for (int i = from; i < from + digits; i++) {
            final int digit = Character.digit(body.charAt(i), radix);
            if (digit < 0) {
                throw new IllegalArgumentException("invalid syntax");
            }
            value = value * radix + digit;
        }
        if (value > Character.MAX_CODE_POINT || (value >= 0xD800 && value < 0xE000)) {
            throw new IllegalArgumentException("invalid syntax");
        }
        sb.appendCodePoint(value);
        return from + digits;
    }
}
