// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.eval;

/**
 * The evaluation times of a query or subquery: {@code start + k * step} for {@code k = 0 .. count - 1}, never past
 * {@code end}. An instant query is a grid of one step.
 *
 * @param startMillis first evaluation time.
 * @param endMillis   last evaluation time allowed.
 * @param stepMillis  the step, positive.
 */
public record StepGrid(long startMillis, long endMillis, long stepMillis) {
    /** Checks the arguments. */
    public StepGrid {
        if (stepMillis <= 0) {
            throw new IllegalArgumentException("step must be positive: step=" + stepMillis);
        }
        if (endMillis < startMillis) {
            throw new IllegalArgumentException("end before start: start=" + startMillis + ", end=" + endMillis);
        }
    }

    /** @return the grid of one instant query at {@code timeMillis}. */
    public static StepGrid instant(final long timeMillis) {
        return new StepGrid(timeMillis, timeMillis, 1);
    }

    /** @return number of evaluation times. */
    public int count() {
        return (int) ((endMillis - startMillis) / stepMillis) + 1;
    }

    /** @return the evaluation time of step {@code index}. */
    public long time(final int index) {
        return startMillis + index * stepMillis;
    }

    /** @return the time of the last step. */
    public long lastTime() {
        return time(count() - 1);
    }
}
