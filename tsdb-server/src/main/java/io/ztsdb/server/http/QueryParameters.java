// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import io.vertx.ext.web.RoutingContext;
import io.ztsdb.core.Aggregation;
import io.ztsdb.core.SelectorSyntaxException;
import io.ztsdb.core.SeriesSelector;

import java.util.Locale;

/**
 * Parsing of the series and aggregation parameters ({@code match}, {@code step}, {@code agg}); every failure
 * is a {@link BadParameterException} naming the parameter.
 */
final class QueryParameters {
    private QueryParameters() {
    }

    /** @return the parsed {@code match} selector, or null when absent. */
    static SeriesSelector selector(final RoutingContext ctx, final String name) {
        final String text = Parameters.single(ctx, name);
        if (text == null) {
            return null;
        }
        try {
            return SeriesSelector.parse(text);
        } catch (final SelectorSyntaxException ex) {
            throw new BadParameterException(name, "parameter '" + name + "' is not a valid selector: " +
                ex.getMessage() + "; e.g. " + name + "=container.cpu.usage{container_id=\"abc\"}");
        }
    }

    /** @return the aggregation of {@code agg}, or null when absent. */
    static Aggregation aggregation(final RoutingContext ctx, final String name) {
        final String text = Parameters.single(ctx, name);
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Aggregation.parse(text);
        } catch (final IllegalArgumentException ex) {
            throw new BadParameterException(name, "parameter '" + name + "' must be one of avg, min, max, sum, " +
                "count, last, rate; was '" + text + "'");
        }
    }

    /**
     * @return the step in ms: a positive integer of milliseconds, or a duration like {@code 500ms}, {@code 10s},
     *     {@code 5m}, {@code 1h}, {@code 1d}; 0 when absent.
     */
    static long stepMillis(final RoutingContext ctx, final String name) {
        final String text = Parameters.single(ctx, name);
        if (text == null || text.isEmpty()) {
            return 0;
        }
        final long step = parseDurationMillis(text.trim().toLowerCase(Locale.ROOT));
        if (step <= 0) {
            throw new BadParameterException(name, "parameter '" + name + "' must be a positive duration in " +
                "milliseconds (e.g. 60000) or with a unit (500ms, 10s, 5m, 1h, 1d); was '" + text + "'");
        }
        return step;
    }

    private static long parseDurationMillis(final String text) {
        long multiplier = 1;
        String digits = text;
        if (text.endsWith("ms")) {
            digits = text.substring(0, text.length() - 2);
        } else if (text.endsWith("s")) {
            multiplier = 1000;
            digits = text.substring(0, text.length() - 1);
        } else if (text.endsWith("m")) {
            multiplier = 60_000;
            digits = text.substring(0, text.length() - 1);
        } else if (text.endsWith("h")) {
            multiplier = 3_600_000;
            digits = text.substring(0, text.length() - 1);
        } else if (text.endsWith("d")) {
            multiplier = 86_400_000;
            digits = text.substring(0, text.length() - 1);
        }
        try {
            return Math.multiplyExact(Long.parseLong(digits), multiplier);
        } catch (final NumberFormatException | ArithmeticException ex) {
            return -1;
        }
    }
}
