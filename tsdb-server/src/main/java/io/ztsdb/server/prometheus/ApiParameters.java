// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.prometheus;

import io.vertx.ext.web.RoutingContext;
import io.ztsdb.core.promql.Durations;
import io.ztsdb.core.promql.GoQuote;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Reads the parameters of Prometheus API requests, from the URL query or a form-encoded POST body alike, and
 * parses times and durations as Prometheus does: float seconds or RFC 3339 for times, float seconds or a
 * PromQL duration for steps and timeouts.
 */
final class ApiParameters {
    /** Prometheus' formatted minimum and maximum times, which clients send as open bounds. */
    private static final String MIN_TIME = "-292273086-05-16T16:47:06Z";
    private static final String MAX_TIME = "292277025-08-18T07:12:54.999999999Z";
    /** The open bounds in milliseconds: far outside any data, far from overflow. */
    static final long MIN_MILLIS = Long.MIN_VALUE / 4;
    static final long MAX_MILLIS = Long.MAX_VALUE / 4;

    private ApiParameters() {
    }

    /** @return the value of a parameter, or null. */
    static String get(final RoutingContext ctx, final String name) {
        return ctx.request().params().get(name);
    }

    /** @return every value of a parameter (e.g. {@code match[]}). */
    static List<String> all(final RoutingContext ctx, final String name) {
        return ctx.request().params().getAll(name);
    }

    /**
     * @return the time parameter in milliseconds, or {@code defaultMillis} when absent.
     * @throws ApiException bad_data when it cannot be parsed.
     */
    static long time(final RoutingContext ctx, final String name, final long defaultMillis) {
        final String text = get(ctx, name);
        if (text == null || text.isEmpty()) {
            return defaultMillis;
        }
        return parseTime(name, text);
    }

    /** @return a required time parameter in milliseconds. */
    static long requiredTime(final RoutingContext ctx, final String name) {
        final String text = get(ctx, name);
        return parseTime(name, text == null ? "" : text);
    }

    static long parseTime(final String name, final String text) {
        try {
            final double seconds = Double.parseDouble(text);
            if (Double.isFinite(seconds) && isGoFloat(text)) {
                final double whole = seconds < 0 ? Math.ceil(seconds) : Math.floor(seconds);
                final double fraction = seconds - whole;
                return (long) whole * 1000 + (long) roundHalfAwayFromZero(fraction * 1000);
            }
        } catch (final NumberFormatException ignored) {
            // Not a number: try RFC 3339.
        }
        if (MIN_TIME.equals(text)) {
            return MIN_MILLIS;
        }
        if (MAX_TIME.equals(text)) {
            return MAX_MILLIS;
        }
        try {
            final OffsetDateTime t = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return t.toEpochSecond() * 1000 + t.getNano() / 1_000_000;
        } catch (final DateTimeParseException ex) {
            throw ApiException.invalidParameter(name, "cannot parse " + GoQuote.quote(text) +
                " to a valid timestamp");
        }
    }

    /**
     * @return a duration parameter (float seconds or a PromQL duration) in milliseconds, or null when absent.
     * @throws ApiException bad_data when it cannot be parsed.
     */
    static Long duration(final RoutingContext ctx, final String name) {
        final String text = get(ctx, name);
        if (text == null || text.isEmpty()) {
            return null;
        }
        return parseDuration(name, text);
    }

    static long parseDuration(final String name, final String text) {
        try {
            final double seconds = Double.parseDouble(text);
            if (isGoFloat(text)) {
                final double nanos = seconds * 1e9;
                if (nanos > Long.MAX_VALUE || nanos < Long.MIN_VALUE || Double.isNaN(nanos)) {
                    throw ApiException.invalidParameter(name, "cannot parse " + GoQuote.quote(text) +
                        " to a valid duration. It overflows int64");
                }
                return (long) nanos / 1_000_000;
            }
        } catch (final NumberFormatException ignored) {
            // Not a number: try a PromQL duration.
        }
        try {
            return Durations.parse(text);
        } catch (final IllegalArgumentException ex) {
            throw ApiException.invalidParameter(name, "cannot parse " + GoQuote.quote(text) + " to a valid duration");
        }
    }

    /** Java accepts "1d", "1f" and surrounding spaces, Go does not. */
    private static boolean isGoFloat(final String text) {
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static double roundHalfAwayFromZero(final double value) {
        final double abs = Math.abs(value);
        double rounded = Math.floor(abs);
        if (abs - rounded >= 0.5) {
            rounded += 1;
        }
        return Math.copySign(rounded, value);
    }
}
