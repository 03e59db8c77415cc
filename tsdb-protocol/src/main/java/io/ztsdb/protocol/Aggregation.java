// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

/**
 * The aggregation byte of an extended query. Each bucket of {@code step} milliseconds yields one point whose
 * timestamp is the bucket start and whose value is the aggregate of the bucket's points.
 */
public enum Aggregation {
    /** No aggregation: raw points (step must be 0). */
    NONE(0),
    /** Arithmetic mean. */
    AVG(1),
    /** Smallest value. */
    MIN(2),
    /** Largest value. */
    MAX(3),
    /** Sum of values. */
    SUM(4),
    /** Number of points, as a double. */
    COUNT(5),
    /** Value of the point with the latest timestamp. */
    LAST(6),
    /** Per-second rate of increase of a counter, counter resets handled. */
    RATE(7);

    private static final Aggregation[] BY_CODE = values();

    private final int code;

    Aggregation(final int code) {
        this.code = code;
    }

    /**
     * The u8 value on the wire.
     *
     * @return the code.
     */
    public int code() {
        return code;
    }

    /**
     * The lower-case name used by the HTTP API ({@code agg=avg}).
     *
     * @return e.g. "avg".
     */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Looks a wire code up.
     *
     * @param code the u8 value.
     * @return the constant, or null when unknown.
     */
    public static Aggregation fromCode(final int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
