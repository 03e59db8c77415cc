// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol.prometheus;

import io.ztsdb.protocol.protobuf.ProtobufWriter;
import io.ztsdb.protocol.snappy.SnappyBlock;

/**
 * Encodes a remote-write {@code WriteRequest}:
 * <pre>{@code
 * WriteRequestEncoder w = new WriteRequestEncoder();
 * w.beginSeries().label("__name__", "up").label("job", "api").sample(t, 1.0).endSeries();
 * byte[] body = w.toSnappy();   // POST with Content-Encoding: snappy, X-Prometheus-Remote-Write-Version: 0.1.0
 * }</pre>
 */
public final class WriteRequestEncoder extends TimeSeriesEncoder {
    /** Creates an encoder with its own buffer. */
    public WriteRequestEncoder() {
        super(new ProtobufWriter(), RemoteProtoDescriptor.WRITE_REQUEST_TIMESERIES);
    }

    /** Empties the encoder for the next request, keeping its buffer. */
    public WriteRequestEncoder reset() {
        writer.reset();
        return this;
    }

    /** @return the encoded request (uncompressed). */
    public byte[] toByteArray() {
        checkComplete();
        return writer.toByteArray();
    }

    /** @return the encoded request, snappy-compressed as remote write sends it. */
    public byte[] toSnappy() {
        checkComplete();
        return SnappyBlock.compress(writer.buffer(), 0, writer.length());
    }

    private void checkComplete() {
        if (seriesOpen()) {
            throw new IllegalStateException("series not ended");
        }
    }
}
