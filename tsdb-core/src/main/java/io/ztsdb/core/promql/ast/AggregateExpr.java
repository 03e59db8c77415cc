// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.ast;

import io.ztsdb.core.promql.ValueType;

import java.util.List;

/**
 * An aggregation: {@code op by|without (labels) ([param,] expr)}.
 *
 * @param op       the aggregator.
 * @param expr     the aggregated expression.
 * @param param    the parameter of topk, bottomk, quantile and count_values, else null.
 * @param grouping the labels of {@code by} or {@code without}.
 * @param without  true for {@code without}.
 * @param start    first char.
 * @param end      past the last char.
 */
public record AggregateExpr(TokenType op, Expr expr, Expr param, List<String> grouping, boolean without, int start,
    int end) implements Expr {

    /** Copies the grouping list. */
    public AggregateExpr {
        grouping = List.copyOf(grouping);
    }

    @Override
    public ValueType type() {
        return ValueType.VECTOR;
    }

    /** @return {@code sum by (a, b) } or {@code sum} as Prometheus prints the operator with its grouping. */
    public String operatorText() {
        if (without) {
            return op.text() + " without (" + String.join(", ", grouping) + ") ";
        }
        if (!grouping.isEmpty()) {
            return op.text() + " by (" + String.join(", ", grouping) + ") ";
        }
        return op.text();
    }

    @Override
    public String toString() {
        return operatorText() + "(" + (param == null ? "" : param + ", ") + expr + ")";
    }
}
