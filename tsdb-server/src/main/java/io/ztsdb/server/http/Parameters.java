// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * Parsing of query-string parameters; every failure is a {@link BadParameterException} naming the parameter.
 */
final class Parameters {
    private Parameters() {
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

    /** @return a required u64 series id, decimal. */
    static long seriesId(final RoutingContext ctx, final String name) {
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
    static long timestampMillis(final RoutingContext ctx, final String name, final long defaultMillis) {
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
}
