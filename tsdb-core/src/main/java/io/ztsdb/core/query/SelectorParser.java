// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.query;

import io.ztsdb.core.LabelMatcher;
import io.ztsdb.core.SelectorSyntaxException;
import io.ztsdb.core.SeriesSelector;

import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser of series selectors; see {@link SeriesSelector#parse(String)} for the syntax.
 * <pre>
 * selector := metric? ( '{' ( matcher ( ',' matcher )* ','? )? '}' )?
 * matcher  := labelName ( '=' | '!=' | '=~' | '!~' ) string
 * string   := '"' ... '"' | '\'' ... '\'' | '`' ... '`'
 * </pre>
 * Whitespace is allowed between tokens.
 */
public final class SelectorParser {
    /** Longest selector accepted, in chars. */
    public static final int MAX_SELECTOR_LENGTH = 64 * 1024;

    private final String text;
    private int pos;

    private SelectorParser(final String text) {
        this.text = text;
    }

    /**
     * @param text the selector text.
     * @return the parsed selector.
     * @throws SelectorSyntaxException naming the position of the problem.
     */
    public static SeriesSelector parse(final String text) {
        if (text == null) {
            throw new SelectorSyntaxException("", 0, "selector is missing");
        }
        if (text.length() > MAX_SELECTOR_LENGTH) {
            throw new SelectorSyntaxException(text.substring(0, 64) + "...", MAX_SELECTOR_LENGTH,
                "selector longer than " + MAX_SELECTOR_LENGTH + " chars");
        }
        return new SelectorParser(text).selector();
    }

    private SeriesSelector selector() {
        skipWhitespace();
        String metric = null;
        if (pos < text.length() && isMetricStart(text.charAt(pos))) {
            final int start = pos;
            while (pos < text.length() && isMetricPart(text.charAt(pos))) {
                pos++;
            }
            metric = text.substring(start, pos);
            skipWhitespace();
        }
        final List<LabelMatcher> matchers = new ArrayList<>();
        if (pos < text.length() && text.charAt(pos) == '{') {
            pos++;
            matchers(matchers);
        }
        skipWhitespace();
        if (pos < text.length()) {
            throw error(metric == null && matchers.isEmpty() ?
                "expected a metric name or '{'" : "unexpected '" + text.charAt(pos) + "' after the selector");
        }
        if (metric == null && matchers.isEmpty()) {
            throw error("empty selector: give a metric name or label matchers");
        }
        try {
            return new SeriesSelector(metric, matchers);
        } catch (final IllegalArgumentException ex) {
            throw new SelectorSyntaxException(text, 0, ex.getMessage());
        }
    }

    private void matchers(final List<LabelMatcher> matchers) {
        while (true) {
            skipWhitespace();
            if (pos < text.length() && text.charAt(pos) == '}') {
                pos++;
                return;
            }
            matchers.add(matcher());
            skipWhitespace();
            if (pos >= text.length()) {
                throw error("expected ',' or '}'");
            }
            final char c = text.charAt(pos);
            if (c == ',') {
                pos++;
            } else if (c != '}') {
                throw error("expected ',' or '}' but found '" + c + "'");
            }
        }
    }

    private LabelMatcher matcher() {
        final int nameStart = pos;
        if (pos >= text.length() || !isLabelStart(text.charAt(pos))) {
            throw error("expected a label name");
        }
        while (pos < text.length() && isLabelPart(text.charAt(pos))) {
            pos++;
        }
        final String name = text.substring(nameStart, pos);
        skipWhitespace();
        final LabelMatcher.Type type = operator();
        skipWhitespace();
        final int valueStart = pos;
        final String value = string();
        try {
            return new LabelMatcher(name, type, value);
        } catch (final IllegalArgumentException ex) {
            throw new SelectorSyntaxException(text, valueStart, ex.getMessage());
        }
    }

    private LabelMatcher.Type operator() {
        if (pos + 1 < text.length()) {
            final char c0 = text.charAt(pos);
            final char c1 = text.charAt(pos + 1);
            if (c0 == '=' && c1 == '~') {
                pos += 2;
                return LabelMatcher.Type.REGEX;
            }
            if (c0 == '!' && c1 == '=') {
                pos += 2;
                return LabelMatcher.Type.NOT_EQUAL;
            }
            if (c0 == '!' && c1 == '~') {
                pos += 2;
                return LabelMatcher.Type.NOT_REGEX;
            }
        }
        if (pos < text.length() && text.charAt(pos) == '=') {
            pos++;
            return LabelMatcher.Type.EQUAL;
        }
        throw error("expected '=', '!=', '=~' or '!~'");
    }

    private String string() {
        if (pos >= text.length()) {
            throw error("expected a quoted value");
        }
        final char quote = text.charAt(pos);
        if (quote != '"' && quote != '\'' && quote != '`') {
            throw error("expected a quoted value (\"...\", '...' or `...`)");
        }
        final int start = pos;
        pos++;
        final StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
            final char c = text.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c == '\\' && quote != '`' && pos < text.length()) {
                final char e = text.charAt(pos++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case '\\', '"', '\'' -> sb.append(e);
                    default -> sb.append('\\').append(e);
                }
            } else {
                sb.append(c);
            }
        }
        pos = start;
        throw error("unterminated quoted value");
    }

    private void skipWhitespace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private SelectorSyntaxException error(final String problem) {
        return new SelectorSyntaxException(text, pos, problem);
    }

    private static boolean isMetricStart(final char c) {
        return isLabelStart(c) || c == ':';
    }

    private static boolean isMetricPart(final char c) {
        return isLabelPart(c) || c == ':';
    }

    private static boolean isLabelStart(final char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isLabelPart(final char c) {
        return isLabelStart(c) || (c >= '0' && c <= '9') || c == '.';
    }
}
