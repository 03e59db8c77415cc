// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Selects named series by metric name and label matchers, in the PromQL style:
 * {@code container.cpu.usage{container_id="abc",runtime=~"docker|podman",x!="y"}}.
 * <p>
 * A series is selected when every matcher accepts it. At least one matcher must not match the empty string
 * (a metric name does not), so that a selector cannot select every series by accident.
 */
public final class SeriesSelector {
    /** Longest selector text {@link #parse(String)} accepts, in chars. */
    public static final int MAX_TEXT_LENGTH = 64 * 1024;

    private final String metric;
    private final List<LabelMatcher> matchers;
    private final List<LabelMatcher> allMatchers;

    /**
     * @param metric   metric name, or null for any metric.
     * @param matchers label matchers; may include one on {@value LabelMatcher#METRIC_NAME_LABEL}.
     * @throws IllegalArgumentException on a bad metric name, or when every matcher matches the empty string.
     */
    public SeriesSelector(final String metric, final List<LabelMatcher> matchers) {
        this.metric = metric == null ? null : Labels.checkMetricName(metric);
        this.matchers = List.copyOf(matchers);
        final List<LabelMatcher> all = new ArrayList<>(matchers.size() + 1);
        if (metric != null) {
            all.add(LabelMatcher.equal(LabelMatcher.METRIC_NAME_LABEL, metric));
        }
        all.addAll(this.matchers);
        this.allMatchers = List.copyOf(all);
        boolean selective = false;
        for (final LabelMatcher m : all) {
            selective |= !m.matches("");
        }
        if (!selective) {
            throw new IllegalArgumentException("selector needs a metric name or a matcher that does not match the " +
                "empty string: selector=" + this);
        }
    }

    /**
     * Parses {@code metric{name="value",name!="value",name=~"regex",name!~"regex"}}; the metric or the braces
     * may be left out. Values are in double quotes, single quotes or backticks (raw); in quotes {@code \\},
     * {@code \"}, {@code \'}, {@code \n}, {@code \t}, {@code \r} are escapes and any other backslash is kept
     * as is (so {@code "a\.b"} is the regex {@code a\.b}).
     *
     * @param text the selector.
     * @return the parsed selector.
     * @throws SelectorSyntaxException with the position of the problem.
     */
    public static SeriesSelector parse(final String text) {
        if (text == null) {
            throw new SelectorSyntaxException("", 0, "selector is missing");
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new SelectorSyntaxException(text.substring(0, 64) + "...", MAX_TEXT_LENGTH,
                "selector longer than " + MAX_TEXT_LENGTH + " chars");
        }
        return new Parser(text).selector();
    }

    /**
     * @param metric   metric name, or null.
     * @param matchers label matchers.
     * @return the selector.
     */
    public static SeriesSelector of(final String metric, final LabelMatcher... matchers) {
        return new SeriesSelector(metric, List.of(matchers));
    }

    /** @return the metric name, or null when any metric is selected. */
    public String metric() {
        return metric;
    }

    /** @return the label matchers, without the metric name. */
    public List<LabelMatcher> matchers() {
        return matchers;
    }

    /** @return every matcher, the metric name as {@code __name__="metric"} first. */
    public List<LabelMatcher> allMatchers() {
        return allMatchers;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof SeriesSelector s && Objects.equals(metric, s.metric) && matchers.equals(s.matchers);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(metric) * 31 + matchers.hashCode();
    }

    /** @return the selector in its text form, which {@link #parse} reads back. */
    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder();
        if (metric != null) {
            sb.append(metric);
        }
        if (!matchers.isEmpty() || metric == null) {
            sb.append('{');
            for (int i = 0; i < matchers.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(matchers.get(i));
            }
            sb.append('}');
        }
        return sb.toString();
    }

    /**
     * Recursive-descent parser of the text form, see {@link #parse(String)}:
     * <pre>
     * selector := metric? ( '{' ( matcher ( ',' matcher )* ','? )? '}' )?
     * matcher  := labelName ( '=' | '!=' | '=~' | '!~' ) string
     * string   := '"' ... '"' | '\'' ... '\'' | '`' ... '`'
     * </pre>
     * Whitespace is allowed between tokens.
     */
    private static final class Parser {
        private final String text;
        private int pos;

        private Parser(final String text) {
            this.text = text;
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
}
