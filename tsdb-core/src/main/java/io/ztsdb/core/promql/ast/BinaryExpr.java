// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.ast;

import io.ztsdb.core.promql.ValueType;

/**
 * A binary operation.
 *
 * @param op         the operator.
 * @param lhs        left operand.
 * @param rhs        right operand.
 * @param matching   vector matching, null unless both operands are instant vectors.
 * @param returnBool true with the {@code bool} modifier.
 * @param start      first char.
 * @param end        past the last char.
 */
public record BinaryExpr(TokenType op, Expr lhs, Expr rhs, VectorMatching matching, boolean returnBool, int start,
    int end) implements Expr {

    @Override
    public ValueType type() {
        return lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR ? ValueType.SCALAR :
            ValueType.VECTOR;
    }

    /** @return the operator with its modifiers, e.g. {@code "* on (a) group_left (b)"}. */
    public String operatorText() {
        return op.text() + (returnBool ? " bool" : "") + (matching == null ? "" : matching.text());
    }

    @Override
    public String toString() {
        return lhs + " " + operatorText() + " " + rhs;
    }
}
