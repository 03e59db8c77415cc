// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.eval;

import io.ztsdb.core.promql.LabelSet;
import io.ztsdb.core.promql.ValueType;
import io.ztsdb.core.promql.ast.BinaryExpr;
import io.ztsdb.core.promql.ast.TokenType;
import io.ztsdb.core.promql.ast.VectorMatching;
import io.ztsdb.core.promql.functions.GoMath;

/**
 * Binary operations: between scalars, between a vector and a scalar (series by series), and between two
 * vectors (set operations and vector matching, see {@link VectorMatcher}).
 */
final class BinaryEvaluator {
    private final Evaluator evaluator;
    private final EvalContext ctx;

    BinaryEvaluator(final Evaluator evaluator, final EvalContext ctx) {
        this.evaluator = evaluator;
        this.ctx = ctx;
    }

    double[] scalars(final BinaryExpr binary, final StepGrid grid) {
        final double[] lhs = evaluator.scalar(binary.lhs(), grid);
        final double[] rhs = evaluator.scalar(binary.rhs(), grid);
        for (int i = 0; i < lhs.length; i++) {
            final double value = apply(binary.op(), lhs[i], rhs[i]);
            lhs[i] = binary.op().isComparison() ? (keep(binary.op(), lhs[i], rhs[i]) ? 1 : 0) : value;
        }
        return lhs;
    }

    SeriesStream vector(final BinaryExpr binary, final StepGrid grid) {
        final boolean lhsScalar = binary.lhs().type() == ValueType.SCALAR;
        final boolean rhsScalar = binary.rhs().type() == ValueType.SCALAR;
        if (lhsScalar || rhsScalar) {
            return vectorScalar(binary, grid, lhsScalar);
        }
        final VectorMatching matching = binary.matching() == null ? VectorMatching.DEFAULT : binary.matching();
        final StepMatrix lhs = evaluator.matrix(binary.lhs(), grid);
        final StepMatrix rhs = evaluator.matrix(binary.rhs(), grid);
        final VectorMatcher matcher = new VectorMatcher(ctx, binary.op(), matching, binary.returnBool(), grid.count());
        return switch (binary.op()) {
            case LAND -> matcher.and(lhs, rhs).stream();
            case LOR -> matcher.or(lhs, rhs).stream();
            case LUNLESS -> matcher.unless(lhs, rhs).stream();
            default -> matcher.match(lhs, rhs).stream();
        };
    }

    /** Prometheus' {@code VectorscalarBinop}: the vector's series keep their place; comparisons filter. */
    private SeriesStream vectorScalar(final BinaryExpr binary, final StepGrid grid, final boolean scalarOnLeft) {
        final TokenType op = binary.op();
        final boolean returnBool = binary.returnBool();
        final double[] scalar = evaluator.scalar(scalarOnLeft ? binary.lhs() : binary.rhs(), grid);
        final SeriesStream vector = evaluator.vector(scalarOnLeft ? binary.rhs() : binary.lhs(), grid);
        final boolean dropName = dropsMetricName(op) || returnBool;
        return new MappedStream(vector, dropName ? LabelSet::withoutMetricName : null, series -> {
            final double[] v = series.values();
            for (int i = series.nextPresent(0); i >= 0; i = series.nextPresent(i + 1)) {
                final double lv = scalarOnLeft ? scalar[i] : v[i];
                final double rv = scalarOnLeft ? v[i] : scalar[i];
                double value = apply(op, lv, rv);
                boolean keep = keep(op, lv, rv);
                if (op.isComparison() && scalarOnLeft) {
                    value = rv;
                }
                if (returnBool) {
                    value = keep ? 1 : 0;
                    keep = true;
                }
                if (keep) {
                    v[i] = value;
                } else {
                    series.clear(i);
                }
            }
        });
    }

    /** Prometheus' {@code shouldDropMetricName}: arithmetic drops the metric name, comparisons keep it. */
    static boolean dropsMetricName(final TokenType op) {
        return switch (op) {
            case ADD, SUB, MUL, DIV, POW, MOD -> true;
            default -> false;
        };
    }

    /** @return the value of {@code lhs op rhs}; for comparisons, {@code lhs} (see {@link #keep}). */
    static double apply(final TokenType op, final double lhs, final double rhs) {
        return switch (op) {
            case ADD -> lhs + rhs;
            case SUB -> lhs - rhs;
            case MUL -> lhs * rhs;
            case DIV -> lhs / rhs;
            case POW -> GoMath.pow(lhs, rhs);
            case MOD -> lhs % rhs;
            case ATAN2 -> Math.atan2(lhs, rhs);
            default -> lhs;
        };
    }

    /** @return false when a comparison filters the pair out; true for arithmetic. */
    static boolean keep(final TokenType op, final double lhs, final double rhs) {
        return switch (op) {
            case EQLC -> lhs == rhs;
            case NEQ -> lhs != rhs;
            case GTR -> lhs > rhs;
            case LSS -> lhs < rhs;
            case GTE -> lhs >= rhs;
            case LTE -> lhs <= rhs;
            default -> true;
        };
    }
}
