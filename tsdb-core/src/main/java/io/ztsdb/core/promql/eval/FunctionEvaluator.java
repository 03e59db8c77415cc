// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.eval;

import io.ztsdb.core.promql.LabelSet;
import io.ztsdb.core.promql.ValueType;
import io.ztsdb.core.promql.ast.Call;
import io.ztsdb.core.promql.ast.Expr;
import io.ztsdb.core.promql.ast.Matcher;
import io.ztsdb.core.promql.ast.MatrixSelector;
import io.ztsdb.core.promql.ast.SubqueryExpr;
import io.ztsdb.core.promql.ast.VectorSelector;
import io.ztsdb.core.promql.functions.DateParts;
import io.ztsdb.core.promql.functions.GoMath;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

/**
 * Evaluates function calls: range functions over a matrix selector or a subquery through
 * {@link RangeFunctionStream}, the others over instant vectors and scalars.
 */
final class FunctionEvaluator {
    private final Evaluator evaluator;
    private final EvalContext ctx;

    FunctionEvaluator(final Evaluator evaluator, final EvalContext ctx) {
        this.evaluator = evaluator;
        this.ctx = ctx;
    }

    double[] scalar(final Call call, final StepGrid grid) {
        final double[] values = new double[grid.count()];
        switch (call.function().name()) {
            case "time" -> {
                for (int i = 0; i < values.length; i++) {
                    values[i] = grid.time(i) / 1000.0;
                }
            }
            case "pi" -> Arrays.fill(values, Math.PI);
            case "scalar" -> {
                final int[] counts = new int[values.length];
                final SeriesStream input = evaluator.vector(call.args().get(0), grid);
                for (StepSeries s = input.next(); s != null; s = input.next()) {
                    for (int i = s.nextPresent(0); i >= 0; i = s.nextPresent(i + 1)) {
                        counts[i]++;
                        values[i] = s.value(i);
                    }
                }
                for (int i = 0; i < values.length; i++) {
                    if (counts[i] != 1) {
                        values[i] = Double.NaN;
                    }
                }
            }
            default -> throw new IllegalStateException("not a scalar function: " + call.function().name());
        }
        return values;
    }

    SeriesStream vector(final Call call, final StepGrid grid) {
        final String name = call.function().name();
        final int rangeArg = rangeArgument(call);
        if (rangeArg >= 0) {
            return rangeFunction(call, rangeArg, grid);
        }
        final List<Expr> args = call.args();
        final DateParts date = DateParts.byName(name);
        if (date != null) {
            return date(date, args, grid);
        }
        return switch (name) {
            case "abs" -> map(args, grid, Math::abs);
            case "ceil" -> map(args, grid, Math::ceil);
            case "floor" -> map(args, grid, Math::floor);
            case "exp" -> map(args, grid, Math::exp);
            case "sqrt" -> map(args, grid, Math::sqrt);
            case "ln" -> map(args, grid, Math::log);
            case "log2" -> map(args, grid, GoMath::log2);
            case "log10" -> map(args, grid, GoMath::log10);
            case "sin" -> map(args, grid, Math::sin);
            case "cos" -> map(args, grid, Math::cos);
            case "tan" -> map(args, grid, Math::tan);
            case "asin" -> map(args, grid, Math::asin);
            case "acos" -> map(args, grid, Math::acos);
            case "atan" -> map(args, grid, Math::atan);
            case "sinh" -> map(args, grid, Math::sinh);
            case "cosh" -> map(args, grid, Math::cosh);
            case "tanh" -> map(args, grid, Math::tanh);
            case "asinh" -> map(args, grid, FunctionEvaluator::asinh);
            case "acosh" -> map(args, grid, FunctionEvaluator::acosh);
            case "atanh" -> map(args, grid, FunctionEvaluator::atanh);
            case "deg" -> map(args, grid, v -> v * 180 / Math.PI);
            case "rad" -> map(args, grid, v -> v * Math.PI / 180);
            case "sgn" -> map(args, grid, v -> v < 0 ? -1 : v > 0 ? 1 : v);
            case "round" -> round(args, grid);
            case "clamp", "clamp_min", "clamp_max" -> clamp(name, args, grid);
            case "timestamp" -> timestamp(args.get(0), grid);
            case "vector" -> vectorOf(evaluator.scalar(args.get(0), grid), grid);
            case "absent" -> absent(args.get(0), grid);
            case "sort", "sort_desc" -> sort(args.get(0), grid, name.equals("sort_desc"));
            case "label_replace" -> LabelFunctions.replace(evaluator, args, grid);
            case "label_join" -> LabelFunctions.join(evaluator, args, grid);
            case "histogram_quantile" -> HistogramQuantile.evaluate(evaluator, args, grid);
            case "histogram_count", "histogram_sum", "histogram_fraction" -> floatsIgnored(args, grid);
            default -> throw new IllegalStateException("unknown function: " + name);
        };
    }

    /** @return the position of the range-vector argument, or -1. */
    private static int rangeArgument(final Call call) {
        for (int i = 0; i < call.args().size(); i++) {
            if (call.args().get(i).type() == ValueType.MATRIX) {
                return i;
            }
        }
        return -1;
    }

    private SeriesStream rangeFunction(final Call call, final int rangeArg, final StepGrid grid) {
        final String name = call.function().name();
        final double[][] scalars = new double[call.args().size()][];
        for (int i = 0; i < scalars.length; i++) {
            if (i != rangeArg) {
                scalars[i] = evaluator.scalar(call.args().get(i), grid);
            }
        }
        final RangeInputs inputs = rangeInputs(call.args().get(rangeArg), grid);
        final RangeFunctionStream stream = new RangeFunctionStream(ctx, grid, inputs, RangeFunctions.get(name),
            scalars, name.equals("last_over_time"));
        if (name.equals("absent_over_time")) {
            return absentOverTime(stream, inputs, grid);
        }
        return stream;
    }

    /** @return the series of a matrix selector or subquery, with the time range the grid needs. */
    RangeInputs rangeInputs(final Expr arg, final StepGrid grid) {
        final Expr unwrapped = Evaluator.unwrap(arg);
        if (unwrapped instanceof SubqueryExpr subquery) {
            return evaluator.subquery(subquery, grid);
        }
        final MatrixSelector matrix = (MatrixSelector) unwrapped;
        final VectorSelector selector = matrix.selector();
        final long minRef;
        final long maxRef;
        if (selector.at().isSet()) {
            minRef = selector.at().resolve(ctx.queryStartMillis(), ctx.queryEndMillis(), 0) - selector.offsetMillis();
            maxRef = minRef;
        } else {
            minRef = grid.startMillis() - selector.offsetMillis();
            maxRef = grid.lastTime() - selector.offsetMillis();
        }
        return new RangeInputs.Stored(ctx, selector.allMatchers(), matrix.rangeMillis(), selector.offsetMillis(),
            selector.at(), minRef, maxRef);
    }

    /** {@code absent_over_time}: 1 at the steps where no series has a sample in its window. */
    private SeriesStream absentOverTime(final SeriesStream present, final RangeInputs inputs, final StepGrid grid) {
        final StepSeries covered = new StepSeries(LabelSet.empty(), grid.count());
        for (StepSeries s = present.next(); s != null; s = present.next()) {
            final long[] bits = s.presence();
            final long[] all = covered.presence();
            for (int w = 0; w < bits.length; w++) {
                all[w] |= bits[w];
            }
        }
        final StepSeries absent = new StepSeries(absentLabels(inputs.matchers()), grid.count());
        for (int i = 0; i < grid.count(); i++) {
            if (!covered.isPresent(i)) {
                absent.set(i, 1);
            }
        }
        return single(absent);
    }

    /** {@code absent}: 1 at the steps where the vector is empty, labelled from the selector's equality matchers. */
    private SeriesStream absent(final Expr arg, final StepGrid grid) {
        final StepSeries covered = new StepSeries(LabelSet.empty(), grid.count());
        final SeriesStream input = evaluator.vector(arg, grid);
        for (StepSeries s = input.next(); s != null; s = input.next()) {
            final long[] bits = s.presence();
            final long[] all = covered.presence();
            for (int w = 0; w < bits.length; w++) {
                all[w] |= bits[w];
            }
        }
        final LabelSet labels = arg instanceof VectorSelector selector ? absentLabels(selector.allMatchers()) :
            LabelSet.empty();
        final StepSeries absent = new StepSeries(labels, grid.count());
        for (int i = 0; i < grid.count(); i++) {
            if (!covered.isPresent(i)) {
                absent.set(i, 1);
            }
        }
        return single(absent);
    }

    /** Prometheus' {@code createLabelsForAbsentFunction}: equality matchers, a label matched twice left out. */
    private static LabelSet absentLabels(final List<Matcher> matchers) {
        LabelSet labels = LabelSet.empty();
        final Set<String> has = new HashSet<>();
        for (final Matcher m : matchers) {
            if (LabelSet.METRIC_NAME.equals(m.name())) {
                continue;
            }
            if (m.type() == Matcher.Type.EQUAL && has.add(m.name())) {
                labels = labels.with(m.name(), m.value());
            } else {
                labels = labels.with(m.name(), "");
            }
        }
        return labels;
    }

    private static SeriesStream single(final StepSeries series) {
        final StepSeries[] holder = {series};
        return () -> {
            final StepSeries s = holder[0];
            holder[0] = null;
            return s == null || s.isEmpty() ? null : s;
        };
    }

    private SeriesStream map(final List<Expr> args, final StepGrid grid,
        final DoubleUnaryOperator op) {
        return MappedStream.dropNameAndMap(evaluator.vector(args.get(0), grid), op);
    }

    private SeriesStream round(final List<Expr> args, final StepGrid grid) {
        final double[] toNearest = args.size() > 1 ? evaluator.scalar(args.get(1), grid) : null;
        return new MappedStream(evaluator.vector(args.get(0), grid), LabelSet::withoutMetricName, series -> {
            final double[] v = series.values();
            for (int i = series.nextPresent(0); i >= 0; i = series.nextPresent(i + 1)) {
                // As Prometheus: the inverse is used so that rounding to 0.1 gives 0.3, not 0.30000000000000004.
                final double inverse = 1.0 / (toNearest == null ? 1 : toNearest[i]);
                v[i] = Math.floor(v[i] * inverse + 0.5) / inverse;
            }
        });
    }

    private SeriesStream clamp(final String name, final List<Expr> args, final StepGrid grid) {
        final double[] first = evaluator.scalar(args.get(1), grid);
        final double[] second = args.size() > 2 ? evaluator.scalar(args.get(2), grid) : null;
        return new MappedStream(evaluator.vector(args.get(0), grid), LabelSet::withoutMetricName, series -> {
            final double[] v = series.values();
            for (int i = series.nextPresent(0); i >= 0; i = series.nextPresent(i + 1)) {
                switch (name) {
                    case "clamp_min" -> v[i] = Math.max(first[i], v[i]);
                    case "clamp_max" -> v[i] = Math.min(first[i], v[i]);
                    default -> {
                        if (second[i] < first[i]) {
                            series.clear(i);
                        } else {
                            v[i] = Math.max(first[i], Math.min(second[i], v[i]));
                        }
                    }
                }
            }
        });
    }

    /**
     * {@code timestamp}: of a selector, the times of the selected samples (Prometheus special-cases it); of any
     * other vector, the evaluation times.
     */
    private SeriesStream timestamp(final Expr arg, final StepGrid grid) {
        final Expr unwrapped = Evaluator.unwrap(arg);
        final SeriesStream input = unwrapped instanceof VectorSelector selector ?
            new SelectorStream(ctx, selector, grid, true) : evaluator.vector(arg, grid);
        final boolean fromSelector = unwrapped instanceof VectorSelector;
        return new MappedStream(input, LabelSet::withoutMetricName, series -> {
            if (!fromSelector) {
                final double[] v = series.values();
                for (int i = series.nextPresent(0); i >= 0; i = series.nextPresent(i + 1)) {
                    v[i] = grid.time(i) / 1000.0;
                }
            }
        });
    }

    private static SeriesStream vectorOf(final double[] values, final StepGrid grid) {
        final StepSeries series = new StepSeries(LabelSet.empty(), grid.count());
        for (int i = 0; i < values.length; i++) {
            series.set(i, values[i]);
        }
        return single(series);
    }

    private SeriesStream date(final DateParts part, final List<Expr> args, final StepGrid grid) {
        if (args.isEmpty()) {
            final StepSeries series = new StepSeries(LabelSet.empty(), grid.count());
            for (int i = 0; i < grid.count(); i++) {
                series.set(i, part.of(grid.time(i) / 1000));
            }
            return single(series);
        }
        return map(args, grid, v -> part.of(GoMath.toInt64(v)));
    }

    /** {@code sort} and {@code sort_desc}: order matters only for an instant query; ties and NaN as Prometheus. */
    private SeriesStream sort(final Expr arg, final StepGrid grid, final boolean descending) {
        final StepMatrix matrix = evaluator.matrix(arg, grid);
        if (grid.count() == 1) {
            final List<StepSeries> series = new ArrayList<>(matrix.series());
            series.sort((a, b) -> compareForSort(a.value(0), b.value(0), descending));
            return new StepMatrix(1, series).stream();
        }
        return matrix.stream();
    }

    private static int compareForSort(final double a, final double b, final boolean descending) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.isNaN(a) ? (Double.isNaN(b) ? 0 : 1) : -1;
        }
        return descending ? Double.compare(b, a) : Double.compare(a, b);
    }

    /** The native-histogram functions: ztsdb stores floats only, and these ignore float samples. */
    private SeriesStream floatsIgnored(final List<Expr> args, final StepGrid grid) {
        for (final Expr arg : args) {
            if (arg.type() == ValueType.SCALAR) {
                evaluator.scalar(arg, grid);
            } else {
                final SeriesStream input = evaluator.vector(arg, grid);
                while (input.next() != null) {
                    ctx.checkInterrupt();
                }
            }
        }
        return () -> null;
    }

    private static double asinh(final double x) {
        if (Double.isInfinite(x) || x == 0 || Double.isNaN(x)) {
            return x;
        }
        final double a = Math.abs(x);
        return Math.copySign(Math.log(a + Math.sqrt(a * a + 1)), x);
    }

    private static double acosh(final double x) {
        return Math.log(x + Math.sqrt(x * x - 1));
    }

    private static double atanh(final double x) {
        return 0.5 * Math.log((1 + x) / (1 - x));
    }
}
