// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.eval;

import io.ztsdb.core.promql.LabelSet;
import io.ztsdb.core.promql.ast.AggregateExpr;
import io.ztsdb.core.promql.ast.BinaryExpr;
import io.ztsdb.core.promql.ast.Call;
import io.ztsdb.core.promql.ast.Expr;
import io.ztsdb.core.promql.ast.NumberLiteral;
import io.ztsdb.core.promql.ast.ParenExpr;
import io.ztsdb.core.promql.ast.StringLiteral;
import io.ztsdb.core.promql.ast.SubqueryExpr;
import io.ztsdb.core.promql.ast.UnaryExpr;
import io.ztsdb.core.promql.ast.VectorSelector;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Evaluates a type-checked PromQL expression over a {@link StepGrid}, with Prometheus' semantics. Scalars come
 * out as one value per step, instant vectors as a {@link SeriesStream} (one series at a time, so that
 * aggregations and range functions never hold more than they need), strings as they are.
 * <p>
 * <b>Design note:</b> Prometheus evaluates step by step over whole vectors; this evaluator goes series by series
 * over all steps, which keeps the inner loops on primitive arrays (no object per sample) and lets a range window
 * slide over each series' samples once. Where Prometheus' semantics are per step (vector matching, topk,
 * quantile, count_values, duplicate detection) the operation works per step over materialised inputs, with the
 * series' matching signatures computed once.
 */
public final class Evaluator {
    private final EvalContext ctx;
    private final FunctionEvaluator functions;
    private final AggregationEvaluator aggregations;
    private final BinaryEvaluator binaries;

    /** @param ctx the query's context. */
    public Evaluator(final EvalContext ctx) {
        this.ctx = ctx;
        this.functions = new FunctionEvaluator(this, ctx);
        this.aggregations = new AggregationEvaluator(this, ctx);
        this.binaries = new BinaryEvaluator(this, ctx);
    }

    /**
     * @param expr an expression of type scalar.
     * @param grid the evaluation times.
     * @return its value at every step.
     */
    public double[] scalar(final Expr expr, final StepGrid grid) {
        return switch (expr) {
            case NumberLiteral number -> {
                final double[] values = new double[grid.count()];
                Arrays.fill(values, number.value());
                yield values;
            }
            case ParenExpr paren -> scalar(paren.expr(), grid);
            case UnaryExpr unary -> {
                final double[] values = scalar(unary.expr(), grid);
                if (unary.negate()) {
                    for (int i = 0; i < values.length; i++) {
                        values[i] = -values[i];
                    }
                }
                yield values;
            }
            case BinaryExpr binary -> binaries.scalars(binary, grid);
            case Call call -> functions.scalar(call, grid);
            default -> throw new IllegalStateException("not a scalar expression: " + expr);
        };
    }

    /**
     * @param expr an expression of type instant vector.
     * @param grid the evaluation times.
     * @return its series; series without any sample may or may not be included.
     */
    public SeriesStream vector(final Expr expr, final StepGrid grid) {
        ctx.checkInterrupt();
        return switch (expr) {
            case VectorSelector selector -> new SelectorStream(ctx, selector, grid, false);
            case ParenExpr paren -> vector(paren.expr(), grid);
            case UnaryExpr unary -> unary.negate() ? negate(vector(unary.expr(), grid)) : vector(unary.expr(), grid);
            case BinaryExpr binary -> binaries.vector(binary, grid);
            case AggregateExpr aggregate -> aggregations.evaluate(aggregate, grid);
            case Call call -> functions.vector(call, grid);
            default -> throw new IllegalStateException("not an instant vector expression: " + expr);
        };
    }

    /** @return the whole vector of {@code expr}, series without samples left out. */
    StepMatrix matrix(final Expr expr, final StepGrid grid) {
        return StepMatrix.of(ctx, grid.count(), vector(expr, grid));
    }

    /**
     * @param expr an expression of type string.
     * @return its value.
     */
    public String string(final Expr expr) {
        return switch (expr) {
            case StringLiteral literal -> literal.value();
            case ParenExpr paren -> string(paren.expr());
            default -> throw new IllegalStateException("not a string expression: " + expr);
        };
    }

    /** Unary minus: negates and drops the metric name; two results with the same labels are an error. */
    private static SeriesStream negate(final SeriesStream input) {
        final Set<LabelSet> seen = new HashSet<>();
        final SeriesStream negated = MappedStream.dropNameAndMap(input, v -> -v);
        return () -> {
            final StepSeries s = negated.next();
            if (s != null && !seen.add(s.labels())) {
                throw EvalContext.executionError("vector cannot contain metrics with the same labelset");
            }
            return s;
        };
    }

    /**
     * Evaluates a subquery's inner expression over the subquery's own grid: steps aligned to multiples of the
     * step, from the first one at or after {@code first reference time - range} to the last reference time.
     *
     * @return the inputs of a range function over the subquery's results.
     */
    RangeInputs subquery(final SubqueryExpr subquery, final StepGrid outer) {
        final long step = subquery.stepMillis() != 0 ? subquery.stepMillis() : ctx.subqueryStepMillis();
        final long firstRef;
        final long lastRef;
        if (subquery.at().isSet()) {
            firstRef = subquery.at().resolve(ctx.queryStartMillis(), ctx.queryEndMillis(), 0) -
                subquery.offsetMillis();
            lastRef = firstRef;
        } else {
            firstRef = outer.startMillis() - subquery.offsetMillis();
            lastRef = outer.lastTime() - subquery.offsetMillis();
        }
        final long from = firstRef - subquery.rangeMillis();
        long start = step * (from / step);
        if (start < from) {
            start += step;
        }
        final StepMatrix inner;
        final StepGrid grid;
        if (start > lastRef) {
            grid = null;
            inner = new StepMatrix(0, List.of());
        } else {
            grid = new StepGrid(start, lastRef, step);
            inner = matrix(subquery.expr(), grid);
        }
        return new RangeInputs.Subquery(inner, grid, subquery.rangeMillis(), subquery.offsetMillis(),
            subquery.at());
    }

    /** @return {@code expr} without enclosing parentheses. */
    static Expr unwrap(final Expr expr) {
        Expr e = expr;
        while (e instanceof ParenExpr paren) {
            e = paren.expr();
        }
        return e;
    }

    EvalContext context() {
        return ctx;
    }
}
