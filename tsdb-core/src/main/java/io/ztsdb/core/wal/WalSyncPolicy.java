// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.wal;

/**
 * When appended WAL records are forced to disk and acknowledged.
 */
public enum WalSyncPolicy {
    /**
     * Acknowledge a record only after an {@code fdatasync} covering it; concurrent appenders share one
     * (group commit). The default.
     */
    FSYNC,
    /** Acknowledge on write; force every interval: a power loss may lose the last interval. */
    INTERVAL,
    /** Acknowledge on write; never force except on segment switch and close. */
    NONE;

    /**
     * Parses {@code fsync}, {@code interval=<ms>} or {@code none} into a configuration.
     *
     * @param text   the option text.
     * @param config receives the policy (and interval).
     * @return {@code config}.
     * @throws IllegalArgumentException when the text is none of those.
     */
    public static WalConfig parse(final String text, final WalConfig config) {
        final String value = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (value.equals("fsync")) {
            return config.syncPolicy(FSYNC);
        }
        if (value.equals("none")) {
            return config.syncPolicy(NONE);
        }
        if (value.startsWith("interval=")) {
            try {
                return config.syncPolicy(INTERVAL).syncIntervalMillis(Long.parseLong(value.substring(9)));
            } catch (final NumberFormatException ex) {
                throw new IllegalArgumentException("bad fsync interval: " + text, ex);
            }
        }
        throw new IllegalArgumentException("fsync policy must be fsync, interval=<ms> or none: " + text);
    }
}
