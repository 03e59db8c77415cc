// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.eval;

/**
 * An instant vector over a grid, delivered one series at a time, so that a consumer such as an aggregation never
 * holds the whole input: {@code for (StepSeries s; (s = stream.next()) != null; ) { ... }}.
 */
@FunctionalInterface
public interface SeriesStream {
    /**
     * @return the next series, or null at the end. The series object and its arrays may be reused by the next
     *     call: copy what must outlive it.
     */
    StepSeries next();
}
