// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.paired;

import io.ztsdb.bench.promql.PromqlDatasets;
import io.ztsdb.core.SampleCursor;
import io.ztsdb.core.promql.eval.RateSteps;
import io.ztsdb.core.promql.eval.SampleWindow;
import io.ztsdb.core.promql.eval.StepGrid;
import io.ztsdb.core.promql.eval.StepSeries;

/**
 * Paired workload: the evaluator's {@code rate(x[1m])} loop ({@link RateSteps}) alone over one day of one series
 * of the containers dataset at a 15 s step, from memory (no decoding), 1,000 times per call: the evaluation part
 * of the range query. Units: 5,760,000 steps per call.
 */
public final class PromqlStepsWork {
    private static final long RANGE = 60_000;
    private static long[] timestamps;
    private static double[] values;

    private PromqlStepsWork() {
    }

    /**
     * @param mode  unused.
     * @param calls calls of 1,000 series each.
     * @return a checksum of the results.
     */
    public static long work(final String mode, final int calls) {
        if (timestamps == null) {
            PromqlDatasets.containers((metric, labels, t, v) -> {
                if (timestamps == null) {
                    timestamps = t.clone();
                    values = v.clone();
                }
            });
        }
        final int stepCount = PromqlDatasets.DAY_STEPS;
        final StepGrid grid = new StepGrid(PromqlDatasets.T0 + RANGE,
            PromqlDatasets.T0 + RANGE + (stepCount - 1) * PromqlDatasets.STEP_MILLIS,
            PromqlDatasets.STEP_MILLIS);
        final StepSeries out = new StepSeries(null, stepCount);
        final RateSteps rate = new RateSteps(true, true);
        final SampleWindow window = new SampleWindow();
        final Samples cursor = new Samples();
        long sum = 0;
        for (int c = 0; c < calls; c++) {
            for (int s = 0; s < 1000; s++) {
                cursor.position = 0;
                window.reset(cursor);
                rate.evaluate(window, grid, 0, RANGE, out);
                sum += Double.doubleToRawLongBits(out.value(s));
            }
        }
        return sum;
    }

    /** The series, read in runs as the engine's cursor reads decoded chunks. */
    private static final class Samples implements SampleCursor {
        private int position;

        @Override
        public int read(final long[] t, final double[] v, final int offset, final int length) {
            final int n = Math.min(length, timestamps.length - position);
            System.arraycopy(timestamps, position, t, offset, n);
            System.arraycopy(values, position, v, offset, n);
            position += n;
            return n;
        }

        @Override
        public boolean next() {
            throw new UnsupportedOperationException("read in runs only");
        }

        @Override
        public long timestampMillis() {
            throw new UnsupportedOperationException("read in runs only");
        }

        @Override
        public double value() {
            throw new UnsupportedOperationException("read in runs only");
        }

        @Override
        public void close() {
        }
    }
}
