// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.ingest;

/**
 * A series a request names that the {@link SeriesIdCache} did not know, with its names as the protocol gave them;
 * {@link SeriesRegistration} fills in its id, or the reason it was refused.
 */
public final class NewSeries {
    private final String metric;
    private final String[] labelPairs;
    private final int keyOffset;
    private final int keyLength;
    private final long keyHash;
    private long id;
    private String error;

    /**
     * @param metric     metric name as sent.
     * @param labelPairs label names and values as sent, alternating.
     * @param keyOffset  where the series' cache key lies in the request's key buffer.
     * @param keyLength  its length.
     * @param keyHash    its hash.
     */
    public NewSeries(final String metric, final String[] labelPairs, final int keyOffset, final int keyLength,
        final long keyHash) {
        this.metric = metric;
        this.labelPairs = labelPairs;
        this.keyOffset = keyOffset;
        this.keyLength = keyLength;
        this.keyHash = keyHash;
    }

    /** A series refused before registration (bad names, too many labels, ...). */
    public static NewSeries refused(final String error) {
        final NewSeries series = new NewSeries("", new String[0], 0, 0, 0);
        series.error = error;
        return series;
    }

    String metric() {
        return metric;
    }

    String[] labelPairs() {
        return labelPairs;
    }

    /** @return where the key lies in the request's key buffer. */
    public int keyOffset() {
        return keyOffset;
    }

    /** @return the key's length. */
    public int keyLength() {
        return keyLength;
    }

    /** @return the key's hash. */
    public long keyHash() {
        return keyHash;
    }

    /** @return the series id once registered, 0 when refused. */
    public long id() {
        return id;
    }

    /** @return why it was refused, null when registered. */
    public String error() {
        return error;
    }

    void registered(final long seriesId) {
        this.id = seriesId;
    }

    void refuse(final String reason) {
        this.error = reason;
    }
}
