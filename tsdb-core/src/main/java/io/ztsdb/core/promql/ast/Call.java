// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.ast;

import io.ztsdb.core.promql.ValueType;

import java.util.List;

/**
 * A function call.
 *
 * @param function the function.
 * @param args     its arguments.
 * @param start    first char.
 * @param end      past the closing parenthesis.
 */
public record Call(Function function, List<Expr> args, int start, int end) implements Expr {
    /** Copies the argument list. */
    public Call {
        args = List.copyOf(args);
    }

    @Override
    public ValueType type() {
        return function.returnType();
    }

    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder(function.name()).append('(');
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(args.get(i));
        }
        return sb.append(')').toString();
    }
}
