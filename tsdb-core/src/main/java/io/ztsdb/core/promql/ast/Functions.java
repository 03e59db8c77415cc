// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.ast;

import io.ztsdb.core.promql.ValueType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The functions PromQL knows (those of Prometheus 2.42), by name.
 */
public final class Functions {
    private static final ValueType V = ValueType.VECTOR;
    private static final ValueType M = ValueType.MATRIX;
    private static final ValueType S = ValueType.SCALAR;
    private static final ValueType STR = ValueType.STRING;
    private static final Map<String, Function> BY_NAME = new HashMap<>();

    static {
        for (final String name : List.of("abs", "absent", "acos", "acosh", "asin", "asinh", "atan", "atanh", "ceil",
            "cos", "cosh", "deg", "exp", "floor", "histogram_count", "histogram_sum", "ln", "log10", "log2", "rad",
            "sgn", "sin", "sinh", "sort", "sort_desc", "sqrt", "tan", "tanh", "timestamp")) {
            add(name, List.of(V), 0, V);
        }
        for (final String name : List.of("absent_over_time", "avg_over_time", "changes", "count_over_time", "delta",
            "deriv", "idelta", "increase", "irate", "last_over_time", "max_over_time", "min_over_time",
            "present_over_time", "rate", "resets", "stddev_over_time", "stdvar_over_time", "sum_over_time")) {
            add(name, List.of(M), 0, V);
        }
        for (final String name : List.of("days_in_month", "day_of_month", "day_of_week", "day_of_year", "hour",
            "minute", "month", "year")) {
            add(name, List.of(V), 1, V);
        }
        add("clamp", List.of(V, S, S), 0, V);
        add("clamp_max", List.of(V, S), 0, V);
        add("clamp_min", List.of(V, S), 0, V);
        add("histogram_fraction", List.of(S, S, V), 0, V);
        add("histogram_quantile", List.of(S, V), 0, V);
        add("holt_winters", List.of(M, S, S), 0, V);
        add("label_replace", List.of(V, STR, STR, STR, STR), 0, V);
        add("label_join", List.of(V, STR, STR, STR), -1, V);
        add("pi", List.of(), 0, S);
        add("predict_linear", List.of(M, S), 0, V);
        add("quantile_over_time", List.of(S, M), 0, V);
        add("round", List.of(V, S), 1, V);
        add("scalar", List.of(V), 0, S);
        add("time", List.of(), 0, S);
        add("vector", List.of(S), 0, V);
    }

    private Functions() {
    }

    private static void add(final String name, final List<ValueType> args, final int variadic,
        final ValueType returnType) {
        BY_NAME.put(name, new Function(name, args, variadic, returnType));
    }

    /**
     * @param name a function name.
     * @return the function, or null when PromQL has none of that name.
     */
    public static Function get(final String name) {
        return BY_NAME.get(name);
    }
}
