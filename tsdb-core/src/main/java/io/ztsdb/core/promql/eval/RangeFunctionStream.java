// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.eval;

import io.ztsdb.core.SampleCursor;
import io.ztsdb.core.promql.LabelSet;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A range function applied to every series of a range vector at every step: one sliding {@link SampleWindow} per
 * series, so each sample is decoded once and only the samples of the current window are held. The metric name
 * is dropped (except for {@code last_over_time}); two results with the same labels are an error, as in
 * Prometheus.
 */
final class RangeFunctionStream implements SplittableStream {
    private final EvalContext ctx;
    private final StepGrid grid;
    private final RangeInputs inputs;
    private final RangeFunction function;
    private final double[][] scalarArgs;
    private final boolean keepName;
    private final SampleWindow window = new SampleWindow();
    private final RangeCall call;
    private final StepSeries buffer;
    private SampleCursor cursor;
    private final Set<LabelSet> emitted;
    private final boolean hasScalarArgs;
    private int index;
    private int end;

    /**
     * @param scalarArgs per argument position, its value at every step (null for the range argument).
     */
    RangeFunctionStream(final EvalContext ctx, final StepGrid grid, final RangeInputs inputs,
        final RangeFunction function, final double[][] scalarArgs, final boolean keepName) {
        this.ctx = ctx;
        this.grid = grid;
        this.inputs = inputs;
        this.function = function;
        this.scalarArgs = scalarArgs;
        this.keepName = keepName;
        this.call = new RangeCall(scalarArgs.length);
        this.call.rangeMillis = inputs.rangeMillis;
        this.buffer = new StepSeries(null, grid.count());
        this.emitted = new HashSet<>();
        this.end = inputs.size();
        this.hasScalarArgs = scalarArgs.length > 1;
    }

    private RangeFunctionStream(final RangeFunctionStream whole, final Set<LabelSet> emitted, final int from,
        final int to) {
        this.ctx = whole.ctx;
        this.grid = whole.grid;
        this.inputs = whole.inputs;
        this.function = whole.function;
        this.scalarArgs = whole.scalarArgs;
        this.keepName = whole.keepName;
        this.call = new RangeCall(scalarArgs.length);
        this.call.rangeMillis = inputs.rangeMillis;
        this.buffer = new StepSeries(null, grid.count());
        this.emitted = emitted;
        this.hasScalarArgs = whole.hasScalarArgs;
        this.index = from;
        this.end = to;
    }

    @Override
    public int remaining() {
        return end - index;
    }

    @Override
    public SeriesStream[] split(final int parts) {
        final Set<LabelSet> shared = ConcurrentHashMap.newKeySet();
        shared.addAll(emitted);
        final SeriesStream[] result = new SeriesStream[parts];
        for (int p = 0; p < parts; p++) {
            result[p] = new RangeFunctionStream(this, shared, SplittableStream.bound(index, end, p, parts),
                SplittableStream.bound(index, end, p + 1, parts));
        }
        index = end;
        return result;
    }

    @Override
    public StepSeries next() {
        while (index < end) {
            final int i = index++;
            ctx.checkInterrupt();
            final LabelSet labels = keepName ? inputs.labels(i) : inputs.labels(i).withoutMetricName();
            buffer.clearAll();
            buffer.labels(labels);
            cursor = inputs.open(i, cursor);
            try {
                window.reset(cursor);
                if (inputs.at.isSet()) {
                    evaluateFixed();
                } else if (function instanceof RateSteps rate) {
                    rate.evaluate(window, grid, inputs.offsetMillis, inputs.rangeMillis, buffer);
                } else {
                    evaluate();
                }
            } finally {
                cursor.close();
            }
            if (!buffer.isEmpty()) {
                if (!emitted.add(labels)) {
                    throw EvalContext.executionError("vector cannot contain metrics with the same labelset");
                }
                return buffer;
            }
        }
        return null;
    }

    private void evaluate() {
        final int steps = grid.count();
        for (int i = 0; i < steps; i++) {
            final long step = grid.time(i);
            final long ref = step - inputs.offsetMillis;
            window.slide(ref - inputs.rangeMillis, ref);
            if (window.size() > 0) {
                call.stepMillis = step;
                apply(i, ref);
            }
        }
    }

    private void evaluateFixed() {
        final long ref = inputs.at.resolve(ctx.queryStartMillis(), ctx.queryEndMillis(), 0) - inputs.offsetMillis;
        window.slide(ref - inputs.rangeMillis, ref);
        if (window.size() == 0) {
            return;
        }
        call.stepMillis = grid.startMillis();
        for (int i = 0; i < grid.count(); i++) {
            apply(i, ref);
        }
    }

    private void apply(final int step, final long ref) {
        call.rangeStartMillis = ref - inputs.rangeMillis;
        call.rangeEndMillis = ref;
        if (hasScalarArgs) {
            for (int a = 0; a < scalarArgs.length; a++) {
                if (scalarArgs[a] != null) {
                    call.args[a] = scalarArgs[a][step];
                }
            }
        }
        if (function.apply(window, call)) {
            buffer.set(step, call.result);
        }
    }
}
