// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.ast;

import io.ztsdb.core.promql.ValueType;

import java.util.List;

/**
 * The signature of a PromQL function, as in Prometheus' {@code parser/functions.go}.
 *
 * @param name       its name.
 * @param argTypes   the types of its arguments; with {@code variadic != 0} the last one may repeat or be left out.
 * @param variadic   0: exactly {@code argTypes}; n > 0: the last argument may be left out or repeated up to n
 *                   times in all; -1: the last argument repeats without limit.
 * @param returnType what it evaluates to.
 */
public record Function(String name, List<ValueType> argTypes, int variadic, ValueType returnType) {
    /** Copies the argument types. */
    public Function {
        argTypes = List.copyOf(argTypes);
    }
}
