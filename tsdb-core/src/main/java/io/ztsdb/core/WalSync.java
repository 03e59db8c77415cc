// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import java.util.Locale;
import java.util.Objects;

/**
 * When a write is acknowledged relative to the WAL reaching the disk: {@link #fsync()}, {@link #interval(long)} or
 * {@link #none()}. The text form ({@code fsync}, {@code interval=<ms>}, {@code none}) is what {@link #toString()}
 * returns and {@link #parse(String)} reads, for command lines and configuration files.
 *
 * @param mode           the policy.
 * @param intervalMillis time between two forces for {@link Mode#INTERVAL}, 0 for the other modes.
 */
public record WalSync(Mode mode, long intervalMillis) {
    /** The policy, without its parameter. */
    public enum Mode {
        /**
         * Acknowledge a write only after an {@code fdatasync} covering it; concurrent writers share one (group
         * commit). The default.
         */
        FSYNC,
        /** Acknowledge on write; force every interval: a power loss may lose the last interval. */
        INTERVAL,
        /** Acknowledge on write; force only on segment switch and close. */
        NONE
    }

    private static final WalSync FSYNC = new WalSync(Mode.FSYNC, 0);
    private static final WalSync NONE = new WalSync(Mode.NONE, 0);
    private static final String INTERVAL_PREFIX = "interval=";

    /**
     * @throws IllegalArgumentException when the interval is not positive for {@link Mode#INTERVAL}, or not 0 for
     *                                  the other modes.
     */
    public WalSync {
        Objects.requireNonNull(mode, "mode");
        if (mode == Mode.INTERVAL ? intervalMillis <= 0 : intervalMillis != 0) {
            throw new IllegalArgumentException("bad WAL sync interval: mode=" + mode + " intervalMillis=" +
                intervalMillis);
        }
    }

    /** @return acknowledge after {@code fdatasync} (the default). */
    public static WalSync fsync() {
        return FSYNC;
    }

    /**
     * @param intervalMillis time between two forces, positive.
     * @return acknowledge on write, force every interval.
     */
    public static WalSync interval(final long intervalMillis) {
        return new WalSync(Mode.INTERVAL, intervalMillis);
    }

    /** @return acknowledge on write, never force except on segment switch and close. */
    public static WalSync none() {
        return NONE;
    }

    /**
     * Reads the text form, case-insensitive, surrounding blanks ignored.
     *
     * @param text {@code fsync}, {@code interval=<ms>} or {@code none}.
     * @return the policy.
     * @throws IllegalArgumentException when the text is none of those.
     */
    public static WalSync parse(final String text) {
        final String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("fsync")) {
            return FSYNC;
        }
        if (value.equals("none")) {
            return NONE;
        }
        if (value.startsWith(INTERVAL_PREFIX)) {
            try {
                return interval(Long.parseLong(value.substring(INTERVAL_PREFIX.length())));
            } catch (final IllegalArgumentException ex) { // NumberFormatException included
                throw new IllegalArgumentException("bad fsync interval, expected interval=<ms> with ms > 0: " + text,
                    ex);
            }
        }
        throw new IllegalArgumentException("fsync policy must be fsync, interval=<ms> or none: " + text);
    }

    /** @return the text form, which {@link #parse(String)} reads back. */
    @Override
    public String toString() {
        return switch (mode) {
            case FSYNC -> "fsync";
            case INTERVAL -> INTERVAL_PREFIX + intervalMillis;
            case NONE -> "none";
        };
    }
}
