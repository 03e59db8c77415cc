// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol.prometheus;

import io.ztsdb.protocol.protobuf.ProtobufWriter;

/**
 * Writes {@code TimeSeries} messages (labels, then samples) into a {@link ProtobufWriter}; the shared part of
 * {@link WriteRequestEncoder} and {@link ReadResponseEncoder}. Labels must be given sorted by name, as
 * Prometheus expects them.
 */
public class TimeSeriesEncoder {
    /** The writer. */
    protected final ProtobufWriter writer;
    private final int seriesField;
    private int seriesMark = -1;

    /**
     * @param writer      where to write.
     * @param seriesField the field number of the repeated TimeSeries in the enclosing message.
     */
    protected TimeSeriesEncoder(final ProtobufWriter writer, final int seriesField) {
        this.writer = writer;
        this.seriesField = seriesField;
    }

    /** Opens a series; add labels, then samples, then {@link #endSeries()}. */
    public TimeSeriesEncoder beginSeries() {
        if (seriesMark >= 0) {
            throw new IllegalStateException("series not ended");
        }
        seriesMark = writer.beginMessage(seriesField);
        return this;
    }

    /** Adds a label to the open series. */
    public TimeSeriesEncoder label(final String name, final String value) {
        final int mark = writer.beginMessage(RemoteProtoDescriptor.TIMESERIES_LABELS);
        writer.stringField(RemoteProtoDescriptor.LABEL_NAME, name);
        writer.stringField(RemoteProtoDescriptor.LABEL_VALUE, value);
        writer.endMessage(mark);
        return this;
    }

    /** Adds a sample to the open series; every double bit pattern is kept (stale markers included). */
    public TimeSeriesEncoder sample(final long timestampMillis, final double value) {
        final int mark = writer.beginMessage(RemoteProtoDescriptor.TIMESERIES_SAMPLES);
        writer.doubleField(RemoteProtoDescriptor.SAMPLE_VALUE, value);
        writer.int64Field(RemoteProtoDescriptor.SAMPLE_TIMESTAMP, timestampMillis);
        writer.endMessage(mark);
        return this;
    }

    /** Closes the open series. */
    public TimeSeriesEncoder endSeries() {
        if (seriesMark < 0) {
            throw new IllegalStateException("no open series");
        }
        writer.endMessage(seriesMark);
        seriesMark = -1;
        return this;
    }

    /** @return true while a series is open. */
    protected boolean seriesOpen() {
        return seriesMark >= 0;
    }
}
