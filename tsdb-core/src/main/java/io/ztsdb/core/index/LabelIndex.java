// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.index;

import io.ztsdb.core.LabelMatcher;
import io.ztsdb.core.Labels;
import io.ztsdb.core.index.PostingsOps.Ordinals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Inverted index of named series: for each label pair (the metric name as {@code __name__}) the sorted list
 * of the ordinals of the series that carry it (their postings), after Prometheus' {@code index/postings.go}.
 * <p>
 * A selector is answered by set algebra on postings: matchers that cannot match a missing label contribute
 * the union of the postings of the values they accept, and these are intersected (shortest first, galloping
 * through long lists); matchers that do match a missing label ({@code x!="y"}, {@code x!~"re"},
 * {@code x=""}) subtract the union of the values they reject.
 * <p>
 * Not thread-safe: {@code SeriesCatalog} guards it.
 */
public final class LabelIndex {
    private final Map<String, Map<String, Postings>> postingsByName = new HashMap<>();
    private int seriesCount;

    /** Creates an empty index. */
    public LabelIndex() {
    }

    /**
     * Adds a series; ordinals must be added in increasing order, 0 first.
     *
     * @param ordinal the series' ordinal, the next one.
     * @param metric  its metric name.
     * @param labels  its labels.
     */
    public void add(final int ordinal, final String metric, final Labels labels) {
        if (ordinal != seriesCount) {
            throw new IllegalArgumentException("ordinals must be added in order: ordinal=" + ordinal +
                ", expected=" + seriesCount);
        }
        postings(LabelMatcher.METRIC_NAME_LABEL, metric).add(ordinal);
        for (int i = 0; i < labels.size(); i++) {
            postings(labels.name(i), labels.value(i)).add(ordinal);
        }
        seriesCount++;
    }

    /** @return number of series indexed. */
    public int seriesCount() {
        return seriesCount;
    }

    /**
     * Finds the series every matcher accepts.
     *
     * @param matchers the matchers, at least one of which does not match the empty string.
     * @return their ordinals, ascending.
     */
    public int[] select(final List<LabelMatcher> matchers) {
        final List<Ordinals> positives = new ArrayList<>(matchers.size());
        final List<Ordinals> negatives = new ArrayList<>(2);
        for (final LabelMatcher m : matchers) {
            if (m.matches("")) {
                negatives.add(valuesWhere(m, false));
            } else {
                final Ordinals set = valuesWhere(m, true);
                if (set.size() == 0) {
                    return new int[0];
                }
                positives.add(set);
            }
        }
        Ordinals result;
        if (positives.isEmpty()) {
            result = all();
        } else {
            positives.sort((a, b) -> Integer.compare(a.size(), b.size()));
            result = positives.getFirst();
            for (int i = 1; i < positives.size() && result.size() > 0; i++) {
                result = PostingsOps.intersect(result, positives.get(i));
            }
        }
        for (int i = 0; i < negatives.size() && result.size() > 0; i++) {
            result = PostingsOps.subtract(result, negatives.get(i));
        }
        return result.toArray();
    }

    /** @return every label name, {@code __name__} included, in no particular order. */
    public List<String> labelNames() {
        return new ArrayList<>(postingsByName.keySet());
    }

    /**
     * @param name a label name, or {@code __name__} for metric names.
     * @return its values, in no particular order; empty when unknown.
     */
    public List<String> labelValues(final String name) {
        final Map<String, Postings> values = postingsByName.get(name);
        return values == null ? new ArrayList<>() : new ArrayList<>(values.keySet());
    }

    /** @return an estimate of the heap bytes held by postings lists and their maps. */
    public long estimatedBytes() {
        long bytes = 0;
        for (final Map<String, Postings> values : postingsByName.values()) {
            bytes += 64 + 40L * values.size();
            for (final Postings p : values.values()) {
                bytes += 24 + p.capacityBytes();
            }
        }
        return bytes;
    }

    /**
     * @param m        a matcher.
     * @param accepted true for the values {@code m} accepts, false for those it rejects.
     * @return the union of the postings of those values.
     */
    private Ordinals valuesWhere(final LabelMatcher m, final boolean accepted) {
        final Map<String, Postings> values = postingsByName.get(m.name());
        if (values == null) {
            return Ordinals.EMPTY;
        }
        final List<Postings> parts = new ArrayList<>();
        final List<String> literals = m.literalValues();
        final boolean positiveForm = m.type() == LabelMatcher.Type.EQUAL || m.type() == LabelMatcher.Type.REGEX;
        if (literals != null && positiveForm == accepted) {
            // The wanted values are exactly the literals: look them up instead of testing every value.
            for (final String literal : literals) {
                final Postings p = values.get(literal);
                if (p != null) {
                    parts.add(p);
                }
            }
        } else {
            for (final Map.Entry<String, Postings> e : values.entrySet()) {
                if (m.matches(e.getKey()) == accepted) {
                    parts.add(e.getValue());
                }
            }
        }
        return PostingsOps.unionDisjoint(parts, seriesCount);
    }

    private Ordinals all() {
        final int[] ordinals = new int[seriesCount];
        for (int i = 0; i < seriesCount; i++) {
            ordinals[i] = i;
        }
        return new Ordinals(ordinals, seriesCount);
    }

    private Postings postings(final String name, final String value) {
        return postingsByName.computeIfAbsent(name, k -> new HashMap<>()).computeIfAbsent(value, k -> new Postings());
    }
}
