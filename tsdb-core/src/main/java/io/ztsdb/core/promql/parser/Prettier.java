// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.parser;

import io.ztsdb.core.promql.ast.AggregateExpr;
import io.ztsdb.core.promql.ast.BinaryExpr;
import io.ztsdb.core.promql.ast.Call;
import io.ztsdb.core.promql.ast.Expr;
import io.ztsdb.core.promql.ast.ParenExpr;
import io.ztsdb.core.promql.ast.SubqueryExpr;
import io.ztsdb.core.promql.ast.UnaryExpr;

/**
 * Formats an expression as Prometheus' {@code format_query} does ({@code parser/prettier.go}): an expression whose
 * text fits in 100 chars stays on one line, longer ones are split at operators, aggregations, calls and
 * parentheses, two spaces per level.
 */
public final class Prettier {
    private static final int MAX_CHARACTERS_PER_LINE = 100;

    private Prettier() {
    }

    /** @return the expression formatted. */
    public static String format(final Expr expr) {
        return pretty(expr, 0);
    }

    private static String pretty(final Expr expr, final int level) {
        final String indent = "  ".repeat(level);
        final String text = expr.toString();
        final boolean split = text.length() > MAX_CHARACTERS_PER_LINE;
        return switch (expr) {
            case AggregateExpr aggregate -> {
                if (!split) {
                    yield indent + text;
                }
                final StringBuilder sb = new StringBuilder(indent).append(aggregate.operatorText()).append("(\n");
                if (aggregate.param() != null) {
                    sb.append(pretty(aggregate.param(), level + 1)).append(",\n");
                }
                yield sb.append(pretty(aggregate.expr(), level + 1)).append('\n').append(indent).append(')')
                    .toString();
            }
            case BinaryExpr binary -> split ? pretty(binary.lhs(), level + 1) + "\n" + indent +
                binary.operatorText() + "\n" + pretty(binary.rhs(), level + 1) : indent + text;
            case Call call -> {
                if (!split) {
                    yield indent + text;
                }
                final StringBuilder sb = new StringBuilder(indent).append(call.function().name()).append("(\n");
                for (int i = 0; i < call.args().size(); i++) {
                    if (i > 0) {
                        sb.append(",\n");
                    }
                    sb.append(pretty(call.args().get(i), level + 1));
                }
                yield sb.append('\n').append(indent).append(')').toString();
            }
            case ParenExpr paren -> split ? indent + "(\n" + pretty(paren.expr(), level + 1) + "\n" + indent + ")" :
                indent + text;
            case SubqueryExpr subquery -> split ? pretty(subquery.expr(), level) + subquery.timeSuffix() : text;
            case UnaryExpr unary -> indent + (unary.negate() ? "-" : "+") + pretty(unary.expr(), level).strip();
            default -> indent + text;
        };
    }
}
