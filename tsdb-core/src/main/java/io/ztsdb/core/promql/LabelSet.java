// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql;

import java.util.Arrays;
import java.util.Collection;

/**
 * The labels of a series as PromQL sees them: {@code name="value"} pairs sorted by name, the metric name being
 * the label {@value #METRIC_NAME}. Immutable. Empty values are never stored: as in Prometheus, setting a label
 * to the empty string removes it.
 */
public final class LabelSet implements Comparable<LabelSet> {
    /** The label holding the metric name. */
    public static final String METRIC_NAME = "__name__";

    private static final String[] NO_PAIRS = new String[0];
    private static final LabelSet EMPTY = new LabelSet(NO_PAIRS);

    /** name0, value0, name1, value1, ... sorted by name, values non-empty. */
    private final String[] pairs;
    private int hash;

    private LabelSet(final String[] pairs) {
        this.pairs = pairs;
    }

    /** @return the set without labels. */
    public static LabelSet empty() {
        return EMPTY;
    }

    /**
     * @param namesAndValues {@code name0, value0, name1, value1, ...} in any order; pairs with an empty value are
     *                       left out; a name given twice keeps its last value.
     * @return the label set.
     * @throws IllegalArgumentException on an odd count.
     */
    public static LabelSet of(final String... namesAndValues) {
        if ((namesAndValues.length & 1) != 0) {
            throw new IllegalArgumentException("names and values must come in pairs: length=" + namesAndValues.length);
        }
        LabelSet result = EMPTY;
        for (int i = 0; i < namesAndValues.length; i += 2) {
            result = result.with(namesAndValues[i], namesAndValues[i + 1]);
        }
        return result;
    }

    /**
     * Wraps pairs that are already sorted by name, unique and without empty values.
     *
     * @param sortedPairs the pairs; owned by the label set from now on.
     * @return the label set.
     */
    public static LabelSet ofSorted(final String[] sortedPairs) {
        return sortedPairs.length == 0 ? EMPTY : new LabelSet(sortedPairs);
    }

    /** @return number of labels. */
    public int size() {
        return pairs.length >> 1;
    }

    /** @return true when there are no labels. */
    public boolean isEmpty() {
        return pairs.length == 0;
    }

    /** @return the name of the label at {@code index}, in name order. */
    public String name(final int index) {
        return pairs[index << 1];
    }

    /** @return the value of the label at {@code index}, in name order. */
    public String value(final int index) {
        return pairs[(index << 1) + 1];
    }

    /**
     * @param name a label name.
     * @return its value, or the empty string when absent (as PromQL treats a missing label).
     */
    public String get(final String name) {
        final int index = indexOf(name);
        return index < 0 ? "" : pairs[index + 1];
    }

    /** @return the metric name, or null. */
    public String metricName() {
        final int index = indexOf(METRIC_NAME);
        return index < 0 ? null : pairs[index + 1];
    }

    private int indexOf(final String name) {
        int low = 0;
        int high = size() - 1;
        while (low <= high) {
            final int mid = (low + high) >>> 1;
            final int cmp = pairs[mid << 1].compareTo(name);
            if (cmp < 0) {
                low = mid + 1;
            } else if (cmp > 0) {
                high = mid - 1;
            } else {
                return mid << 1;
            }
        }
        return -1;
    }

    /**
     * @param name  a label name.
     * @param value its new value; the empty string removes the label.
     * @return a label set with the label set to {@code value}.
     */
    public LabelSet with(final String name, final String value) {
        final int index = indexOf(name);
        if (value.isEmpty()) {
            return index < 0 ? this : remove(index);
        }
        if (index >= 0) {
            if (pairs[index + 1].equals(value)) {
                return this;
            }
            final String[] copy = pairs.clone();
            copy[index + 1] = value;
            return new LabelSet(copy);
        }
        int at = 0;
        while (at < pairs.length && pairs[at].compareTo(name) < 0) {
            at += 2;
        }
        final String[] copy = new String[pairs.length + 2];
        System.arraycopy(pairs, 0, copy, 0, at);
        copy[at] = name;
        copy[at + 1] = value;
        System.arraycopy(pairs, at, copy, at + 2, pairs.length - at);
        return new LabelSet(copy);
    }

    private LabelSet remove(final int index) {
        if (pairs.length == 2) {
            return EMPTY;
        }
        final String[] copy = new String[pairs.length - 2];
        System.arraycopy(pairs, 0, copy, 0, index);
        System.arraycopy(pairs, index + 2, copy, index, pairs.length - index - 2);
        return new LabelSet(copy);
    }

    /** @return this label set without {@value #METRIC_NAME}. */
    public LabelSet withoutMetricName() {
        final int index = indexOf(METRIC_NAME);
        return index < 0 ? this : remove(index);
    }

    /**
     * @param names label names to keep.
     * @return a label set with only those labels.
     */
    public LabelSet keep(final Collection<String> names) {
        int kept = 0;
        final boolean[] keep = new boolean[size()];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = names.contains(pairs[i << 1]);
            kept += keep[i] ? 1 : 0;
        }
        return select(keep, kept);
    }

    /**
     * @param names label names to drop.
     * @return a label set without those labels.
     */
    public LabelSet without(final Collection<String> names) {
        int kept = 0;
        final boolean[] keep = new boolean[size()];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = !names.contains(pairs[i << 1]);
            kept += keep[i] ? 1 : 0;
        }
        return select(keep, kept);
    }

    private LabelSet select(final boolean[] keep, final int kept) {
        if (kept == keep.length) {
            return this;
        }
        if (kept == 0) {
            return EMPTY;
        }
        final String[] copy = new String[kept * 2];
        int at = 0;
        for (int i = 0; i < keep.length; i++) {
            if (keep[i]) {
                copy[at++] = pairs[i << 1];
                copy[at++] = pairs[(i << 1) + 1];
            }
        }
        return new LabelSet(copy);
    }

    @Override
    public boolean equals(final Object o) {
        return this == o || (o instanceof LabelSet other && hashCode() == other.hashCode() &&
            Arrays.equals(pairs, other.pairs));
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(pairs);
            hash = h == 0 ? 1 : h;
        }
        return hash;
    }

    /** Orders as Prometheus' {@code labels.Compare}: pair by pair, name before value, then by size. */
    @Override
    public int compareTo(final LabelSet other) {
        final int common = Math.min(pairs.length, other.pairs.length);
        for (int i = 0; i < common; i++) {
            final int cmp = pairs[i].compareTo(other.pairs[i]);
            if (cmp != 0) {
                return cmp;
            }
        }
        return Integer.compare(pairs.length, other.pairs.length);
    }

    /** @return {@code {a="1", b="2"}} as Prometheus prints label sets, values quoted like Go's {@code %q}. */
    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder(16 + pairs.length * 8).append('{');
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(pairs[i]).append('=');
            GoQuote.appendQuoted(sb, pairs[i + 1]);
        }
        return sb.append('}').toString();
    }
}
