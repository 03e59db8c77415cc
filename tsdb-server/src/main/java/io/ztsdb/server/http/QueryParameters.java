// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import io.vertx.ext.web.RoutingContext;
import io.ztsdb.core.Aggregation;
import io.ztsdb.core.SelectorSyntaxException;
import io.ztsdb.core.SeriesSelector;
import io.ztsdb.server.config.ConfigValues;

import java.util.List;

/**
 * Parsing of query-string parameters ({@code series}, {@code match}, {@code start}, {@code end}, {@code step},
 * {@code agg}); every failure is a {@link BadParameterException} naming the parameter.
 */
final class QueryParameters {
    private QueryParameters() {
    }

    /**
     * Parses and checks the parameters of {@code GET /query}: {@code match=SELECTOR} or {@code series=ID}, then
     * {@code start}, {@code end} (ms, optional), {@code step} (needs {@code agg} and {@code start}), {@code agg}.
     *
     * @return the query.
     */
    static QueryRequest query(final RoutingContext ctx) {
        final SeriesSelector selector = selector(ctx, "match");
        final long step = stepMillis(ctx, "step");
        final Aggregation aggregation = aggregation(ctx, "agg");
        if (selector != null && single(ctx, "series") != null) {
            throw new BadParameterException("match", "give either 'match' or 'series', not both");
        }
        final long seriesId = selector == null ? seriesId(ctx, "series") : 0;
        if (step > 0 && aggregation == null) {
            throw new BadParameterException("agg", "parameter 'step' needs 'agg' (avg, min, max, sum, count, last, "
                + "rate)");
        }
        final boolean hasStart = single(ctx, "start") != null;
        final long start = timestampMillis(ctx, "start", Long.MIN_VALUE);
        final long end = timestampMillis(ctx, "end", Long.MAX_VALUE);
        if (step > 0 && !hasStart) {
            throw new BadParameterException("start", "parameter 'start' is required with 'step': buckets start "
                + "at 'start'");
        }
        if (end < start) {
            throw new BadParameterException("end", "parameter 'end' (" + end + ") must not be before 'start' ("
                + start + ")");
        }
        return new QueryRequest(selector, seriesId, start, end, step, aggregation);
    }

    /** @return the single value of {@code name}, or null when absent. */
    static String single(final RoutingContext ctx, final String name) {
        final List<String> values = ctx.queryParam(name);
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new BadParameterException(name, "parameter '" + name + "' given " + values.size()
                + " times; give it once");
        }
        return values.getFirst();
    }

    /** @return the parsed selector of {@code name}, or null when absent. */
    static SeriesSelector selector(final RoutingContext ctx, final String name) {
        final String text = single(ctx, name);
        if (text == null) {
            return null;
        }
        try {
            return SeriesSelector.parse(text);
        } catch (final SelectorSyntaxException ex) {
            throw new BadParameterException(name, "parameter '" + name + "' is not a valid selector: "
                + ex.getMessage() + "; e.g. " + name + "=container.cpu.usage{container_id=\"abc\"}");
        }
    }

    /** @return a required u64 series id, decimal. */
    private static long seriesId(final RoutingContext ctx, final String name) {
        final String text = single(ctx, name);
        if (text == null || text.isEmpty()) {
            throw new BadParameterException(name, "missing parameter '" + name
                + "': give a series id, e.g. ?" + name + "=1");
        }
        try {
            return Long.parseUnsignedLong(text);
        } catch (final NumberFormatException ex) {
            throw new BadParameterException(name, "parameter '" + name + "' must be a series id (unsigned 64-bit "
                + "decimal integer), was '" + text + "'");
        }
    }

    /** @return an optional timestamp in ms since the epoch, {@code defaultMillis} when absent. */
    private static long timestampMillis(final RoutingContext ctx, final String name, final long defaultMillis) {
        final String text = single(ctx, name);
        if (text == null || text.isEmpty()) {
            return defaultMillis;
        }
        try {
            return Long.parseLong(text);
        } catch (final NumberFormatException ex) {
            throw new BadParameterException(name, "parameter '" + name + "' must be a timestamp in milliseconds "
                + "since the epoch (64-bit integer), was '" + text + "'");
        }
    }

    /** @return the aggregation of {@code name}, or null when absent. */
    private static Aggregation aggregation(final RoutingContext ctx, final String name) {
        final String text = single(ctx, name);
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Aggregation.parse(text);
        } catch (final IllegalArgumentException ex) {
            throw new BadParameterException(name, "parameter '" + name + "' must be one of avg, min, max, sum, "
                + "count, last, rate; was '" + text + "'");
        }
    }

    /**
     * @return the step in ms: a positive integer of milliseconds, or a duration like {@code 500ms}, {@code 10s},
     *     {@code 5m}, {@code 1h}, {@code 1d}; 0 when absent.
     */
    private static long stepMillis(final RoutingContext ctx, final String name) {
        final String text = single(ctx, name);
        if (text == null || text.isEmpty()) {
            return 0;
        }
        final long step = ConfigValues.durationMillisOrNegative(text, true);
        if (step <= 0) {
            throw new BadParameterException(name, "parameter '" + name + "' must be a positive duration in "
                + "milliseconds (e.g. 60000) or with a unit (500ms, 10s, 5m, 1h, 1d); was '" + text + "'");
        }
        return step;
    }
}
