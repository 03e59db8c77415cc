// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol.prometheus;

import io.ztsdb.protocol.protobuf.ProtobufWriter;
import io.ztsdb.protocol.snappy.SnappyBlock;

/**
 * Encodes a remote-read {@code ReadResponse} of type SAMPLES: one {@code QueryResult} per query, in query order,
 * each with its series.
 * <pre>{@code
 * ReadResponseEncoder r = new ReadResponseEncoder();
 * r.beginResult();
 * r.beginSeries().label("__name__", "up").sample(t, 1.0).endSeries();
 * r.endResult();
 * byte[] body = r.toSnappy();
 * }</pre>
 */
public final class ReadResponseEncoder extends TimeSeriesEncoder {
    private int resultMark = -1;

    /** Creates an encoder with its own buffer. */
    public ReadResponseEncoder() {
        super(new ProtobufWriter(), RemoteProtoDescriptor.QUERY_RESULT_TIMESERIES);
    }

    /** Opens the result of the next query. */
    public ReadResponseEncoder beginResult() {
        if (resultMark >= 0) {
            throw new IllegalStateException("result not ended");
        }
        resultMark = writer.beginMessage(RemoteProtoDescriptor.READ_RESPONSE_RESULTS);
        return this;
    }

    /** Closes the open result. */
    public ReadResponseEncoder endResult() {
        if (resultMark < 0 || seriesOpen()) {
            throw new IllegalStateException("no open result, or a series not ended");
        }
        writer.endMessage(resultMark);
        resultMark = -1;
        return this;
    }

    @Override
    public TimeSeriesEncoder beginSeries() {
        if (resultMark < 0) {
            throw new IllegalStateException("beginResult() first");
        }
        return super.beginSeries();
    }

    /** @return bytes encoded so far. */
    public int length() {
        return writer.length();
    }

    /** @return the encoded response, snappy-compressed. */
    public byte[] toSnappy() {
        if (resultMark >= 0) {
            throw new IllegalStateException("result not ended");
        }
        return SnappyBlock.compress(writer.buffer(), 0, writer.length());
    }

    /** @return the encoded response (uncompressed). */
    public byte[] toByteArray() {
        if (resultMark >= 0) {
            throw new IllegalStateException("result not ended");
        }
        return writer.toByteArray();
    }
}
