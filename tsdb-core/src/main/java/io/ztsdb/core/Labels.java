// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An immutable set of labels ({@code name="value"} pairs) sorted by name, the second half of a series'
 * identity after its metric name: {@code container.cpu.usage{container_id="abc",runtime="docker"}}.
 * <p>
 * Label names match {@code [A-Za-z_][A-Za-z0-9_.]*}, must not start with {@code __} (reserved, e.g.
 * {@code __name__} for the metric name in selectors) and are unique. Values are non-empty: as in Prometheus,
 * a missing label and an empty one are the same thing to a selector, so an empty value is refused.
 */
public final class Labels {
    /** Most labels a series may carry. */
    public static final int MAX_LABEL_COUNT = 64;
    /** Longest label or metric name, in chars. */
    public static final int MAX_NAME_LENGTH = 255;
    /** Longest label value, in chars. */
    public static final int MAX_VALUE_LENGTH = 4096;

    private static final Labels EMPTY = new Labels(new String[0]);

    /** name0, value0, name1, value1, ... sorted by name. */
    private final String[] pairs;
    private int hash;

    private Labels(final String[] pairs) {
        this.pairs = pairs;
    }

    /** {@return the empty label set} */
    public static Labels empty() {
        return EMPTY;
    }

    /**
     * Builds a label set from alternating names and values, in any order.
     *
     * @param namesAndValues {@code name0, value0, name1, value1, ...}.
     * @return the sorted, validated label set.
     * @throws IllegalArgumentException on an odd count, a bad or duplicate name, or an empty value.
     */
    public static Labels of(final String... namesAndValues) {
        if ((namesAndValues.length & 1) != 0) {
            throw new IllegalArgumentException("names and values must come in pairs: length=" + namesAndValues.length);
        }
        if (namesAndValues.length == 0) {
            return EMPTY;
        }
        return sortAndValidate(namesAndValues.clone());
    }

    /**
     * Builds a label set from a map.
     *
     * @param labels label name to value.
     * @return the sorted, validated label set.
     * @throws IllegalArgumentException on a bad name or an empty value.
     */
    public static Labels of(final Map<String, String> labels) {
        if (labels.isEmpty()) {
            return EMPTY;
        }
        final String[] pairs = new String[labels.size() * 2];
        int i = 0;
        for (final Map.Entry<String, String> e : labels.entrySet()) {
            pairs[i++] = e.getKey();
            pairs[i++] = e.getValue();
        }
        return sortAndValidate(pairs);
    }

    /** {@return number of labels} */
    public int size() {
        return pairs.length >> 1;
    }

    /** {@return true when there are no labels} */
    public boolean isEmpty() {
        return pairs.length == 0;
    }

    /**
     * Returns the name of one label.
     *
     * @param index 0 to {@link #size()} - 1, in name order.
     * @return the name of the label at {@code index}.
     */
    public String name(final int index) {
        return pairs[index << 1];
    }

    /**
     * Returns the value of one label.
     *
     * @param index 0 to {@link #size()} - 1, in name order.
     * @return the value of the label at {@code index}.
     */
    public String value(final int index) {
        return pairs[(index << 1) + 1];
    }

    /**
     * Looks a label up by name.
     *
     * @param name a label name.
     * @return its value, or null when the label is absent.
     */
    public String get(final String name) {
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
                return pairs[(mid << 1) + 1];
            }
        }
        return null;
    }

    /** {@return the labels as an unmodifiable map in name order} */
    public Map<String, String> asMap() {
        final Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * Checks a metric name: {@code [A-Za-z_:][A-Za-z0-9_:.]*}, at most {@link #MAX_NAME_LENGTH} chars.
     *
     * @param metric the metric name.
     * @return the metric name.
     * @throws IllegalArgumentException when it is not valid.
     */
    public static String checkMetricName(final String metric) {
        if (metric == null || metric.isEmpty() || metric.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("metric name must have 1 to " + MAX_NAME_LENGTH + " chars: metric=" +
                metric);
        }
        for (int i = 0; i < metric.length(); i++) {
            final char c = metric.charAt(i);
            final boolean ok = isNameStart(c) || c == ':' || (i > 0 && (isDigit(c) || c == '.'));
            if (!ok) {
                throw new IllegalArgumentException("metric name must match [A-Za-z_:][A-Za-z0-9_:.]*: metric=" +
                    metric);
            }
        }
        return metric;
    }

    /**
     * Checks the syntax of a label name.
     *
     * @param name a label name to check: {@code [A-Za-z_][A-Za-z0-9_.]*}.
     * @return true when it is a syntactically valid label name (reserved {@code __} names included).
     */
    public static boolean isValidLabelName(final String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH || !isNameStart(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            final char c = name.charAt(i);
            if (!isNameStart(c) && !isDigit(c) && c != '.') {
                return false;
            }
        }
        return true;
    }

    static boolean isNameStart(final char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isDigit(final char c) {
        return c >= '0' && c <= '9';
    }

    private static Labels sortAndValidate(final String[] pairs) {
        final int count = pairs.length >> 1;
        if (count > MAX_LABEL_COUNT) {
            throw new IllegalArgumentException("too many labels: count=" + count + ", max=" + MAX_LABEL_COUNT);
        }
        for (int i = 0; i < pairs.length; i += 2) {
            checkLabel(pairs[i], pairs[i + 1]);
        }
        // Insertion sort of pairs by name: label sets are small.
        for (int i = 2; i < pairs.length; i += 2) {
            final String name = pairs[i];
            final String value = pairs[i + 1];
            int j = i - 2;
            while (j >= 0 && pairs[j].compareTo(name) > 0) {
                pairs[j + 2] = pairs[j];
                pairs[j + 3] = pairs[j + 1];
                j -= 2;
            }
            pairs[j + 2] = name;
            pairs[j + 3] = value;
        }
        for (int i = 2; i < pairs.length; i += 2) {
            if (pairs[i].equals(pairs[i - 2])) {
                throw new IllegalArgumentException("duplicate label name: name=" + pairs[i]);
            }
        }
        return new Labels(pairs);
    }

    private static void checkLabel(final String name, final String value) {
        if (!isValidLabelName(name)) {
            throw new IllegalArgumentException("label name must match [A-Za-z_][A-Za-z0-9_.]{0,254}: name=" + name);
        }
        if (name.startsWith("__")) {
            throw new IllegalArgumentException("label names starting with __ are reserved: name=" + name);
        }
        if (value == null || value.isEmpty() || value.length() > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("label value must have 1 to " + MAX_VALUE_LENGTH + " chars: name=" +
                name + ", value=" + value);
        }
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (Character.isSurrogate(c)) {
                final boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length() &&
                    Character.isLowSurrogate(value.charAt(i + 1));
                if (!paired) {
                    throw new IllegalArgumentException("label value has an unpaired surrogate: name=" + name +
                        ", index=" + i);
                }
                i++;
            }
        }
    }

    @Override
    public boolean equals(final Object o) {
        return this == o || (o instanceof Labels other && Arrays.equals(pairs, other.pairs));
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(pairs);
            hash = h;
        }
        return h;
    }

    /** {@return {@code {name0="value0",name1="value1"}} with {@code \\}, {@code "} and newline escaped} */
    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder(16 + pairs.length * 8);
        appendTo(sb);
        return sb.toString();
    }

    /**
     * Appends the canonical text form {@code {a="1",b="2"}} (escapes {@code \\}, {@code "}, newline).
     *
     * @param sb where to append.
     * @return {@code sb}.
     */
    public StringBuilder appendTo(final StringBuilder sb) {
        sb.append('{');
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(pairs[i]).append("=\"");
            appendEscaped(sb, pairs[i + 1]);
            sb.append('"');
        }
        return sb.append('}');
    }

    static void appendEscaped(final StringBuilder sb, final String value) {
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
    }
}
