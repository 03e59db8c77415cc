// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.ast;

import io.ztsdb.core.promql.GoQuote;
import io.ztsdb.core.promql.ValueType;

/**
 * A string literal, unquoted.
 *
 * @param value the string.
 * @param start first char.
 * @param end   past the last char.
 */
public record StringLiteral(String value, int start, int end) implements Expr {
    @Override
    public ValueType type() {
        return ValueType.STRING;
    }

    @Override
    public String toString() {
        return GoQuote.quote(value);
    }
}
