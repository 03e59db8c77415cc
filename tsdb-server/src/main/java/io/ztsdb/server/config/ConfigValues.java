// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.config;

import java.util.Locale;

/**
 * Parsing of sizes and durations written as text, for command-line options and query parameters.
 */
public final class ConfigValues {
    private static final String[] DURATION_UNITS = {"ms", "s", "m", "h", "d", "w", "y"};
    private static final long[] DURATION_UNIT_MILLIS = {1, 1000, 60_000, 3_600_000, 86_400_000, 7 * 86_400_000L,
        365 * 86_400_000L};
    private static final int MAX_SIZE_DIGITS = 18;

    private ConfigValues() {
    }

    /**
     * Parses a size: digits with an optional binary unit {@code k}, {@code m}, {@code g} or {@code t}
     * (case-insensitive, an optional trailing {@code b} or {@code ib} is accepted: {@code 64MiB}).
     *
     * @param option the option named in the error, e.g. {@code --head-memory}.
     * @param text   the size.
     * @return the size in bytes.
     * @throws ConfigException naming {@code option} when the text is not such a size or overflows.
     */
    public static long parseSizeBytes(final String option, final String text) {
        final String hint = "must be a size like 64m, 1g or 512k, was '" + text + "'";
        if (text == null) {
            throw new ConfigException(option, hint);
        }
        String rest = text.strip().toLowerCase(Locale.ROOT);
        if (rest.endsWith("ib")) {
            rest = rest.substring(0, rest.length() - 2);
        } else if (rest.endsWith("b")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        int shift = 0;
        if (!rest.isEmpty()) {
            shift = switch (rest.charAt(rest.length() - 1)) {
                case 'k' -> 10;
                case 'm' -> 20;
                case 'g' -> 30;
                case 't' -> 40;
                default -> -1;
            };
            if (shift >= 0) {
                rest = rest.substring(0, rest.length() - 1);
            } else {
                shift = 0;
            }
        }
        if (rest.isEmpty() || rest.length() > MAX_SIZE_DIGITS || !rest.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ConfigException(option, hint);
        }
        final long value = Long.parseLong(rest);
        if (value > Long.MAX_VALUE >> shift) {
            throw new ConfigException(option, hint);
        }
        return value << shift;
    }

    /**
     * Parses a duration of at least one unit: {@code 0} (nothing), or digits with a unit {@code ms}, {@code s},
     * {@code m}, {@code h}, {@code d}, {@code w} or {@code y} (365 days), e.g. {@code 15d}.
     *
     * @param option the option named in the error, e.g. {@code --retention}.
     * @param text   the duration.
     * @return the duration in milliseconds, not negative.
     * @throws ConfigException naming {@code option} when the text is not such a duration.
     */
    public static long parseDurationMillis(final String option, final String text) {
        final long millis = text == null ? -1 : text.strip().equals("0") ? 0 : durationMillisOrNegative(text, false);
        if (millis < 0) {
            throw new ConfigException(option, "must be a duration like 15d, 12h or 30m (0: keep everything), was '"
                + text + "'");
        }
        return millis;
    }

    /**
     * @param text       digits with a unit as in {@link #parseDurationMillis}, case-insensitive.
     * @param bareMillis whether digits without a unit are milliseconds.
     * @return the duration in milliseconds; negative when the text is malformed, negative or overflows.
     */
    public static long durationMillisOrNegative(final String text, final boolean bareMillis) {
        final String value = text.strip().toLowerCase(Locale.ROOT);
        String digits = bareMillis ? value : null;
        long unitMillis = 1;
        for (int i = 0; i < DURATION_UNITS.length; i++) {
            if (value.endsWith(DURATION_UNITS[i]) && !(i == 1 && value.endsWith("ms"))) {
                digits = value.substring(0, value.length() - DURATION_UNITS[i].length());
                unitMillis = DURATION_UNIT_MILLIS[i];
                break;
            }
        }
        if (digits == null) {
            return -1;
        }
        try {
            final long amount = Long.parseLong(digits);
            return amount < 0 ? -1 : Math.multiplyExact(amount, unitMillis);
        } catch (final NumberFormatException | ArithmeticException ex) {
            return -1;
        }
    }
}
