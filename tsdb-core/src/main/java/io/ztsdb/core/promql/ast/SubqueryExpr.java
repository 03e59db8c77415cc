// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.ast;

import io.ztsdb.core.promql.Durations;
import io.ztsdb.core.promql.ValueType;

/**
 * A subquery: {@code expr[range:step] @ t offset d}.
 *
 * @param expr         the inner expression (an instant vector).
 * @param rangeMillis  the range.
 * @param stepMillis   the step, 0 for the default.
 * @param offsetMillis the offset.
 * @param at           the {@code @} modifier.
 * @param start        first char.
 * @param end          past the last char.
 */
public record SubqueryExpr(Expr expr, long rangeMillis, long stepMillis, long offsetMillis, AtModifier at, int start,
    int end) implements Expr {

    @Override
    public ValueType type() {
        return ValueType.MATRIX;
    }

    /** @return this subquery with another offset. */
    public SubqueryExpr withOffset(final long newOffsetMillis, final int newEnd) {
        return new SubqueryExpr(expr, rangeMillis, stepMillis, newOffsetMillis, at, start, newEnd);
    }

    /** @return this subquery with another {@code @} modifier. */
    public SubqueryExpr withAt(final AtModifier newAt, final int newEnd) {
        return new SubqueryExpr(expr, rangeMillis, stepMillis, offsetMillis, newAt, start, newEnd);
    }

    /** @return {@code [range:step] @ t offset d} as Prometheus prints it. */
    public String timeSuffix() {
        return "[" + Durations.format(rangeMillis) + ":" + (stepMillis == 0 ? "" : Durations.format(stepMillis)) +
            "]" + at.suffix() + Durations.offsetSuffix(offsetMillis);
    }

    @Override
    public String toString() {
        return expr + timeSuffix();
    }
}
