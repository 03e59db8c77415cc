// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.eval;

import io.ztsdb.core.SampleCursor;
import io.ztsdb.core.promql.LabelSet;
import io.ztsdb.core.promql.ast.Expr;
import io.ztsdb.core.promql.ast.MatrixSelector;
import io.ztsdb.core.promql.ast.SubqueryExpr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The value of a range vector as the result of an instant query ({@code foo[5m]}, {@code rate(x[1m])[10m:]}):
 * the raw samples of each series in its window, stale markers left out.
 */
public final class RangeVectorEvaluator {
    private RangeVectorEvaluator() {
    }

    /** One series of a range vector. */
    public record RawSeries(LabelSet labels, long[] timestamps, double[] values, int count) {
    }

    /**
     * @param evaluator the evaluator.
     * @param expr      a range-vector expression (matrix selector or subquery, maybe in parentheses).
     * @param timeMillis the instant query's time.
     * @return its series with samples.
     */
    public static List<RawSeries> evaluate(final Evaluator evaluator, final Expr expr, final long timeMillis) {
        final EvalContext ctx = evaluator.context();
        final StepGrid grid = StepGrid.instant(timeMillis);
        final Expr unwrapped = Evaluator.unwrap(expr);
        final List<RawSeries> result = new ArrayList<>();
        if (unwrapped instanceof SubqueryExpr subquery) {
            final RangeInputs.Subquery inputs = (RangeInputs.Subquery) evaluator.subquery(subquery, grid);
            for (final StepSeries s : inputs.matrix().series()) {
                final int n = s.count();
                final long[] t = new long[n];
                final double[] v = new double[n];
                int k = 0;
                for (int i = s.nextPresent(0); i >= 0; i = s.nextPresent(i + 1)) {
                    t[k] = inputs.grid().time(i);
                    v[k++] = s.value(i);
                }
                result.add(new RawSeries(s.labels(), t, v, n));
            }
            return result;
        }
        final MatrixSelector matrix = (MatrixSelector) unwrapped;
        final RangeInputs inputs = new FunctionEvaluator(evaluator, ctx).rangeInputs(matrix, grid);
        final long ref = matrix.selector().at().resolve(ctx.queryStartMillis(), ctx.queryEndMillis(), timeMillis) -
            matrix.selector().offsetMillis();
        final SampleWindow window = new SampleWindow();
        for (int i = 0; i < inputs.size(); i++) {
            ctx.checkInterrupt();
            try (SampleCursor cursor = inputs.open(i, null)) {
                window.reset(cursor);
                window.slide(ref - matrix.rangeMillis(), ref);
            }
            ctx.addSamples(window.size());
            if (window.size() > 0) {
                result.add(new RawSeries(inputs.labels(i),
                    Arrays.copyOfRange(window.timestamps(), window.from(), window.to()),
                    Arrays.copyOfRange(window.values(), window.from(), window.to()), window.size()));
            }
        }
        return result;
    }
}
