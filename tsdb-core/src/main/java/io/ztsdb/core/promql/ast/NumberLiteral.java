// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.ast;

import io.ztsdb.core.promql.GoFloat;
import io.ztsdb.core.promql.ValueType;

/**
 * A number: {@code 1}, {@code -2.5e3}, {@code 0x1f}, {@code Inf}, {@code NaN}.
 *
 * @param value the number.
 * @param start first char.
 * @param end   past the last char.
 */
public record NumberLiteral(double value, int start, int end) implements Expr {
    @Override
    public ValueType type() {
        return ValueType.SCALAR;
    }

    @Override
    public String toString() {
        return GoFloat.format(value);
    }
}
