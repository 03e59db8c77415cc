// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.functions;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Translates the RE2 syntax of Prometheus' regular expressions (Go's {@code regexp}) into {@link Pattern} syntax
 * where the two differ: {@code (?P<name>...)} groups, a {@code {} that starts no repetition (a literal in RE2),
 * {@code [} and {@code &&} inside character classes (literals in RE2), POSIX classes ({@code [[:alpha:]]}), and
 * {@code $}, which in RE2 matches only at the very end of the text.
 */
public final class GoRegex {
    private static final Map<String, String> POSIX_CLASSES = Map.ofEntries(
        Map.entry("alnum", "Alnum"), Map.entry("alpha", "Alpha"), Map.entry("ascii", "ASCII"),
        Map.entry("blank", "Blank"), Map.entry("cntrl", "Cntrl"), Map.entry("digit", "Digit"),
        Map.entry("graph", "Graph"), Map.entry("lower", "Lower"), Map.entry("print", "Print"),
        Map.entry("punct", "Punct"), Map.entry("space", "Space"), Map.entry("upper", "Upper"),
        Map.entry("xdigit", "XDigit"));

    private GoRegex() {
    }

    /**
     * Compiles a regular expression that must match a whole string, as Prometheus anchors them
     * ({@code ^(?:re)$}); use it with {@link java.util.regex.Matcher#matches()}.
     *
     * @param regex the RE2 expression.
     * @return the pattern.
     * @throws PatternSyntaxException when it is not valid.
     */
    public static Pattern compileAnchored(final String regex) {
        return Pattern.compile("(?:" + toJava(regex) + ")", Pattern.UNIX_LINES);
    }

    /**
     * @param regex an RE2 expression.
     * @return the equivalent {@link Pattern} syntax.
     */
    public static String toJava(final String regex) {
        final StringBuilder out = new StringBuilder(regex.length() + 8);
        final boolean multiline = regex.contains("(?m") || regex.contains("(?sm") || regex.contains("(?im");
        int i = 0;
        while (i < regex.length()) {
            final char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                if (regex.charAt(i + 1) == 'Q') {
                    final int end = regex.indexOf("\\E", i + 2);
                    final int stop = end < 0 ? regex.length() : end + 2;
                    out.append(regex, i, stop);
                    i = stop;
                    continue;
                }
                out.append(c).append(regex.charAt(i + 1));
                i += 2;
            } else if (c == '[') {
                i = characterClass(regex, i, out);
            } else if (c == '(' && regex.startsWith("(?P<", i)) {
                out.append("(?<");
                i += 4;
            } else if (c == '{' && !isRepetition(regex, i)) {
                out.append("\\{");
                i++;
            } else if (c == '$' && !multiline) {
                out.append("\\z");
                i++;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int characterClass(final String regex, final int open, final StringBuilder out) {
        int i = open + 1;
        out.append('[');
        if (i < regex.length() && regex.charAt(i) == '^') {
            out.append('^');
            i++;
        }
        if (i < regex.length() && regex.charAt(i) == ']') {
            out.append("\\]");
            i++;
        }
        while (i < regex.length()) {
            final char c = regex.charAt(i);
            if (c == ']') {
                out.append(']');
                return i + 1;
            }
            if (c == '\\' && i + 1 < regex.length()) {
                out.append(c).append(regex.charAt(i + 1));
                i += 2;
            } else if (c == '[' && regex.startsWith("[:", i)) {
                final int close = regex.indexOf(":]", i + 2);
                if (close < 0) {
                    out.append("\\[");
                    i++;
                    continue;
                }
                final boolean negated = regex.charAt(i + 2) == '^';
                final String name = regex.substring(i + (negated ? 3 : 2), close);
                final String java = POSIX_CLASSES.get(name);
                if (java == null) {
                    if (!"word".equals(name)) {
                        throw new PatternSyntaxException("invalid character class range", regex, i);
                    }
                    out.append(negated ? "\\W" : "\\w");
                } else {
                    out.append(negated ? "\\P{" : "\\p{").append(java).append('}');
                }
                i = close + 2;
            } else if (c == '[') {
                out.append("\\[");
                i++;
            } else if (c == '&' && i + 1 < regex.length() && regex.charAt(i + 1) == '&') {
                out.append("&\\&");
                i += 2;
            } else {
                out.append(c);
                i++;
            }
        }
        return i;
    }

    /** @return true when {@code regex[at]} is the {@code {} of {@code {n}}, {@code {n,}} or {@code {n,m}}. */
    private static boolean isRepetition(final String regex, final int at) {
        int i = at + 1;
        final int digitsStart = i;
        while (i < regex.length() && Character.isDigit(regex.charAt(i))) {
            i++;
        }
        if (i == digitsStart || i >= regex.length()) {
            return false;
        }
        if (regex.charAt(i) == '}') {
            return true;
        }
        if (regex.charAt(i) != ',') {
            return false;
        }
        i++;
        while (i < regex.length() && Character.isDigit(regex.charAt(i))) {
            i++;
        }
        return i < regex.length() && regex.charAt(i) == '}';
    }
}
