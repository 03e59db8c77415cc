// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.client.internal;

import java.nio.ByteBuffer;

import io.ztsdb.protocol.FrameDescriptor;
import io.ztsdb.protocol.FrameEncoder;
import io.ztsdb.protocol.HeaderFlyweight;
import io.ztsdb.protocol.MessageType;

/**
 * The client's outgoing bytes: one direct buffer for small request frames (grown for a large register_series),
 * and the header of an insert_batch whose points are written straight from the caller's batch (a gathering
 * write, no copy).
 */
public final class FrameBuffer {
    private static final int INITIAL_CAPACITY = 4096;

    private final FrameEncoder encoder = new FrameEncoder();
    private final HeaderFlyweight header = new HeaderFlyweight();
    private final ByteBuffer headerBuffer = ByteBuffer.allocateDirect(FrameDescriptor.HEADER_LENGTH);
    private final ByteBuffer headerView = headerBuffer.duplicate();
    private ByteBuffer frames = ByteBuffer.allocateDirect(INITIAL_CAPACITY);
    private ByteBuffer framesView = frames.duplicate();

    /** Creates the buffers. */
    public FrameBuffer() {
    }

    /**
     * Starts encoding frames at the start of the buffer, with room for {@code length} bytes.
     *
     * @param length bytes the frames will take.
     * @return the encoder, wrapped.
     */
    public FrameEncoder encoder(final int length) {
        if (frames.capacity() < length) {
            frames = ByteBuffer.allocateDirect(Math.max(length, 2 * frames.capacity()));
            framesView = frames.duplicate();
        }
        return encoder.wrap(frames, 0);
    }

    /** @return the frames encoded since {@link #encoder(int)}, positioned for a channel write. */
    public ByteBuffer encoded() {
        framesView.clear().limit(encoder.position());
        return framesView;
    }

    /**
     * The header of an insert_batch frame.
     *
     * @param payloadLength bytes of points that follow it.
     * @return the header, positioned for a channel write.
     */
    public ByteBuffer insertBatchHeader(final int payloadLength) {
        header.wrap(headerBuffer, 0).writeDefaults(MessageType.INSERT_BATCH).payloadLength(payloadLength);
        return headerView.clear();
    }
}
