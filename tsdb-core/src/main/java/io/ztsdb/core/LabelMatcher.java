// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One condition of a {@link SeriesSelector} on a label's value: {@code name="v"}, {@code name!="v"},
 * {@code name=~"re"}, {@code name!~"re"}.
 * <p>
 * As in Prometheus, a series without the label is treated as having the empty value, so {@code x!="y"}
 * matches series that lack {@code x}; regular expressions ({@link Pattern} syntax) are anchored at both ends.
 * The metric name is the pseudo-label {@value #METRIC_NAME_LABEL}.
 */
public final class LabelMatcher {
    /** Pseudo-label holding the metric name in selectors. */
    public static final String METRIC_NAME_LABEL = "__name__";

    /** The comparison a matcher makes. */
    public enum Type {
        /** {@code =}: the value equals. */
        EQUAL("="),
        /** {@code !=}: the value differs. */
        NOT_EQUAL("!="),
        /** {@code =~}: the value matches the regular expression. */
        REGEX("=~"),
        /** {@code !~}: the value does not match the regular expression. */
        NOT_REGEX("!~");

        private final String symbol;

        Type(final String symbol) {
            this.symbol = symbol;
        }

        /** {@return the operator as written in a selector} */
        public String symbol() {
            return symbol;
        }
    }

    private final String name;
    private final Type type;
    private final String value;
    private final Pattern pattern;
    private final List<String> literals;

    /**
     * Creates a matcher; a regular expression is compiled here and must match the whole value.
     *
     * @param name  label name ({@code [A-Za-z_][A-Za-z0-9_.]*}), or {@value #METRIC_NAME_LABEL}.
     * @param type  the comparison.
     * @param value the value or regular expression.
     * @throws IllegalArgumentException on a bad name or an invalid regular expression.
     */
    public LabelMatcher(final String name, final Type type, final String value) {
        if (!Labels.isValidLabelName(name)) {
            throw new IllegalArgumentException("bad label name in matcher: name=" + name);
        }
        this.name = name;
        this.type = Objects.requireNonNull(type, "type");
        this.value = Objects.requireNonNull(value, "value");
        if (type == Type.REGEX || type == Type.NOT_REGEX) {
            try {
                this.pattern = Pattern.compile(value, Pattern.DOTALL);
            } catch (final PatternSyntaxException ex) {
                throw new IllegalArgumentException("bad regular expression for label " + name + ": " +
                    ex.getDescription() + ": regex=" + value, ex);
            }
            this.literals = literalAlternatives(value);
        } else {
            this.pattern = null;
            this.literals = List.of(value);
        }
    }

    /**
     * Creates an equality matcher.
     *
     * @param name  label name.
     * @param value the value it must have.
     * @return {@code name="value"}.
     */
    public static LabelMatcher equal(final String name, final String value) {
        return new LabelMatcher(name, Type.EQUAL, value);
    }

    /** {@return the label name} */
    public String name() {
        return name;
    }

    /** {@return the comparison} */
    public Type type() {
        return type;
    }

    /** {@return the value or regular expression} */
    public String value() {
        return value;
    }

    /**
     * Tests one label value.
     *
     * @param labelValue a label value, or the empty string for a series that lacks the label.
     * @return true when the matcher accepts it.
     */
    public boolean matches(final String labelValue) {
        return switch (type) {
            case EQUAL -> value.equals(labelValue);
            case NOT_EQUAL -> !value.equals(labelValue);
            case REGEX -> pattern.matcher(labelValue).matches();
            case NOT_REGEX -> !pattern.matcher(labelValue).matches();
        };
    }

    /**
     * The exact values the positive form of this matcher accepts, when there is a short list of them: the
     * value of {@code =} and {@code !=}, the branches of a regex made only of literal alternatives
     * ({@code "docker|podman"}); lets the index look them up instead of scanning every value.
     *
     * @return the literal values, or null when the regular expression is not a literal alternation.
     */
    public List<String> literalValues() {
        return literals;
    }

    private static List<String> literalAlternatives(final String regex) {
        final List<String> result = new ArrayList<>();
        final StringBuilder current = new StringBuilder();
        for (int i = 0; i < regex.length(); i++) {
            final char c = regex.charAt(i);
            if (c == '|') {
                result.add(current.toString());
                current.setLength(0);
            } else if (c == '\\' && i + 1 < regex.length() && isEscapedLiteral(regex.charAt(i + 1))) {
                current.append(regex.charAt(++i));
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == ':' || c == '/' || c == ' ' ||
                c == '@' || c == '=' || c == ',') {
                current.append(c);
            } else {
                return null;
            }
        }
        result.add(current.toString());
        return List.copyOf(new LinkedHashSet<>(result));
    }

    private static boolean isEscapedLiteral(final char c) {
        return ".\\|()[]{}*+?^$".indexOf(c) >= 0;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof LabelMatcher m && name.equals(m.name) && type == m.type && value.equals(m.value);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + type.hashCode()) * 31 + value.hashCode();
    }

    /** {@return {@code name="value"} with the operator, value escaped like a selector} */
    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder(name).append(type.symbol).append('"');
        Labels.appendEscaped(sb, value);
        return sb.append('"').toString();
    }
}
