// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.eval;

import io.ztsdb.core.promql.GoFloat;
import io.ztsdb.core.promql.functions.Quantiles;
import io.ztsdb.core.promql.functions.WindowMath;

import java.util.HashMap;
import java.util.Map;

/**
 * The range-vector functions of PromQL ({@code rate}, {@code *_over_time}, ...) by name.
 */
final class RangeFunctions {
    private static final Map<String, RangeFunction> BY_NAME = new HashMap<>();

    static {
        BY_NAME.put("rate", new RateSteps(true, true));
        BY_NAME.put("increase", new RateSteps(true, false));
        BY_NAME.put("delta", new RateSteps(false, false));
        BY_NAME.put("irate", (w, c) -> instant(w, c, true));
        BY_NAME.put("idelta", (w, c) -> instant(w, c, false));
        BY_NAME.put("deriv", RangeFunctions::deriv);
        BY_NAME.put("predict_linear", RangeFunctions::predictLinear);
        BY_NAME.put("avg_over_time", (w, c) -> set(c, WindowMath.avg(w.values(), w.from(), w.to())));
        BY_NAME.put("sum_over_time", (w, c) -> set(c, WindowMath.sum(w.values(), w.from(), w.to())));
        BY_NAME.put("min_over_time", (w, c) -> set(c, WindowMath.min(w.values(), w.from(), w.to())));
        BY_NAME.put("max_over_time", (w, c) -> set(c, WindowMath.max(w.values(), w.from(), w.to())));
        BY_NAME.put("count_over_time", (w, c) -> set(c, w.size()));
        BY_NAME.put("last_over_time", (w, c) -> set(c, w.values()[w.to() - 1]));
        BY_NAME.put("present_over_time", (w, c) -> set(c, 1));
        BY_NAME.put("absent_over_time", (w, c) -> set(c, 1));
        BY_NAME.put("stddev_over_time",
            (w, c) -> set(c, Math.sqrt(WindowMath.variance(w.values(), w.from(), w.to()))));
        BY_NAME.put("stdvar_over_time", (w, c) -> set(c, WindowMath.variance(w.values(), w.from(), w.to())));
        BY_NAME.put("changes", (w, c) -> set(c, WindowMath.changes(w.values(), w.from(), w.to())));
        BY_NAME.put("resets", (w, c) -> set(c, WindowMath.resets(w.values(), w.from(), w.to())));
        BY_NAME.put("quantile_over_time", RangeFunctions::quantileOverTime);
        BY_NAME.put("holt_winters", RangeFunctions::holtWinters);
    }

    private RangeFunctions() {
    }

    /** @return the range function of that name, or null. */
    static RangeFunction get(final String name) {
        return BY_NAME.get(name);
    }

    private static boolean set(final RangeCall call, final double value) {
        call.result = value;
        return true;
    }

    private static boolean instant(final SampleWindow w, final RangeCall c, final boolean isRate) {
        if (w.size() < 2) {
            return false;
        }
        final long interval = w.timestamps()[w.to() - 1] - w.timestamps()[w.to() - 2];
        if (interval == 0) {
            return false;
        }
        c.result = WindowMath.instantValue(w.timestamps(), w.values(), w.to(), isRate);
        return true;
    }

    private static boolean deriv(final SampleWindow w, final RangeCall c) {
        if (w.size() < 2) {
            return false;
        }
        final double[] out = c.regression;
        WindowMath.linearRegression(w.timestamps(), w.values(), w.from(), w.to(), w.timestamps()[w.from()], out);
        c.result = out[0];
        return true;
    }

    private static boolean predictLinear(final SampleWindow w, final RangeCall c) {
        if (w.size() < 2) {
            return false;
        }
        final double[] out = c.regression;
        WindowMath.linearRegression(w.timestamps(), w.values(), w.from(), w.to(), c.stepMillis, out);
        c.result = out[0] * c.args[1] + out[1];
        return true;
    }

    private static boolean quantileOverTime(final SampleWindow w, final RangeCall c) {
        if (c.scratch.length < w.size()) {
            c.scratch = new double[Math.max(w.size(), c.scratch.length * 2)];
        }
        final double[] scratch = c.scratch;
        System.arraycopy(w.values(), w.from(), scratch, 0, w.size());
        c.result = Quantiles.quantile(c.args[0], scratch, w.size());
        return true;
    }

    private static boolean holtWinters(final SampleWindow w, final RangeCall c) {
        final double sf = c.args[1];
        final double tf = c.args[2];
        if (sf <= 0 || sf >= 1) {
            throw EvalContext.executionError("invalid smoothing factor. Expected: 0 < sf < 1, got: " +
                GoFloat.formatFixed6(sf));
        }
        if (tf <= 0 || tf >= 1) {
            throw EvalContext.executionError("invalid trend factor. Expected: 0 < tf < 1, got: " +
                GoFloat.formatFixed6(tf));
        }
        if (w.size() < 2) {
            return false;
        }
        c.result = WindowMath.holtWinters(w.values(), w.from(), w.to(), sf, tf);
        return true;
    }
}
