// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql;

/**
 * Quotes strings as Go's {@code strconv.Quote} does, so that label sets and expressions print as in Prometheus.
 */
public final class GoQuote {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoQuote() {
    }

    /** @return {@code value} in double quotes with Go's escapes. */
    public static String quote(final String value) {
        return appendQuoted(new StringBuilder(value.length() + 2), value).toString();
    }

    /**
     * Appends {@code value} in double quotes: {@code \a \b \f \n \r \t \v \\ \"} escaped, other control and
     * non-printable characters as {@code \xHH}, {@code \\uHHHH} or {@code \UHHHHHHHH}.
     *
     * @return {@code sb}.
     */
    public static StringBuilder appendQuoted(final StringBuilder sb, final String value) {
        sb.append('"');
        for (int i = 0; i < value.length(); ) {
            final int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case 0x07 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 0x0b -> sb.append("\\v");
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                default -> appendRune(sb, cp);
            }
        }
        return sb.append('"');
    }

    private static void appendRune(final StringBuilder sb, final int cp) {
        if (cp >= 0x20 && cp < 0x7f) {
            sb.append((char) cp);
        } else if (cp < 0x20 || cp == 0x7f) {
            sb.append("\\x").append(HEX[cp >> 4]).append(HEX[cp & 15]);
        } else if (isPrintable(cp)) {
            sb.appendCodePoint(cp);
        } else if (cp < 0x10000) {
            sb.append("\\u");
            appendHex(sb, cp, 4);
        } else {
            sb.append("\\U");
            appendHex(sb, cp, 8);
        }
    }

    private static boolean isPrintable(final int cp) {
        if (Character.isSurrogate((char) Math.min(cp, 0xffff)) && cp < 0x10000) {
            return false;
        }
        final int type = Character.getType(cp);
        return type != Character.CONTROL && type != Character.FORMAT && type != Character.UNASSIGNED &&
            type != Character.PRIVATE_USE && type != Character.SURROGATE && type != Character.LINE_SEPARATOR &&
            type != Character.PARAGRAPH_SEPARATOR && (type != Character.SPACE_SEPARATOR || cp == ' ');
    }

    private static void appendHex(final StringBuilder sb, final int value, final int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            sb.append(HEX[(value >> shift) & 15]);
        }
    }
}
