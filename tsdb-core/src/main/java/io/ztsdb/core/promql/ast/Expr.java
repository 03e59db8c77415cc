// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.ast;

import io.ztsdb.core.promql.ValueType;

/**
 * A node of a parsed PromQL expression. Immutable; positions are char offsets into the query text.
 */
public sealed interface Expr permits AggregateExpr, BinaryExpr, Call, MatrixSelector, NumberLiteral, ParenExpr,
    StringLiteral, SubqueryExpr, UnaryExpr, VectorSelector {

    /** @return the type the expression evaluates to. */
    ValueType type();

    /** @return offset of the first char of the expression in the query. */
    int start();

    /** @return offset just past the last char of the expression in the query. */
    int end();

    /** @return the expression in Prometheus' canonical text form (its {@code String()}). */
    String toString();
}
