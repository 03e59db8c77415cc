// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.ast;

import io.ztsdb.core.promql.GoFloat;

/**
 * The {@code @} modifier of a selector or subquery: none, a fixed time, or the query's start or end.
 *
 * @param kind            which form.
 * @param timestampMillis the time for {@link Kind#TIME}.
 */
public record AtModifier(Kind kind, long timestampMillis) {
    /** No {@code @} modifier. */
    public static final AtModifier NONE = new AtModifier(Kind.NONE, 0);
    /** {@code @ start()}. */
    public static final AtModifier START = new AtModifier(Kind.START, 0);
    /** {@code @ end()}. */
    public static final AtModifier END = new AtModifier(Kind.END, 0);

    /** The forms of the modifier. */
    public enum Kind {
        /** Absent. */
        NONE,
        /** {@code @ <seconds>}. */
        TIME,
        /** {@code @ start()}. */
        START,
        /** {@code @ end()}. */
        END
    }

    /** @return {@code @ <timestampMillis>}. */
    public static AtModifier at(final long timestampMillis) {
        return new AtModifier(Kind.TIME, timestampMillis);
    }

    /** @return true unless {@link Kind#NONE}. */
    public boolean isSet() {
        return kind != Kind.NONE;
    }

    /**
     * @param queryStartMillis start of the query.
     * @param queryEndMillis   end of the query.
     * @param evalMillis       the evaluation time to use when there is no modifier.
     * @return the time the modifier fixes, or {@code evalMillis}.
     */
    public long resolve(final long queryStartMillis, final long queryEndMillis, final long evalMillis) {
        return switch (kind) {
            case NONE -> evalMillis;
            case TIME -> timestampMillis;
            case START -> queryStartMillis;
            case END -> queryEndMillis;
        };
    }

    /** @return {@code " @ 123.000"}, {@code " @ start()"}, or the empty string, as Prometheus prints it. */
    String suffix() {
        return switch (kind) {
            case NONE -> "";
            case TIME -> " @ " + GoFloat.formatFixed3(timestampMillis);
            case START -> " @ start()";
            case END -> " @ end()";
        };
    }
}
