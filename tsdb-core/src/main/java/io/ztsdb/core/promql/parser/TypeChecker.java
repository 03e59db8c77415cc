// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.parser;

import io.ztsdb.core.promql.LabelSet;
import io.ztsdb.core.promql.PromqlParseException;
import io.ztsdb.core.promql.ValueType;
import io.ztsdb.core.promql.ast.AggregateExpr;
import io.ztsdb.core.promql.ast.BinaryExpr;
import io.ztsdb.core.promql.ast.Call;
import io.ztsdb.core.promql.ast.Expr;
import io.ztsdb.core.promql.ast.Function;
import io.ztsdb.core.promql.ast.Matcher;
import io.ztsdb.core.promql.ast.MatrixSelector;
import io.ztsdb.core.promql.ast.NumberLiteral;
import io.ztsdb.core.promql.ast.ParenExpr;
import io.ztsdb.core.promql.ast.StringLiteral;
import io.ztsdb.core.promql.ast.SubqueryExpr;
import io.ztsdb.core.promql.ast.TokenType;
import io.ztsdb.core.promql.ast.UnaryExpr;
import io.ztsdb.core.promql.ast.VectorMatching;
import io.ztsdb.core.promql.ast.VectorSelector;

/**
 * The semantic checks of Prometheus' parser ({@code checkAST} in {@code parse.go}), in the same order, with the
 * same messages: operand types, argument counts and types, vector matching rules, selector sanity.
 */
final class TypeChecker {
    private final String query;

    private TypeChecker(final String query) {
        this.query = query;
    }

    static void check(final String query, final Expr expr) {
        new TypeChecker(query).check(expr);
    }

    private PromqlParseException error(final int position, final String message) {
        return new PromqlParseException(query, position, message);
    }

    private ValueType check(final Expr expr) {
        switch (expr) {
            case AggregateExpr aggregate -> checkAggregate(aggregate);
            case BinaryExpr binary -> checkBinary(binary);
            case Call call -> checkCall(call);
            case ParenExpr paren -> check(paren.expr());
            case UnaryExpr unary -> {
                final ValueType type = check(unary.expr());
                if (type != ValueType.SCALAR && type != ValueType.VECTOR) {
                    throw error(unary.start(), "unary expression only allowed on expressions of type scalar or " +
                        "instant vector, got \"" + type.documentedName() + "\"");
                }
            }
            case SubqueryExpr subquery -> {
                final ValueType type = check(subquery.expr());
                if (type != ValueType.VECTOR) {
                    throw error(subquery.start(), "subquery is only allowed on instant vector, got " +
                        type.apiName() + " instead");
                }
            }
            case MatrixSelector matrix -> check(matrix.selector());
            case VectorSelector selector -> checkSelector(selector);
            case NumberLiteral ignored -> {
            }
            case StringLiteral ignored -> {
            }
        }
        return expr.type();
    }

    private void expectType(final Expr expr, final ValueType want, final String context) {
        final ValueType type = check(expr);
        if (type != want) {
            throw error(expr.start(), "expected type " + want.documentedName() + " in " + context + ", got " +
                type.documentedName());
        }
    }

    private void checkAggregate(final AggregateExpr aggregate) {
        expectType(aggregate.expr(), ValueType.VECTOR, "aggregation expression");
        switch (aggregate.op()) {
            case TOPK, BOTTOMK, QUANTILE -> expectType(aggregate.param(), ValueType.SCALAR, "aggregation parameter");
            case COUNT_VALUES -> expectType(aggregate.param(), ValueType.STRING, "aggregation parameter");
            default -> {
            }
        }
    }

    private void checkBinary(final BinaryExpr binary) {
        final ValueType lt = check(binary.lhs());
        final ValueType rt = check(binary.rhs());
        final int opPosition = operatorPosition(binary);
        final TokenType op = binary.op();
        if (binary.returnBool() && !op.isComparison()) {
            throw error(opPosition, "bool modifier can only be used on comparison operators");
        }
        if (op.isComparison() && !binary.returnBool() && lt == ValueType.SCALAR && rt == ValueType.SCALAR) {
            throw error(opPosition, "comparisons between scalars must use BOOL modifier");
        }
        final VectorMatching matching = binary.matching();
        if (matching != null && matching.on()) {
            for (final String label : matching.matchingLabels()) {
                if (matching.include().contains(label)) {
                    throw error(opPosition, "label \"" + label + "\" must not occur in ON and GROUP clause at once");
                }
            }
        }
        if (lt != ValueType.SCALAR && lt != ValueType.VECTOR) {
            throw error(binary.lhs().start(), "binary expression must contain only scalar and instant vector types");
        }
        if (rt != ValueType.SCALAR && rt != ValueType.VECTOR) {
            throw error(binary.rhs().start(), "binary expression must contain only scalar and instant vector types");
        }
        if ((lt != ValueType.VECTOR || rt != ValueType.VECTOR) && matching != null) {
            if (!matching.matchingLabels().isEmpty()) {
                throw error(binary.start(), "vector matching only allowed between instant vectors");
            }
        } else if (op.isSetOperator() && matching != null) {
            if (matching.cardinality() == VectorMatching.Cardinality.ONE_TO_MANY ||
                matching.cardinality() == VectorMatching.Cardinality.MANY_TO_ONE) {
                throw error(binary.start(), "no grouping allowed for \"" + op.text() + "\" operation");
            }
        }
        if ((lt == ValueType.SCALAR || rt == ValueType.SCALAR) && op.isSetOperator()) {
            throw error(binary.start(), "set operator \"" + op.text() + "\" not allowed in binary scalar expression");
        }
    }

    /** The first non-space char after the left operand: where the operator is. */
    private int operatorPosition(final BinaryExpr binary) {
        int pos = binary.lhs().end();
        while (pos < query.length() && Character.isWhitespace(query.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    private void checkCall(final Call call) {
        final Function function = call.function();
        final int declared = function.argTypes().size();
        final int given = call.args().size();
        if (function.variadic() == 0) {
            if (declared != given) {
                throw error(call.start(), "expected " + declared + " argument(s) in call to \"" + function.name() +
                    "\", got " + given);
            }
        } else {
            final int required = declared - 1;
            if (required > given) {
                throw error(call.start(), "expected at least " + required + " argument(s) in call to \"" +
                    function.name() + "\", got " + given);
            }
            if (function.variadic() > 0 && required + function.variadic() < given) {
                throw error(call.start(), "expected at most " + (required + function.variadic()) +
                    " argument(s) in call to \"" + function.name() + "\", got " + given);
            }
        }
        for (int i = 0; i < given; i++) {
            int typeIndex = i;
            if (i >= declared) {
                if (function.variadic() == 0) {
                    break;
                }
                typeIndex = declared - 1;
            }
            expectType(call.args().get(i), function.argTypes().get(typeIndex),
                "call to function \"" + function.name() + "\"");
        }
    }

    private void checkSelector(final VectorSelector selector) {
        if (selector.name() != null) {
            for (final Matcher m : selector.matchers()) {
                if (LabelSet.METRIC_NAME.equals(m.name())) {
                    throw error(selector.start(), "metric name must not be set twice: \"" + selector.name() +
                        "\" or \"" + m.value() + "\"");
                }
            }
            return;
        }
        for (final Matcher m : selector.matchers()) {
            if (!m.matches("")) {
                return;
            }
        }
        throw error(selector.start(), "vector selector must contain at least one non-empty matcher");
    }
}
