// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql;

/**
 * PromQL durations ({@code 1y2w3d4h5m6s7ms}): parsing and printing exactly as Prometheus' {@code model.Duration}.
 */
public final class Durations {
    private static final long SECOND = 1000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long WEEK = 7 * DAY;
    private static final long YEAR = 365 * DAY;
    private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
    private static final long[] UNIT_MILLIS = {YEAR, WEEK, DAY, HOUR, MINUTE, SECOND, 1};
    /** Go's time.Duration counts nanoseconds in an int64. */
    private static final long MAX_MILLIS = Long.MAX_VALUE / 1_000_000;

    private Durations() {
    }

    /**
     * @param text a duration: units y, w, d, h, m, s, ms in that order, each at most once; {@code 0} alone too.
     * @return the duration in milliseconds.
     * @throws IllegalArgumentException with Prometheus' message ({@code not a valid duration string: "5m3h"}).
     */
    public static long parse(final String text) {
        if ("0".equals(text)) {
            return 0;
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty duration string");
        }
        long total = 0;
        int unit = 0;
        int pos = 0;
        boolean overflow = false;
        while (pos < text.length()) {
            final int numberStart = pos;
            while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                pos++;
            }
            if (pos == numberStart) {
                throw invalid(text);
            }
            final int unitStart = pos;
            while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
                pos++;
            }
            final String unitText = text.substring(unitStart, pos);
            int found = -1;
            for (int u = unit; u < UNITS.length; u++) {
                if (UNITS[u].equals(unitText)) {
                    found = u;
                    break;
                }
            }
            if (found < 0) {
                throw invalid(text);
            }
            unit = found + 1;
            final String digits = text.substring(numberStart, unitStart);
            final long count = digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
            if (count > MAX_MILLIS / UNIT_MILLIS[found]) {
                overflow = true;
            } else {
                total += count * UNIT_MILLIS[found];
                overflow |= total > MAX_MILLIS || total < 0;
            }
        }
        if (overflow) {
            throw new IllegalArgumentException("duration out of range");
        }
        return total;
    }

    private static IllegalArgumentException invalid(final String text) {
        return new IllegalArgumentException("not a valid duration string: " + GoQuote.quote(text));
    }

    /**
     * @param millis a duration in milliseconds.
     * @return it as Prometheus prints it: {@code 1h30m}, {@code 90d} (years and weeks only when exact),
     *     {@code 0s}.
     */
    public static String format(final long millis) {
        if (millis == 0) {
            return "0s";
        }
        long rest = millis;
        final StringBuilder sb = new StringBuilder();
        for (int u = 0; u < UNITS.length; u++) {
            final boolean exactOnly = u < 2;
            if (exactOnly && rest % UNIT_MILLIS[u] != 0) {
                continue;
            }
            final long count = rest / UNIT_MILLIS[u];
            if (count > 0) {
                sb.append(count).append(UNITS[u]);
                rest -= count * UNIT_MILLIS[u];
            }
        }
        return sb.toString();
    }

    /** @return {@code " offset 5m"}, {@code " offset -5m"} or the empty string. */
    public static String offsetSuffix(final long offsetMillis) {
        if (offsetMillis > 0) {
            return " offset " + format(offsetMillis);
        }
        if (offsetMillis < 0) {
            return " offset -" + format(-offsetMillis);
        }
        return "";
    }
}
