// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.netty;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The one place where the HTTP front end reaches below Vert.x's public API: a response body made of memory
 * segments the server owns, handed to Netty without a copy.
 * <p>
 * <b>Design note:</b> Vert.x's public {@code Buffer.buffer(byte[])} copies into a heap buffer, which Netty then
 * copies into direct memory for the socket. {@code BufferInternal.buffer(ByteBuf)} wraps a Netty buffer as it is,
 * and Vert.x hands such a buffer to Netty as unreleasable, so the segments stay the caller's: nothing else frees or
 * reuses them. If a Vert.x upgrade moves the internal call, this class is what changes.
 */
public final class HttpResponseAccess {
    private HttpResponseAccess() {
    }

    /**
     * @param segments direct (or heap) buffers, each from its position to its limit, in order.
     * @return a Vert.x buffer over the segments as one composite body, sharing their memory; the segments must
     *     stay untouched until the write that carries the buffer has completed or failed.
     */
    public static Buffer wrap(final List<ByteBuffer> segments) {
        return BufferInternal.buffer(Unpooled.wrappedBuffer(segments.toArray(new ByteBuffer[0])));
    }
}
