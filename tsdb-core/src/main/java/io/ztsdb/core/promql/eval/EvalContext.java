// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.eval;

import io.ztsdb.core.promql.ErrorType;
import io.ztsdb.core.promql.PromqlException;
import io.ztsdb.core.promql.storage.TsdbSeriesSource;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * What one query evaluation needs besides the expression: the storage, the settings, the query's start and end
 * (for {@code @ start()} and {@code @ end()}), its deadline and cancellation flag, and the count of samples held.
 * Shared by the threads that evaluate parts of one query in parallel.
 */
public final class EvalContext {
    /** Prometheus' error text when the max-samples limit is reached. */
    public static final String TOO_MANY_SAMPLES =
        "query processing would load too many samples into memory in query execution";

    private final TsdbSeriesSource source;
    private final long lookbackMillis;
    private final long subqueryStepMillis;
    private final long maxSamples;
    private final long deadlineNanos;
    private final BooleanSupplier canceled;
    private final long queryStartMillis;
    private final long queryEndMillis;
    private final AtomicLong samples = new AtomicLong();

    /**
     * @param source             the series.
     * @param lookbackMillis     how far back an instant selector looks for a sample (Prometheus: 5m).
     * @param subqueryStepMillis step of subqueries that give none (Prometheus: the evaluation interval, 1m).
     * @param maxSamples         most samples a query may hold.
     * @param deadlineNanos      {@link System#nanoTime()} after which the query times out.
     * @param canceled           true once the query must stop.
     * @param queryStartMillis   start of the query.
     * @param queryEndMillis     end of the query.
     */
    public EvalContext(final TsdbSeriesSource source, final long lookbackMillis, final long subqueryStepMillis,
        final long maxSamples, final long deadlineNanos, final BooleanSupplier canceled, final long queryStartMillis,
        final long queryEndMillis) {
        this.source = source;
        this.lookbackMillis = lookbackMillis;
        this.subqueryStepMillis = subqueryStepMillis;
        this.maxSamples = maxSamples;
        this.deadlineNanos = deadlineNanos;
        this.canceled = canceled;
        this.queryStartMillis = queryStartMillis;
        this.queryEndMillis = queryEndMillis;
    }

    TsdbSeriesSource source() {
        return source;
    }

    long lookbackMillis() {
        return lookbackMillis;
    }

    long subqueryStepMillis() {
        return subqueryStepMillis;
    }

    long queryStartMillis() {
        return queryStartMillis;
    }

    long queryEndMillis() {
        return queryEndMillis;
    }

    /** @return samples counted so far. */
    public long samples() {
        return samples.get();
    }

    /**
     * Counts samples the query holds (materialised vectors, aggregation states, results), and stops the query past
     * the limit. Series streamed through a window or a fold are not held, so not counted.
     *
     * @throws PromqlException with Prometheus' text once over the limit.
     */
    public void addSamples(final long count) {
        if (samples.addAndGet(count) > maxSamples) {
            throw new PromqlException(ErrorType.EXECUTION, TOO_MANY_SAMPLES);
        }
    }

    /**
     * Checks the deadline and the cancellation flag; called per series and per block of steps.
     *
     * @throws PromqlException of type timeout or canceled, with Prometheus' text.
     */
    void checkInterrupt() {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new PromqlException(ErrorType.TIMEOUT, "query timed out in expression evaluation");
        }
        if (canceled.getAsBoolean()) {
            throw new PromqlException(ErrorType.CANCELED, "query was canceled in expression evaluation");
        }
    }

    /**
     * Checks the deadline before evaluation starts, with Prometheus' text for that stage.
     *
     * @throws PromqlException of type timeout or canceled.
     */
    public void checkBeforeExecution() {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new PromqlException(ErrorType.TIMEOUT, "query timed out in query execution");
        }
        if (canceled.getAsBoolean()) {
            throw new PromqlException(ErrorType.CANCELED, "query was canceled in query execution");
        }
    }

    /** @return an execution error, as Prometheus raises from an evaluation ({@code ev.errorf}). */
    static PromqlException executionError(final String message) {
        return new PromqlException(ErrorType.EXECUTION, message);
    }
}
