// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.eval;

/**
 * A function over the samples of a range window, at one step.
 */
@FunctionalInterface
interface RangeFunction {
    /**
     * @param window the samples in the window, never empty.
     * @param call   the step's arguments; the result goes into {@link RangeCall#result}.
     * @return true when the window gives a value (e.g. {@code rate} needs two samples).
     */
    boolean apply(SampleWindow window, RangeCall call);
}
