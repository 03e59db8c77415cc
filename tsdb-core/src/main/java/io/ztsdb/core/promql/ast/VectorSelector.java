// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.ast;

import io.ztsdb.core.promql.Durations;
import io.ztsdb.core.promql.ValueType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An instant vector selector: {@code name{label="value",...} @ t offset d}.
 *
 * @param name         the metric name written before the braces, or null.
 * @param matchers     the matchers in the braces, in written order (without the one for {@code name}).
 * @param offsetMillis the offset, negative allowed, 0 for none.
 * @param at           the {@code @} modifier.
 * @param start        first char.
 * @param end          past the last char.
 */
public record VectorSelector(String name, List<Matcher> matchers, long offsetMillis, AtModifier at, int start,
    int end) implements Expr {

    /** Copies the matcher list. */
    public VectorSelector {
        matchers = List.copyOf(matchers);
    }

    @Override
    public ValueType type() {
        return ValueType.VECTOR;
    }

    /** @return every matcher, {@code __name__="name"} last when the name is given before the braces. */
    public List<Matcher> allMatchers() {
        if (name == null) {
            return matchers;
        }
        final List<Matcher> all = new ArrayList<>(matchers.size() + 1);
        all.addAll(matchers);
        all.add(Matcher.metricName(name));
        return all;
    }

    /** @return this selector with another offset. */
    public VectorSelector withOffset(final long newOffsetMillis, final int newEnd) {
        return new VectorSelector(name, matchers, newOffsetMillis, at, start, newEnd);
    }

    /** @return this selector with another {@code @} modifier. */
    public VectorSelector withAt(final AtModifier newAt, final int newEnd) {
        return new VectorSelector(name, matchers, offsetMillis, newAt, start, newEnd);
    }

    @Override
    public String toString() {
        return selectorText() + at.suffix() + Durations.offsetSuffix(offsetMillis);
    }

    /** @return the selector without {@code @} and offset. */
    String selectorText() {
        final List<String> texts = new ArrayList<>(matchers.size());
        for (final Matcher m : matchers) {
            if (name != null && m.isMetricNameEquality(name)) {
                continue;
            }
            texts.add(m.toString());
        }
        final String prefix = name == null ? "" : name;
        if (texts.isEmpty()) {
            return prefix;
        }
        Collections.sort(texts);
        return prefix + "{" + String.join(",", texts) + "}";
    }
}
