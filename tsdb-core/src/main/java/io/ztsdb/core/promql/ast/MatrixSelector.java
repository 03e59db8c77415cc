// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.ast;

import io.ztsdb.core.promql.Durations;
import io.ztsdb.core.promql.ValueType;

/**
 * A range vector selector: {@code selector[range]}; offset and {@code @} are those of the inner selector.
 *
 * @param selector    the instant vector selector.
 * @param rangeMillis the range.
 * @param start       first char.
 * @param end         past the last char.
 */
public record MatrixSelector(VectorSelector selector, long rangeMillis, int start, int end) implements Expr {
    @Override
    public ValueType type() {
        return ValueType.MATRIX;
    }

    @Override
    public String toString() {
        return selector.selectorText() + "[" + Durations.format(rangeMillis) + "]" + selector.at().suffix() +
            Durations.offsetSuffix(selector.offsetMillis());
    }
}
