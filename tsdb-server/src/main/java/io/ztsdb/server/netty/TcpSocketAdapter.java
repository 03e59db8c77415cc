// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

import java.nio.ByteBuffer;

/**
 * A Vert.x TCP socket seen as a byte stream with TCP back-pressure: the one place where the TCP front end
 * reaches below Vert.x's public API into Netty and Vert.x internals.
 * <p>
 * What it adds to {@link NetSocket}: Netty's pooled read buffers are handed over in place as a {@link ByteBuffer}
 * view (no copy); reading stops by switching the channel's auto-read off, so unread data
 * stays in the kernel and the peer's window fills (true back-pressure, where {@link NetSocket#pause()} would
 * keep buffering in Vert.x); half-closure is allowed, so a peer that shuts down its output after its last request
 * still gets every answer. On a socket that is not a {@code NetSocketInternal} it falls back to the public API
 * with one copy per read.
 */
public final class TcpSocketAdapter {
    private final NetSocket socket;
    private final Channel channel;
    private ByteBuffer copy = ByteBuffer.allocate(0);
    private boolean readingPaused;

    /**
     * Receives what happens on the socket, on its event loop.
     */
    public interface Listener {
        /**
         * Bytes arrived; they are valid during the call only.
         *
         * @param buffer holding them, read at absolute offsets.
         * @param offset of the first byte.
         * @param length number of bytes.
         */
        void onBytes(ByteBuffer buffer, int offset, int length);

        /**
         * The peer shut down its output (half-closure): no more bytes will arrive, but bytes read before the event
         * may still be held while reading is paused.
         */
        void onInputShutdown();

        /** The stream ended: the socket's input is closed and every byte read has been delivered. */
        void onEnd();

        /** The socket's write queue drained below its limit. */
        void onWritable();

        /**
         * The connection failed.
         *
         * @param failure the cause.
         */
        void onFailure(Throwable failure);

        /** The socket is closed. */
        void onClosed();
    }

    /** @param socket the accepted socket. */
    public TcpSocketAdapter(final NetSocket socket) {
        this.socket = socket;
        this.channel = socket instanceof NetSocketInternal internal ? internal.channelHandlerContext().channel()
            : null;
    }

    /**
     * Starts delivering events to the listener.
     *
     * @param listener receives bytes and events.
     */
    public void start(final Listener listener) {
        socket.exceptionHandler(listener::onFailure);
        socket.closeHandler(v -> listener.onClosed());
        socket.drainHandler(v -> listener.onWritable());
        socket.endHandler(v -> listener.onEnd());
        if (socket instanceof NetSocketInternal internal) {
            channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
            internal.eventHandler(event -> {
                if (event instanceof ChannelInputShutdownEvent) {
                    listener.onInputShutdown();
                }
            });
            internal.messageHandler(message -> onMessage(message, listener));
        } else {
            socket.handler(chunk -> onBuffer(chunk, listener));
        }
    }

    private void onMessage(final Object message, final Listener listener) {
        if (!(message instanceof ByteBuf chunk)) {
            ReferenceCountUtil.release(message);
            return;
        }
        try {
            final int length = chunk.readableBytes();
            if (length == 0) {
                return;
            }
            if (chunk.nioBufferCount() == 1) {
                // The pooled buffer's own cached view: position and limit frame the readable bytes.
                final ByteBuffer view = chunk.internalNioBuffer(chunk.readerIndex(), length);
                listener.onBytes(view, view.position(), length);
            } else {
                chunk.getBytes(chunk.readerIndex(), copyBuffer(length).clear().limit(length));
                listener.onBytes(copy, 0, length);
            }
        } finally {
            chunk.release();
        }
    }

    private void onBuffer(final Buffer chunk, final Listener listener) {
        final int length = chunk.length();
        if (length > 0) {
            chunk.getBytes(0, length, copyBuffer(length).array(), 0);
            listener.onBytes(copy, 0, length);
        }
    }

    private ByteBuffer copyBuffer(final int length) {
        if (copy.capacity() < length) {
            copy = ByteBuffer.allocate(Math.max(length, 2 * copy.capacity()));
        }
        return copy;
    }

    /**
     * Stops reading: no more bytes are delivered until {@link #resumeReading()}.
     *
     * @return true when reading was running.
     */
    public boolean pauseReading() {
        if (readingPaused) {
            return false;
        }
        readingPaused = true;
        if (channel != null) {
            channel.config().setAutoRead(false);
        } else {
            socket.pause();
        }
        return true;
    }

    /**
     * Resumes reading after {@link #pauseReading()}.
     *
     * @return true when reading was paused.
     */
    public boolean resumeReading() {
        if (!readingPaused) {
            return false;
        }
        readingPaused = false;
        if (channel != null) {
            channel.config().setAutoRead(true);
        } else {
            socket.resume();
        }
        return true;
    }

    /** @return whether reading is paused. */
    public boolean isReadingPaused() {
        return readingPaused;
    }

    /**
     * Queues bytes for writing.
     *
     * @param bytes to write.
     * @return completed once the bytes are handed to the kernel.
     */
    public Future<Void> write(final Buffer bytes) {
        return socket.write(bytes);
    }

    /** @return whether the socket's write queue is over its limit. */
    public boolean writeQueueFull() {
        return socket.writeQueueFull();
    }

    /** Closes the socket once the bytes written so far are sent. */
    public void end() {
        socket.end();
    }

    /** Closes the socket now. */
    public void close() {
        socket.close();
    }

    /** @return the peer's address, for messages. */
    public String remoteAddress() {
        return String.valueOf(socket.remoteAddress());
    }
}
