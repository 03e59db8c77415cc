// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.promql;

import io.ztsdb.bench.data.ArraySampleCursor;
import io.ztsdb.core.promql.eval.RateSteps;
import io.ztsdb.core.promql.eval.SampleWindow;
import io.ztsdb.core.promql.eval.StepGrid;
import io.ztsdb.core.promql.eval.StepSeries;
import io.ztsdb.core.promql.functions.WindowMath;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The evaluator's inner loop: a {@code rate(x[1m])} window slid over one day of 15 s samples at a 15 s step,
 * from an in-memory cursor (no decoding). Scores are nanoseconds per step; run with {@code -prof gc}: the loop
 * must allocate nothing per step (≈0 B/op). {@code rateSteps} is the loop {@code rate} runs ({@link RateSteps}),
 * {@code rateWindow} the per-step path of the other range functions ({@link SampleWindow#slide} and a call per
 * step); baseline: the same steps reading the samples only.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class PromqlWindowBenchmark {
    private static final int STEPS = PromqlDatasets.DAY_STEPS;
    private static final long RANGE = 60_000;

    private final ArraySampleCursor cursor = new ArraySampleCursor();
    private final SampleWindow window = new SampleWindow();
    private final double[] out = new double[STEPS];
    private final StepSeries steps = new StepSeries(null, STEPS);
    private final RateSteps rate = new RateSteps(true, true);
    private final StepGrid grid = new StepGrid(PromqlDatasets.T0 + RANGE,
        PromqlDatasets.T0 + RANGE + (STEPS - 1) * PromqlDatasets.STEP_MILLIS, PromqlDatasets.STEP_MILLIS);
    private long[] timestamps;
    private double[] values;

    /** One series of the containers dataset. */
    @Setup
    public void setUp() {
        PromqlDatasets.containers((metric, labels, t, v) -> {
            if (timestamps == null) {
                timestamps = t.clone();
                values = v.clone();
            }
        });
    }

    /** @return the rate values, by the loop {@code rate} runs. */
    @Benchmark
    @OperationsPerInvocation(STEPS)
    public StepSeries rateSteps() {
        window.reset(cursor.reset(timestamps, values));
        rate.evaluate(window, grid, 0, RANGE, steps);
        return steps;
    }

    /** @return the rate values, by a slide and a call per step. */
    @Benchmark
    @OperationsPerInvocation(STEPS)
    public double[] rateWindow() {
        window.reset(cursor.reset(timestamps, values));
        for (int i = 0; i < STEPS; i++) {
            final long end = PromqlDatasets.T0 + RANGE + i * PromqlDatasets.STEP_MILLIS;
            window.slide(end - RANGE, end);
            if (window.size() >= 2) {
                out[i] = WindowMath.extrapolatedRate(window.timestamps(), window.values(), window.resetSums(),
                    window.from(), window.to(), end - RANGE, end, RANGE, true, true);
            }
        }
        return out;
    }

    /** @return the sum of the samples: the cost of reading them alone. */
    @Benchmark
    @OperationsPerInvocation(STEPS)
    public double readBaseline() {
        cursor.reset(timestamps, values);
        double sum = 0;
        while (cursor.next()) {
            sum += cursor.value();
        }
        return sum;
    }
}
