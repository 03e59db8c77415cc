// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.ast;

import io.ztsdb.core.promql.GoQuote;
import io.ztsdb.core.promql.LabelSet;
import io.ztsdb.core.promql.functions.GoRegex;

import java.util.regex.Pattern;

/**
 * A label matcher of a selector: {@code name="v"}, {@code name!="v"}, {@code name=~"re"}, {@code name!~"re"};
 * regular expressions match whole values, as in Prometheus.
 */
public final class Matcher {
    /** The comparison. */
    public enum Type {
        /** {@code =}. */
        EQUAL("="),
        /** {@code !=}. */
        NOT_EQUAL("!="),
        /** {@code =~}. */
        REGEX("=~"),
        /** {@code !~}. */
        NOT_REGEX("!~");

        private final String symbol;

        Type(final String symbol) {
            this.symbol = symbol;
        }

        /** @return the operator as written. */
        public String symbol() {
            return symbol;
        }
    }

    private final String name;
    private final Type type;
    private final String value;
    private final Pattern pattern;

    /**
     * @param name  label name.
     * @param type  comparison.
     * @param value value or RE2 regular expression.
     * @throws java.util.regex.PatternSyntaxException on a bad regular expression.
     */
    public Matcher(final String name, final Type type, final String value) {
        this.name = name;
        this.type = type;
        this.value = value;
        this.pattern = type == Type.REGEX || type == Type.NOT_REGEX ? GoRegex.compileAnchored(value) : null;
    }

    /** @return {@code __name__="metric"}. */
    public static Matcher metricName(final String metric) {
        return new Matcher(LabelSet.METRIC_NAME, Type.EQUAL, metric);
    }

    /** @return the label name. */
    public String name() {
        return name;
    }

    /** @return the comparison. */
    public Type type() {
        return type;
    }

    /** @return the value or regular expression as written. */
    public String value() {
        return value;
    }

    /** @return true for {@code =~} and {@code !~}. */
    public boolean isRegex() {
        return pattern != null;
    }

    /** @return true for {@code !=} and {@code !~}. */
    public boolean isNegative() {
        return type == Type.NOT_EQUAL || type == Type.NOT_REGEX;
    }

    /**
     * @param labelValue a value, the empty string for a missing label.
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
     * @param labelValue a value.
     * @return true when the positive form of this matcher ({@code =} for {@code !=}, {@code =~} for {@code !~})
     *     accepts it.
     */
    public boolean matchesPositive(final String labelValue) {
        return isNegative() != matches(labelValue);
    }

    /** @return the RE2 expression translated to {@link Pattern} syntax, for regex matchers. */
    public String javaRegex() {
        return GoRegex.toJava(value);
    }

    boolean isMetricNameEquality(final String metric) {
        return LabelSet.METRIC_NAME.equals(name) && type == Type.EQUAL && value.equals(metric);
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Matcher m && name.equals(m.name) && type == m.type && value.equals(m.value);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + type.hashCode()) * 31 + value.hashCode();
    }

    /** @return {@code name="value"} with the value quoted as Go's {@code %q}. */
    @Override
    public String toString() {
        return name + type.symbol() + GoQuote.quote(value);
    }
}
