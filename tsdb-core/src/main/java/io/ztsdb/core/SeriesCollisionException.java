// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

/**
 * Two different named series hash to the same 64-bit id. The registration is refused (never merged): the
 * existing series keeps the id; the new one cannot be registered under this id.
 */
public final class SeriesCollisionException extends TsdbException {
    private static final long serialVersionUID = 1L;

    /** The id both series hash to. */
    private final long seriesId;
    /** Canonical form of the series registered first. */
    private final String existingSeries;
    /** Canonical form of the series refused. */
    private final String newSeries;

    /**
     * Creates the exception for two series with one id.
     *
     * @param seriesId       the id both series hash to.
     * @param existingSeries canonical form of the series registered first.
     * @param newSeries      canonical form of the series refused.
     */
    public SeriesCollisionException(final long seriesId, final String existingSeries, final String newSeries) {
        super("series id collision: id=" + Long.toUnsignedString(seriesId) + " belongs to " + existingSeries +
            ", refused " + newSeries + " (rename a label or metric to register it)");
        this.seriesId = seriesId;
        this.existingSeries = existingSeries;
        this.newSeries = newSeries;
    }

    /** {@return the id both series hash to} */
    public long seriesId() {
        return seriesId;
    }

    /** {@return canonical form of the series that holds the id} */
    public String existingSeries() {
        return existingSeries;
    }

    /** {@return canonical form of the refused series} */
    public String newSeries() {
        return newSeries;
    }
}
