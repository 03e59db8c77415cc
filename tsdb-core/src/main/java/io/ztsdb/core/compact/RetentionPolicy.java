// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.compact;

/**
 * Which blocks retention deletes: whole blocks whose newest point is older than the newest stored time minus
 * the retention period. Data time, not wall-clock time, so a replayed or back-filled data set is not wiped
 * at startup (Prometheus measures retention from its newest block too).
 *
 * @param retentionMillis how long data is kept; 0 or less keeps everything.
 */
public record RetentionPolicy(long retentionMillis) {
    /**
     * @param newestTimeMillis newest timestamp stored.
     * @return blocks with a max time below this are deleted; {@link Long#MIN_VALUE} when nothing is.
     */
    public long cutoffMillis(final long newestTimeMillis) {
        if (retentionMillis <= 0 || newestTimeMillis == Long.MIN_VALUE) {
            return Long.MIN_VALUE;
        }
        return newestTimeMillis - retentionMillis;
    }

    /**
     * Parses a duration like {@code 15d}, {@code 12h}, {@code 30m}, {@code 45s} or {@code 500ms}.
     *
     * @param text the duration.
     * @return milliseconds.
     * @throws IllegalArgumentException when malformed.
     */
    public static long parseDurationMillis(final String text) {
        final String value = text.trim().toLowerCase(java.util.Locale.ROOT);
        final String[] units = {"ms", "s", "m", "h", "d", "w", "y"};
        final long[] factors = {1, 1000, 60_000, 3_600_000, 86_400_000, 7 * 86_400_000L, 365 * 86_400_000L};
        for (int i = 0; i < units.length; i++) {
            if (value.endsWith(units[i]) && !(units[i].equals("s") && value.endsWith("ms"))) {
                try {
                    final long amount = Long.parseLong(value.substring(0, value.length() - units[i].length()));
                    if (amount < 0) {
                        break;
                    }
                    return Math.multiplyExact(amount, factors[i]);
                } catch (final NumberFormatException | ArithmeticException ex) {
                    break;
                }
            }
        }
        throw new IllegalArgumentException("bad duration, expected e.g. 15d, 12h, 30m, 45s, 500ms: " + text);
    }
}
