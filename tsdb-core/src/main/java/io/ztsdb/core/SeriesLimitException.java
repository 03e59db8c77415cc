// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

/**
 * A write would take the head past its series limit ({@link TsdbConfig#maxSeries()}, the cardinality limit): it is
 * refused whole, nothing of it is stored. Points of series the head holds are still accepted.
 */
public final class SeriesLimitException extends TsdbException {
    private static final long serialVersionUID = 1L;

    /** The limit in force when the write was refused. */
    private final long maxSeries;

    /**
     * Creates the refusal.
     *
     * @param message   the counts, for humans.
     * @param maxSeries the limit.
     */
    public SeriesLimitException(final String message, final long maxSeries) {
        super(message);
        this.maxSeries = maxSeries;
    }

    /** {@return the limit} */
    public long maxSeries() {
        return maxSeries;
    }
}
