// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.ast;

import io.ztsdb.core.promql.ValueType;

/**
 * {@code -expr} or {@code +expr} (a sign on a number literal is folded into the literal).
 *
 * @param negate true for {@code -}.
 * @param expr   the operand.
 * @param start  the operator.
 * @param end    past the operand.
 */
public record UnaryExpr(boolean negate, Expr expr, int start, int end) implements Expr {
    @Override
    public ValueType type() {
        return expr.type();
    }

    @Override
    public String toString() {
        return (negate ? "-" : "+") + expr;
    }
}
