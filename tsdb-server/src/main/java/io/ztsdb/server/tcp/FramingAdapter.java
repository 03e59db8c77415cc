// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.tcp;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.ztsdb.protocol.FrameDecoder;
import io.ztsdb.protocol.FrameHandler;
import io.ztsdb.protocol.ProtocolException;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Feeds the chunks a socket delivers (Netty's pooled read buffers, or Vert.x buffers) into the protocol's
 * {@link FrameDecoder}, which reassembles frames split or coalesced arbitrarily across reads. Chunks are
 * viewed in place (no copy); frames that lie whole inside a chunk reach the handler without being copied at
 * all.
 * <p>
 * <b>Design note:</b> the protocol module's decoder is transport-agnostic and owns the header checks (magic,
 * version, type, length limit before buffering); this class is only the bridge from Netty and Vert.x buffers
 * to Agrona buffers, so the Vert.x {@code RecordParser} is not needed.
 */
final class FramingAdapter {
    private final FrameDecoder decoder;
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
    private byte[] copy = new byte[0];

    FramingAdapter(final FrameHandler handler, final int maxPayloadLength) {
        this.decoder = new FrameDecoder(handler, maxPayloadLength);
    }

    /**
     * Feeds one chunk; complete frames go to the handler before this returns.
     *
     * @param chunk bytes read from the socket.
     * @throws ProtocolException on malformed input: the stream cannot be resynchronised.
     */
    void feed(final Buffer chunk) {
        final int length = chunk.length();
        if (length == 0) {
            return;
        }
        final ByteBuf byteBuf = chunk instanceof BufferInternal internal ? internal.getByteBuf() : null;
        if (byteBuf != null && byteBuf.hasArray()) {
            view.wrap(byteBuf.array(), byteBuf.arrayOffset() + byteBuf.readerIndex(), length);
        } else {
            if (copy.length < length) {
                copy = new byte[Math.max(length, copy.length * 2)];
            }
            chunk.getBytes(0, length, copy, 0);
            view.wrap(copy, 0, length);
        }
        decoder.feed(view, 0, length);
    }

    /**
     * Feeds one chunk read by Netty, in place: direct buffers through their address, heap buffers through their
     * array. The chunk must stay valid during the call only (frames are consumed synchronously).
     *
     * @param chunk bytes read from the socket; not released here.
     * @throws ProtocolException on malformed input: the stream cannot be resynchronised.
     */
    void feed(final ByteBuf chunk) {
        final int length = chunk.readableBytes();
        if (length == 0) {
            return;
        }
        if (chunk.hasMemoryAddress()) {
            view.wrap(chunk.memoryAddress() + chunk.readerIndex(), length);
        } else if (chunk.hasArray()) {
            view.wrap(chunk.array(), chunk.arrayOffset() + chunk.readerIndex(), length);
        } else {
            if (copy.length < length) {
                copy = new byte[Math.max(length, copy.length * 2)];
            }
            chunk.getBytes(chunk.readerIndex(), copy, 0, length);
            view.wrap(copy, 0, length);
        }
        decoder.feed(view, 0, length);
    }

    /** @return true when the stream stopped inside a frame (a truncated frame at end of input). */
    boolean hasPartialFrame() {
        return decoder.hasPartialFrame();
    }

    /** @return the exception describing a truncated frame at end of input. */
    ProtocolException truncatedFrameException() {
        return decoder.truncatedFrameException();
    }
}
