// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.ast;

import io.ztsdb.core.promql.ValueType;

/**
 * An expression in parentheses.
 *
 * @param expr  the inner expression.
 * @param start the opening parenthesis.
 * @param end   past the closing parenthesis.
 */
public record ParenExpr(Expr expr, int start, int end) implements Expr {
    @Override
    public ValueType type() {
        return expr.type();
    }

    @Override
    public String toString() {
        return "(" + expr + ")";
    }
}
