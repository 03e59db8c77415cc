// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

import java.nio.ByteBuffer;

/**
 * Receives each complete frame from a {@link FrameDecoder}.
 */
@FunctionalInterface
public interface FrameHandler {
    /**
     * Called once per complete frame, in stream order. The buffer is only valid during the call: it is either
     * the caller's input or the decoder's reused accumulator. Read it at absolute offsets (its position, limit and
     * byte order say nothing about the frame) and do not change it. Copy what must outlive the call.
     *
     * @param type          the message type code (a known type, see {@link MessageType}).
     * @param buffer        holding the payload.
     * @param payloadOffset offset of the payload's first byte.
     * @param payloadLength payload length in bytes, at most the decoder's limit.
     */
    void onFrame(int type, ByteBuffer buffer, int payloadOffset, int payloadLength);
}
