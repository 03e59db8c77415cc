// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.influx;

/**
 * The {@code precision} of line-protocol timestamps, in InfluxDB 1.x ({@code n u ms s m h}) and 2.x
 * ({@code ns us ms s}) spellings. ztsdb stores milliseconds: finer timestamps are rounded down to theirs.
 */
public enum Precision {
    /** {@code n}, {@code ns}. */
    NANOSECONDS(1),
    /** {@code u}, {@code us}. */
    MICROSECONDS(1_000),
    /** {@code ms}. */
    MILLISECONDS(1_000_000),
    /** {@code s}. */
    SECONDS(1_000_000_000),
    /** {@code m}. */
    MINUTES(60_000_000_000L),
    /** {@code h}. */
    HOURS(3_600_000_000_000L);

    private final long nanos;

    Precision(final long nanos) {
        this.nanos = nanos;
    }

    /** @return the precision named, nanoseconds when {@code name} is null or empty, null when unknown. */
    public static Precision parse(final String name) {
        if (name == null || name.isEmpty()) {
            return NANOSECONDS;
        }
        return switch (name) {
            case "n", "ns" -> NANOSECONDS;
            case "u", "us", "µ", "µs" -> MICROSECONDS;
            case "ms" -> MILLISECONDS;
            case "s" -> SECONDS;
            case "m" -> MINUTES;
            case "h" -> HOURS;
            default -> null;
        };
    }

    /**
     * @param timestamp a timestamp in this precision.
     * @return it in milliseconds, rounded down; {@link Long#MIN_VALUE} when it is outside the nanosecond range
     * InfluxDB accepts.
     */
    long toMillis(final long timestamp) {
        final long high = Math.multiplyHigh(timestamp, nanos);
        final long ns = timestamp * nanos;
        if ((high != 0 || ns < 0) && (high != -1 || ns >= 0) || ns == Long.MIN_VALUE || ns == Long.MAX_VALUE) {
            return Long.MIN_VALUE;
        }
        return Math.floorDiv(ns, 1_000_000L);
    }
}
