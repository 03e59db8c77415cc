// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql;

import io.ztsdb.core.SampleCursor;
import io.ztsdb.core.Tsdb;
import io.ztsdb.core.TsdbException;
import io.ztsdb.core.promql.ast.Expr;
import io.ztsdb.core.promql.ast.Matcher;
import io.ztsdb.core.promql.eval.EvalContext;
import io.ztsdb.core.promql.eval.Evaluator;
import io.ztsdb.core.promql.eval.RangeVectorEvaluator;
import io.ztsdb.core.promql.eval.SeriesStream;
import io.ztsdb.core.promql.eval.StepGrid;
import io.ztsdb.core.promql.eval.StepSeries;
import io.ztsdb.core.promql.parser.Parser;
import io.ztsdb.core.promql.parser.Prettier;
import io.ztsdb.core.promql.storage.SourceSeries;
import io.ztsdb.core.promql.storage.TsdbSeriesSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * PromQL over a {@link Tsdb}: instant and range queries with the semantics of Prometheus 2.42 (5-minute lookback,
 * staleness markers, extrapolated rates, vector matching, subqueries, {@code @}), a timeout and a max-samples
 * limit. Metric and label names are mapped as {@link MetricNames} describes. Thread-safe; a query runs on the
 * calling thread, a large {@code sum}/{@code min}/{@code max}/{@code count}/{@code group} also on the common
 * fork-join pool.
 * <pre>{@code
 * PromqlEngine promql = new PromqlEngine(tsdb);
 * QueryResult r = promql.rangeQuery("sum by (container_name) (rate(container_cpu_usage[1m]))",
 *     start, end, 15_000);
 * }</pre>
 */
public final class PromqlEngine {
    private static final BooleanSupplier NEVER = () -> false;

    private final TsdbSeriesSource source;
    private final PromqlOptions options;

    /**
     * Creates an engine with Prometheus' default settings.
     *
     * @param tsdb the engine to query.
     */
    public PromqlEngine(final Tsdb tsdb) {
        this(tsdb, PromqlOptions.DEFAULTS);
    }

    /**
     * Creates an engine.
     *
     * @param tsdb    the engine to query.
     * @param options the settings.
     */
    public PromqlEngine(final Tsdb tsdb, final PromqlOptions options) {
        this(tsdb, options, SeriesLimit.NONE);
    }

    /**
     * Creates an engine whose selectors may match at most {@code seriesLimit} series each (queries, the series and
     * label APIs with selectors, remote read).
     *
     * @param tsdb        the engine to query.
     * @param options     the settings.
     * @param seriesLimit the most series one selector may match.
     */
    public PromqlEngine(final Tsdb tsdb, final PromqlOptions options, final SeriesLimit seriesLimit) {
        this.source = new TsdbSeriesSource(tsdb, seriesLimit);
        this.options = options;
    }

    /** {@return the settings} */
    public PromqlOptions options() {
        return options;
    }

    /**
     * Checks and formats a query as Prometheus' {@code /api/v1/format_query}.
     *
     * @param query the PromQL expression.
     * @return it formatted as Prometheus formats it.
     * @throws PromqlParseException when it is not valid PromQL.
     */
    public static String format(final String query) {
        return Prettier.format(Parser.parse(query));
    }

    /**
     * Evaluates an instant query with the default timeout.
     *
     * @param query      the PromQL expression.
     * @param timeMillis the evaluation time.
     * @return a scalar, string, vector or matrix result.
     * @throws PromqlException bad_data (syntax), execution or timeout.
     */
    public QueryResult instantQuery(final String query, final long timeMillis) {
        return instantQuery(query, timeMillis, options.timeoutMillis(), NEVER);
    }

    /**
     * Evaluates an instant query.
     *
     * @param query         the PromQL expression.
     * @param timeMillis    the evaluation time.
     * @param timeoutMillis longest evaluation.
     * @param canceled      polled during evaluation; true stops the query.
     * @return a scalar, string, vector or matrix result.
     * @throws PromqlException bad_data (syntax), execution, timeout or canceled.
     */
    public QueryResult instantQuery(final String query, final long timeMillis, final long timeoutMillis,
        final BooleanSupplier canceled) {
        final Expr expr = Parser.parse(query);
        final EvalContext ctx = context(timeMillis, timeMillis, timeoutMillis, canceled);
        ctx.checkBeforeExecution();
        final Evaluator evaluator = new Evaluator(ctx);
        try {
            return switch (expr.type()) {
                case SCALAR -> QueryResult.scalar(timeMillis, evaluator.scalar(expr, StepGrid.instant(timeMillis))[0]);
                case STRING -> QueryResult.string(timeMillis, evaluator.string(expr));
                case VECTOR -> QueryResult.vector(timeMillis, collect(evaluator.vector(expr,
                    StepGrid.instant(timeMillis)), StepGrid.instant(timeMillis), false, ctx));
                case MATRIX -> {
                    final List<QueryResult.Series> series = new ArrayList<>();
                    for (final RangeVectorEvaluator.RawSeries raw :
                        RangeVectorEvaluator.evaluate(evaluator, expr, timeMillis)) {
                        series.add(new QueryResult.Series(raw.labels(), raw.timestamps(), raw.values(), raw.count()));
                    }
                    yield QueryResult.matrix(series);
                }
                case NONE -> throw new PromqlException(ErrorType.BAD_DATA, "expression has no type: " + query);
            };
        } catch (final PromqlException ex) {
            throw ex;
        } catch (final TsdbException | IllegalArgumentException | IllegalStateException ex) {
            throw new PromqlException(ErrorType.INTERNAL, "unexpected error: " + ex.getMessage());
        }
    }

    /**
     * Evaluates a range query with the default timeout.
     *
     * @param query       the PromQL expression.
     * @param startMillis the first step.
     * @param endMillis   the last step at the latest.
     * @param stepMillis  the distance between steps.
     * @return a matrix, its series sorted by labels, each sample at one of the steps.
     * @throws PromqlException as {@link #rangeQuery(String, long, long, long, long, BooleanSupplier)}.
     */
    public QueryResult rangeQuery(final String query, final long startMillis, final long endMillis,
        final long stepMillis) {
        return rangeQuery(query, startMillis, endMillis, stepMillis, options.timeoutMillis(), NEVER);
    }

    /**
     * Evaluates a range query at {@code start, start + step, ...} up to {@code end}.
     *
     * @param query         the PromQL expression.
     * @param startMillis   the first step.
     * @param endMillis     the last step at the latest.
     * @param stepMillis    the distance between steps.
     * @param timeoutMillis longest evaluation.
     * @param canceled      polled during evaluation; true stops the query.
     * @return a matrix, its series sorted by labels, each sample at one of the steps.
     * @throws PromqlException bad_data (syntax, bad range, an expression that is not a scalar or instant vector,
     *                         more than {@link PromqlOptions#maxPointsPerSeries()} steps), execution, timeout or
     *                         canceled.
     */
    public QueryResult rangeQuery(final String query, final long startMillis, final long endMillis,
        final long stepMillis, final long timeoutMillis, final BooleanSupplier canceled) {
        if (endMillis < startMillis) {
            throw new PromqlException(ErrorType.BAD_DATA, "end timestamp must not be before start time");
        }
        if (stepMillis <= 0) {
            throw new PromqlException(ErrorType.BAD_DATA,
                "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        if ((endMillis - startMillis) / stepMillis > options.maxPointsPerSeries()) {
            throw new PromqlException(ErrorType.BAD_DATA, "exceeded maximum resolution of " +
                String.format("%,d", options.maxPointsPerSeries()) + " points per timeseries. Try decreasing the " +
                "query resolution (?step=XX)");
        }
        final Expr expr = Parser.parse(query);
        if (expr.type() != ValueType.VECTOR && expr.type() != ValueType.SCALAR) {
            throw new PromqlException(ErrorType.BAD_DATA, "invalid expression type \"" +
                expr.type().documentedName() + "\" for range query, must be Scalar or instant Vector");
        }
        final StepGrid grid = new StepGrid(startMillis, endMillis, stepMillis);
        final EvalContext ctx = context(startMillis, endMillis, timeoutMillis, canceled);
        ctx.checkBeforeExecution();
        final Evaluator evaluator = new Evaluator(ctx);
        try {
            if (expr.type() == ValueType.SCALAR) {
                final double[] values = evaluator.scalar(expr, grid);
                final long[] times = new long[values.length];
                for (int i = 0; i < times.length; i++) {
                    times[i] = grid.time(i);
                }
                return QueryResult.matrix(List.of(new QueryResult.Series(LabelSet.empty(), times, values,
                    values.length)));
            }
            return QueryResult.matrix(collect(evaluator.vector(expr, grid), grid, true, ctx));
        } catch (final PromqlException ex) {
            throw ex;
        } catch (final TsdbException | IllegalArgumentException | IllegalStateException ex) {
            throw new PromqlException(ErrorType.INTERNAL, "unexpected error: " + ex.getMessage());
        }
    }

    /**
     * The series that match any of the selectors and have samples in the time range ({@code /api/v1/series}).
     *
     * @param selectors   {@code match[]} selectors, e.g. {@code up{job="api"}}.
     * @param startMillis start of the time range, inclusive.
     * @param endMillis   end of the time range, inclusive.
     * @param limit       most series returned, 0 for all.
     * @return their label sets, sorted, without duplicates.
     * @throws PromqlException bad_data when a selector is invalid or matches the empty string only.
     */
    public List<LabelSet> series(final List<String> selectors, final long startMillis, final long endMillis,
        final int limit) {
        final TreeSet<LabelSet> result = new TreeSet<>();
        for (final List<Matcher> matchers : matcherSets(selectors)) {
            for (final SourceSeries s : source.select(matchers, startMillis, endMillis)) {
                result.add(s.labels());
            }
        }
        final List<LabelSet> list = new ArrayList<>(result);
        return limit > 0 && list.size() > limit ? list.subList(0, limit) : list;
    }

    /**
     * Label names ({@code /api/v1/labels}): of the series the selectors match in the time range, or of every named
     * series without selectors.
     *
     * @param selectors   {@code match[]} selectors, or none.
     * @param startMillis start of the time range, inclusive.
     * @param endMillis   end of the time range, inclusive.
     * @return the names, sorted.
     */
    public List<String> labelNames(final List<String> selectors, final long startMillis, final long endMillis) {
        if (selectors.isEmpty()) {
            return source.labelNames();
        }
        final TreeSet<String> names = new TreeSet<>();
        for (final LabelSet labels : series(selectors, startMillis, endMillis, 0)) {
            for (int i = 0; i < labels.size(); i++) {
                names.add(labels.name(i));
            }
        }
        return new ArrayList<>(names);
    }

    /**
     * Values of a label ({@code /api/v1/label/<name>/values}): over the series the selectors match in the time
     * range, or over every named series without selectors.
     *
     * @param name        a label name in Prometheus form, {@code __name__} for the metric names.
     * @param selectors   {@code match[]} selectors, or none.
     * @param startMillis start of the time range, inclusive.
     * @param endMillis   end of the time range, inclusive.
     * @return the values, sorted.
     */
    public List<String> labelValues(final String name, final List<String> selectors, final long startMillis,
        final long endMillis) {
        if (selectors.isEmpty()) {
            return source.labelValues(name);
        }
        final TreeSet<String> values = new TreeSet<>();
        for (final LabelSet labels : series(selectors, startMillis, endMillis, 0)) {
            final String value = labels.get(name);
            if (!value.isEmpty()) {
                values.add(value);
            }
        }
        return new ArrayList<>(values);
    }

    /**
     * The raw samples of the series a selector matches, stale markers included (Prometheus' remote read).
     *
     * @param selector    a series selector.
     * @param startMillis start of the time range, inclusive.
     * @param endMillis   end of the time range, inclusive.
     * @param maxSamples  most samples in all.
     * @return the series with their samples in {@code [startMillis, endMillis]}, sorted by labels.
     * @throws PromqlException bad_data for a bad selector, execution past {@code maxSamples}.
     */
    public List<QueryResult.Series> readSeries(final String selector, final long startMillis, final long endMillis,
        final long maxSamples) {
        final List<Matcher> matchers = Parser.parseSelector(selector);
        final List<QueryResult.Series> result = new ArrayList<>();
        long total = 0;
        for (final SourceSeries s : source.select(matchers, startMillis, endMillis)) {
            long[] times = new long[64];
            double[] values = new double[64];
            int n = 0;
            try (SampleCursor cursor = source.read(s.id(), startMillis, endMillis)) {
                while (cursor.next()) {
                    if (++total > maxSamples) {
                        throw new PromqlException(ErrorType.EXECUTION, "exceeded sample limit (" + maxSamples + ")");
                    }
                    if (n == times.length) {
                        times = Arrays.copyOf(times, n * 2);
                        values = Arrays.copyOf(values, n * 2);
                    }
                    times[n] = cursor.timestampMillis();
                    values[n++] = cursor.value();
                }
            }
            if (n > 0) {
                result.add(new QueryResult.Series(s.labels(), times, values, n));
            }
        }
        result.sort(Comparator.comparing(QueryResult.Series::labels));
        return result;
    }

    private static List<List<Matcher>> matcherSets(final List<String> selectors) {
        final List<List<Matcher>> sets = new ArrayList<>(selectors.size());
        for (final String selector : selectors) {
            final List<Matcher> matchers = Parser.parseSelector(selector);
            boolean selective = false;
            for (final Matcher m : matchers) {
                selective |= !m.matches("");
            }
            if (!selective) {
                throw new PromqlException(ErrorType.BAD_DATA, "match[] must contain at least one non-empty matcher");
            }
            sets.add(matchers);
        }
        return sets;
    }

    private EvalContext context(final long startMillis, final long endMillis, final long timeoutMillis,
        final BooleanSupplier canceled) {
        return new EvalContext(source, options.lookbackMillis(), options.subqueryStepMillis(), options.maxSamples(),
            System.nanoTime() + timeoutMillis * 1_000_000, canceled, startMillis, endMillis);
    }

    /** Copies the stream's series into results; sorted by labels for range queries, as Prometheus sorts them. */
    private static List<QueryResult.Series> collect(final SeriesStream stream, final StepGrid grid,
        final boolean sort, final EvalContext ctx) {
        final List<QueryResult.Series> result = new ArrayList<>();
        for (StepSeries s = stream.next(); s != null; s = stream.next()) {
            final int n = s.count();
            if (n == 0) {
                continue;
            }
            ctx.addSamples(n);
            final long[] times = new long[n];
            final double[] values = new double[n];
            int k = 0;
            for (int i = s.nextPresent(0); i >= 0; i = s.nextPresent(i + 1)) {
                times[k] = grid.time(i);
                values[k++] = s.value(i);
            }
            result.add(new QueryResult.Series(s.labels(), times, values, n));
        }
        if (sort) {
            result.sort(Comparator.comparing(QueryResult.Series::labels));
        }
        return result;
    }
}
