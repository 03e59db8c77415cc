// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.tcp;

import io.vertx.core.buffer.Buffer;
import io.ztsdb.protocol.ErrorCode;
import io.ztsdb.protocol.FrameDescriptor;
import io.ztsdb.protocol.FrameEncoder;
import io.ztsdb.protocol.OkDescriptor;
import io.ztsdb.protocol.SeriesResponseDescriptor;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Encodes the server's small response frames (ok, error, series) into Vert.x buffers.
 */
final class Responses {
    /** An empty response: nothing to write (used to close after the responses due). */
    static final Buffer NONE = Buffer.buffer();
    private static final int OK_FRAME_LENGTH = FrameDescriptor.HEADER_LENGTH + OkDescriptor.LENGTH;
    private static final int SERIES_FRAME_LENGTH = FrameDescriptor.HEADER_LENGTH + SeriesResponseDescriptor.LENGTH;
    private static final ThreadLocal<FrameEncoder> ENCODER = ThreadLocal.withInitial(FrameEncoder::new);

    private Responses() {
    }

    /** @return an ok frame carrying the accepted and rejected point counts. */
    static Buffer ok(final long accepted, final long rejected) {
        final byte[] bytes = new byte[OK_FRAME_LENGTH];
        ENCODER.get().wrap(ByteBuffer.wrap(bytes), 0).ok(accepted, rejected);
        return Buffer.buffer(bytes);
    }

    /** @return an error frame with the code and message. */
    static Buffer error(final ErrorCode code, final String message) {
        final byte[] bytes = new byte[FrameEncoder.errorLength(message)];
        final FrameEncoder encoder = ENCODER.get().wrap(ByteBuffer.wrap(bytes), 0).error(code, message);
        return Buffer.buffer(encoder.position() == bytes.length ? bytes : Arrays.copyOf(bytes, encoder.position()));
    }

    /** @return a series frame, the answer to register_series. */
    static Buffer series(final long seriesId, final boolean created) {
        final byte[] bytes = new byte[SERIES_FRAME_LENGTH];
        ENCODER.get().wrap(ByteBuffer.wrap(bytes), 0).series(seriesId, created);
        return Buffer.buffer(bytes);
    }
}
