// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.eval;

import io.ztsdb.core.promql.GoFloat;
import io.ztsdb.core.promql.LabelSet;
import io.ztsdb.core.promql.ast.AggregateExpr;
import io.ztsdb.core.promql.ast.TokenType;
import io.ztsdb.core.promql.functions.Quantiles;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ForkJoinPool;

/**
 * Aggregations ({@code sum by (...)}, {@code topk}, ...). sum, avg, min, max, count, group, stddev and stdvar
 * fold the input stream series by series into per-group, per-step accumulators, as Prometheus folds per step in
 * input order; topk, bottomk, quantile and count_values work per step over the materialised input.
 * <p>
 * <b>Design note:</b> sum, min, max, count and group merge exactly (but for the rounding of sums), so a large
 * input that can be split ({@link SplittableStream}) is folded by several threads, each over its share of the
 * series, and the partial accumulators are merged in part order.
 */
final class AggregationEvaluator {
    /** Fewest series a thread gets when an aggregation is folded in parallel. */
    private static final int MIN_SERIES_PER_PART = 32;
    /** Fewest series x steps worth folding in parallel. */
    private static final long MIN_POINTS_FOR_PARALLEL = 200_000;
    /** Most threads one aggregation uses: the {@value #PARALLELISM_PROP_NAME} property, else the CPU count. */
    static final String PARALLELISM_PROP_NAME = "ztsdb.promql.parallelism";
    private static final int MAX_PARTS = Integer.getInteger(PARALLELISM_PROP_NAME,
        Math.min(4, Runtime.getRuntime().availableProcessors()));

    private final Evaluator evaluator;
    private final EvalContext ctx;

    AggregationEvaluator(final Evaluator evaluator, final EvalContext ctx) {
        this.evaluator = evaluator;
        this.ctx = ctx;
    }

    SeriesStream evaluate(final AggregateExpr aggregate, final StepGrid grid) {
        return switch (aggregate.op()) {
            case TOPK, BOTTOMK -> TopK.evaluate(evaluator, ctx, aggregate, grid);
            case QUANTILE -> quantile(aggregate, grid);
            case COUNT_VALUES -> countValues(aggregate, grid);
            default -> fold(aggregate, grid);
        };
    }

    /** The labels of the group a series belongs to: {@code by} keeps the labels, {@code without} drops them. */
    static LabelSet groupLabels(final AggregateExpr aggregate, final LabelSet labels) {
        if (aggregate.without()) {
            return labels.without(aggregate.grouping()).withoutMetricName();
        }
        return aggregate.grouping().isEmpty() ? LabelSet.empty() : labels.keep(aggregate.grouping());
    }

    private SeriesStream fold(final AggregateExpr aggregate, final StepGrid grid) {
        final TokenType op = aggregate.op();
        final int steps = grid.count();
        final SeriesStream input = evaluator.vector(aggregate.expr(), grid);
        final int parts = parallelism(op, input, steps);
        final Map<LabelSet, Accumulator> groups;
        if (parts > 1) {
            groups = foldInParallel(aggregate, ((SplittableStream) input).split(parts), steps);
        } else {
            groups = foldPart(aggregate, input, steps);
        }
        final List<StepSeries> result = new ArrayList<>(groups.size());
        for (final Accumulator group : groups.values()) {
            result.add(group.result(op));
        }
        return new StepMatrix(steps, result).stream();
    }

    /**
     * How many threads fold the input: several when the aggregation merges exactly (sum, min, max, count,
     * group), the input can be split and there is enough work; else one.
     */
    private static int parallelism(final TokenType op, final SeriesStream input, final int steps) {
        final boolean mergeable = op == TokenType.SUM || op == TokenType.MIN || op == TokenType.MAX ||
            op == TokenType.COUNT || op == TokenType.GROUP;
        if (!mergeable || !(input instanceof SplittableStream splittable)) {
            return 1;
        }
        final int series = splittable.remaining();
        if (series < MIN_SERIES_PER_PART * 2 || (long) series * steps < MIN_POINTS_FOR_PARALLEL) {
            return 1;
        }
        return Math.min(MAX_PARTS, series / MIN_SERIES_PER_PART);
    }

    private Map<LabelSet, Accumulator> foldInParallel(final AggregateExpr aggregate, final SeriesStream[] parts,
        final int steps) {
        final List<CompletableFuture<Map<LabelSet, Accumulator>>> others = new ArrayList<>(parts.length - 1);
        for (int p = 1; p < parts.length; p++) {
            final SeriesStream part = parts[p];
            others.add(CompletableFuture.supplyAsync(() -> foldPart(aggregate, part, steps),
                ForkJoinPool.commonPool()));
        }
        final Map<LabelSet, Accumulator> groups;
        try {
            groups = foldPart(aggregate, parts[0], steps);
        } catch (final RuntimeException ex) {
            others.forEach(f -> f.cancel(false));
            throw ex;
        }
        for (final CompletableFuture<Map<LabelSet, Accumulator>> other : others) {
            final Map<LabelSet, Accumulator> partial;
            try {
                partial = other.join();
            } catch (final CompletionException ex) {
                throw ex.getCause() instanceof RuntimeException cause ? cause : ex;
            }
            for (final Map.Entry<LabelSet, Accumulator> e : partial.entrySet()) {
                final Accumulator existing = groups.get(e.getKey());
                if (existing == null) {
                    groups.put(e.getKey(), e.getValue());
                } else {
                    existing.merge(e.getValue(), aggregate.op());
                }
            }
        }
        return groups;
    }

    private Map<LabelSet, Accumulator> foldPart(final AggregateExpr aggregate, final SeriesStream input,
        final int steps) {
        final TokenType op = aggregate.op();
        final Map<LabelSet, Accumulator> groups = new LinkedHashMap<>();
        final Map<LabelSet, Accumulator> byInput = new HashMap<>();
        for (StepSeries s = input.next(); s != null; s = input.next()) {
            Accumulator group = byInput.get(s.labels());
            if (group == null) {
                final LabelSet key = groupLabels(aggregate, s.labels());
                group = groups.get(key);
                if (group == null) {
                    // A group holds arrays over all steps: counted as that many samples held.
                    ctx.addSamples(steps);
                    group = new Accumulator(key, steps, op);
                    groups.put(key, group);
                }
                byInput.put(s.labels(), group);
            }
            group.add(s, op);
        }
        return groups;
    }

    /**
     * Per-group, per-step state of a folding aggregation. A sum starts every step at -0.0, the identity of
     * floating-point addition ({@code -0.0 + x} is {@code x} for every x, -0.0 included), so adding a series'
     * values in input order gives Prometheus' sum bit for bit, and a step has a value where any input had one.
     */
    private static final class Accumulator {
        private final StepSeries out;
        private final double[] value;
        private final double[] mean;
        private final int[] count;

        Accumulator(final LabelSet labels, final int steps, final TokenType op) {
            this.out = new StepSeries(labels, steps);
            this.value = out.values();
            this.mean = op == TokenType.AVG || op == TokenType.STDDEV || op == TokenType.STDVAR ? new double[steps] :
                null;
            this.count = op == TokenType.SUM ? null : new int[steps];
            if (op == TokenType.SUM) {
                Arrays.fill(value, -0.0);
            }
        }

        void add(final StepSeries s, final TokenType op) {
            if (op == TokenType.SUM) {
                addToSum(s);
                return;
            }
            final long[] bits = s.presence();
            final double[] v = s.values();
            for (int w = 0; w < bits.length; w++) {
                long word = bits[w];
                while (word != 0) {
                    final int i = (w << 6) + Long.numberOfTrailingZeros(word);
                    word &= word - 1;
                    add(i, v[i], op);
                }
            }
        }

        /** The common case: 64 steps at once where the series has them all, else step by step. */
        private void addToSum(final StepSeries s) {
            final long[] bits = s.presence();
            final long[] seen = out.presence();
            final double[] v = s.values();
            final double[] sum = value;
            for (int w = 0; w < bits.length; w++) {
                long word = bits[w];
                seen[w] |= word;
                if (word == -1L) {
                    final int base = w << 6;
                    for (int i = base; i < base + 64; i++) {
                        sum[i] += v[i];
                    }
                    continue;
                }
                while (word != 0) {
                    final int i = (w << 6) + Long.numberOfTrailingZeros(word);
                    word &= word - 1;
                    sum[i] += v[i];
                }
            }
        }

        private void add(final int i, final double x, final TokenType op) {
            final int n = ++count[i];
            if (n == 1) {
                value[i] = switch (op) {
                    case STDDEV, STDVAR -> 0;
                    case GROUP -> 1;
                    default -> x;
                };
                if (mean != null) {
                    mean[i] = x;
                }
                return;
            }
            switch (op) {
                case SUM -> value[i] += x;
                case MAX -> {
                    if (value[i] < x || Double.isNaN(value[i])) {
                        value[i] = x;
                    }
                }
                case MIN -> {
                    if (value[i] > x || Double.isNaN(value[i])) {
                        value[i] = x;
                    }
                }
                case AVG -> mean[i] = nextMean(mean[i], x, n);
                case STDDEV, STDVAR -> {
                    final double delta = x - mean[i];
                    mean[i] += delta / n;
                    value[i] += delta * (x - mean[i]);
                }
                default -> {
                }
            }
        }

        /** Prometheus' incremental mean, which keeps an infinite mean rather than turning it into NaN. */
        private static double nextMean(final double mean, final double x, final int n) {
            if (Double.isInfinite(mean)) {
                if (Double.isInfinite(x) && (mean > 0) == (x > 0)) {
                    return mean;
                }
                if (!Double.isInfinite(x) && !Double.isNaN(x)) {
                    return mean;
                }
            }
            return mean + (x / n - mean / n);
        }

        /** Folds the state of another part into this one (sum, min, max, count, group only). */
        void merge(final Accumulator other, final TokenType op) {
            if (op == TokenType.SUM) {
                for (int i = 0; i < value.length; i++) {
                    value[i] += other.value[i];
                }
                final long[] seen = out.presence();
                final long[] otherSeen = other.out.presence();
                for (int w = 0; w < seen.length; w++) {
                    seen[w] |= otherSeen[w];
                }
                return;
            }
            for (int i = 0; i < count.length; i++) {
                final int n = other.count[i];
                if (n == 0) {
                    continue;
                }
                if (count[i] == 0) {
                    value[i] = other.value[i];
                } else {
                    final double x = other.value[i];
                    switch (op) {
                        case SUM -> value[i] += x;
                        case MAX -> {
                            if (value[i] < x || Double.isNaN(value[i])) {
                                value[i] = x;
                            }
                        }
                        case MIN -> {
                            if (value[i] > x || Double.isNaN(value[i])) {
                                value[i] = x;
                            }
                        }
                        default -> {
                        }
                    }
                }
                count[i] += n;
            }
        }

        StepSeries result(final TokenType op) {
            if (op == TokenType.SUM) {
                return out;
            }
            for (int i = 0; i < count.length; i++) {
                if (count[i] == 0) {
                    continue;
                }
                final double result = switch (op) {
                    case AVG -> mean[i];
                    case COUNT -> count[i];
                    case STDVAR -> value[i] / count[i];
                    case STDDEV -> Math.sqrt(value[i] / count[i]);
                    default -> value[i];
                };
                out.set(i, result);
            }
            return out;
        }
    }

    private SeriesStream quantile(final AggregateExpr aggregate, final StepGrid grid) {
        final double[] q = evaluator.scalar(aggregate.param(), grid);
        final StepMatrix input = evaluator.matrix(aggregate.expr(), grid);
        final Map<LabelSet, List<StepSeries>> groups = new LinkedHashMap<>();
        for (final StepSeries s : input.series()) {
            groups.computeIfAbsent(groupLabels(aggregate, s.labels()), k -> new ArrayList<>()).add(s);
        }
        final List<StepSeries> result = new ArrayList<>(groups.size());
        double[] scratch = new double[16];
        for (final Map.Entry<LabelSet, List<StepSeries>> group : groups.entrySet()) {
            final StepSeries out = new StepSeries(group.getKey(), grid.count());
            final List<StepSeries> members = group.getValue();
            if (scratch.length < members.size()) {
                scratch = new double[members.size()];
            }
            for (int i = 0; i < grid.count(); i++) {
                int n = 0;
                for (final StepSeries member : members) {
                    if (member.isPresent(i)) {
                        scratch[n++] = member.value(i);
                    }
                }
                if (n > 0) {
                    out.set(i, Quantiles.quantile(q[i], scratch, n));
                }
            }
            result.add(out);
        }
        return new StepMatrix(grid.count(), result).stream();
    }

    private SeriesStream countValues(final AggregateExpr aggregate, final StepGrid grid) {
        final String label = evaluator.string(aggregate.param());
        if (!LabelFunctions.isLabelName(label)) {
            throw EvalContext.executionError("invalid label name \"" + label + "\"");
        }
        final StepMatrix input = evaluator.matrix(aggregate.expr(), grid);
        final SeriesMerger out = new SeriesMerger(grid.count());
        final List<LabelSet> bases = new ArrayList<>(input.series().size());
        for (final StepSeries s : input.series()) {
            bases.add(aggregate.without() ? s.labels() : groupLabels(aggregate, s.labels()));
        }
        for (int i = 0; i < grid.count(); i++) {
            for (int k = 0; k < input.series().size(); k++) {
                final StepSeries s = input.series().get(k);
                if (!s.isPresent(i)) {
                    continue;
                }
                final LabelSet withValue = bases.get(k).with(label, GoFloat.formatPlain(s.value(i)));
                final LabelSet key = aggregate.without() ?
                    withValue.without(aggregate.grouping()).withoutMetricName() : withValue;
                final StepSeries group = out.get(key);
                group.set(i, group.isPresent(i) ? group.value(i) + 1 : 1);
            }
        }
        return out.matrix().stream();
    }
}
