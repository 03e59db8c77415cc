// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.ast;

import java.util.List;

/**
 * How a binary operation between two instant vectors matches their series.
 *
 * @param cardinality    one-to-one, many-to-one ({@code group_left}), one-to-many ({@code group_right}) or
 *                       many-to-many (set operators).
 * @param matchingLabels the labels of {@code on} or {@code ignoring}.
 * @param on             true for {@code on}, false for {@code ignoring} (or neither).
 * @param include        the labels of {@code group_left} / {@code group_right} to copy from the "one" side.
 */
public record VectorMatching(Cardinality cardinality, List<String> matchingLabels, boolean on, List<String> include) {
    /** Matching without modifiers. */
    public static final VectorMatching DEFAULT = new VectorMatching(Cardinality.ONE_TO_ONE, List.of(), false,
        List.of());

    /** Copies the lists. */
    public VectorMatching {
        matchingLabels = List.copyOf(matchingLabels);
        include = List.copyOf(include);
    }

    /** Cardinality of a vector match. */
    public enum Cardinality {
        /** Each side has at most one series per match group. */
        ONE_TO_ONE,
        /** {@code group_left}: many on the left to one on the right. */
        MANY_TO_ONE,
        /** {@code group_right}: one on the left to many on the right. */
        ONE_TO_MANY,
        /** Set operators. */
        MANY_TO_MANY
    }

    /** @return this matching with another cardinality. */
    public VectorMatching withCardinality(final Cardinality newCardinality) {
        return new VectorMatching(newCardinality, matchingLabels, on, include);
    }

    /** @return {@code " on (a) group_left (b)"} as Prometheus prints it, or the empty string. */
    public String text() {
        if (matchingLabels.isEmpty() && !on) {
            return "";
        }
        String text = (on ? " on (" : " ignoring (") + String.join(", ", matchingLabels) + ")";
        if (cardinality == Cardinality.MANY_TO_ONE || cardinality == Cardinality.ONE_TO_MANY) {
            text += (cardinality == Cardinality.MANY_TO_ONE ? " group_left (" : " group_right (") +
                String.join(", ", include) + ")";
        }
        return text;
    }
}
