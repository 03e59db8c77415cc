// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import io.ztsdb.core.query.SelectorParser;

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
        return SelectorParser.parse(text);
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
}
