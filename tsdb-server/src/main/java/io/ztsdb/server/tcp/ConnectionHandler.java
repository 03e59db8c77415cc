// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import io.ztsdb.core.Tsdb;
import io.ztsdb.core.WriteResult;
import io.ztsdb.protocol.DataPointDescriptor;
import io.ztsdb.protocol.ErrorCode;
import io.ztsdb.protocol.FrameHandler;
import io.ztsdb.protocol.MessageType;
import io.ztsdb.protocol.ProtocolException;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.stats.ConnectionStats;
import io.ztsdb.server.stats.ServerStats;
import org.agrona.DirectBuffer;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * Serves one TCP connection of the binary protocol, on the connection's event loop.
 * <p>
 * Requests are answered strictly in the order they arrived: every request takes a slot in a queue, and slots
 * are written out from the head as they complete. Inserts are handed to {@link Tsdb#insertBatchAsync}, which
 * consumes the frame's bytes before returning; the ok frame goes out when its future completes (that is, when
 * the points are durable), after hopping back to this connection's event loop. Queries run on a worker
 * thread.
 * <p>
 * Input: Netty's pooled read buffers are decoded in place (zero copy) through the {@link FramingAdapter}.
 * Back-pressure: reading stops (the channel's auto-read is switched off, so the kernel buffers and then the
 * client fill up) while more than {@link #WRITE_HIGH_WATER_BYTES} of responses wait for the kernel, the
 * socket's write queue is full, or {@link #MAX_PENDING_RESPONSES} requests await their answer; it resumes
 * when all three have drained.
 * <p>
 * Bad input: an error frame with a code and message. A bad frame whose boundaries are known (wrong payload
 * length, unexpected type) is rejected whole and the connection goes on; a stream that cannot be
 * resynchronised (bad magic, unknown version or type, payload over the limit, truncated at end of input) gets
 * the error frame after the responses already due, then the connection is closed.
 */
final class ConnectionHandler implements FrameHandler {
    /** Reading pauses when this many responses are pending, and resumes below half of it. */
    static final int MAX_PENDING_RESPONSES = 128;
    /** Reading pauses when this many response bytes are written but not yet taken by the kernel. */
    static final int WRITE_HIGH_WATER_BYTES = 1024 * 1024;
    /** Reading resumes when the bytes not yet taken by the kernel fall to this. */
    static final int WRITE_LOW_WATER_BYTES = 256 * 1024;
    private static final System.Logger LOG = System.getLogger(ConnectionHandler.class.getName());

    private final NetSocket socket;
    private final Context context;
    private final Tsdb tsdb;
    private final ServerStats serverStats;
    private final ConnectionStats stats;
    private final FramingAdapter framing;
    private final QueryExecutor queries;
    private final SeriesRegistrar registrar;
    private final ArrayDeque<PendingResponse> pending = new ArrayDeque<>();
    private Channel channel;
    private long unflushedBytes;
    private boolean readingPaused;
    private boolean inputShutdown;
    private boolean feeding;
    private boolean inputClosed;
    private boolean closed;

    ConnectionHandler(final NetSocket socket, final Context context, final Tsdb tsdb, final ServerStats serverStats,
        final ServerConfig config) {
        this.socket = socket;
        this.context = context;
        this.tsdb = tsdb;
        this.serverStats = serverStats;
        this.stats = serverStats.connectionOpened(String.valueOf(socket.remoteAddress()));
        this.framing = new FramingAdapter(this, config.maxFrameBytes());
        this.queries = new QueryExecutor(context.owner(), tsdb, config.maxQueryPoints());
        this.registrar = new SeriesRegistrar(context.owner(), tsdb);
    }

    void start() {
        socket.exceptionHandler(this::onException);
        socket.closeHandler(v -> onClosed());
        socket.endHandler(v -> onEndOfInput());
        socket.drainHandler(v -> resumeIfDrained());
        if (socket instanceof NetSocketInternal internal) {
            channel = internal.channelHandlerContext().channel();
            // Half-closure: a client that shuts down its output after its last request still gets every answer.
            channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
            internal.eventHandler(event -> {
                if (event instanceof ChannelInputShutdownEvent) {
                    onInputShutdown();
                }
            });
            // Netty's pooled read buffers, decoded in place: no heap copy (and no garbage) per read.
            internal.messageHandler(this::onMessage);
        } else {
            socket.handler(this::onData);
        }
    }

    private void onMessage(final Object message) {
        if (message instanceof ByteBuf chunk) {
            try {
                if (!inputClosed && !closed) {
                    final int length = chunk.readableBytes();
                    decode(length, () -> framing.feed(chunk));
                }
            } finally {
                chunk.release();
            }
        } else {
            ReferenceCountUtil.release(message);
        }
    }

    private void onData(final Buffer chunk) {
        if (!inputClosed && !closed) {
            decode(chunk.length(), () -> framing.feed(chunk));
        }
    }

    private void decode(final int length, final Runnable feed) {
        stats.addBytesIn(length);
        // Responses completed while the chunk is decoded go out together after it, in one write.
        feeding = true;
        try {
            feed.run();
        } catch (final ProtocolException ex) {
            feeding = false;
            fatal(ex.errorCode(), ex.getMessage());
        } finally {
            feeding = false;
        }
        flush();
    }

    @Override
    public void onFrame(final int type, final DirectBuffer buffer, final int offset, final int length) {
        if (inputClosed) {
            return;
        }
        switch (type) {
            case MessageType.INSERT -> insert(buffer, offset, length, true);
            case MessageType.INSERT_BATCH -> insert(buffer, offset, length, false);
            case MessageType.QUERY -> query(buffer, offset, length);
            case MessageType.PING -> ping(length);
            case MessageType.REGISTER_SERIES -> registerSeries(buffer, offset, length);
            default -> reject(ErrorCode.UNEXPECTED_TYPE, 0, "message type " + MessageType.name(type)
                + " is a response, not a request (send insert, insert_batch, query or ping)");
        }
    }

    private void ping(final int length) {
        if (length != 0) {
            reject(ErrorCode.BAD_PAYLOAD_LENGTH, 0, "ping payload must be empty: payloadLength=" + length);
            return;
        }
        stats.addFrame();
        respond(Responses.ok(0, 0));
    }

    private void insert(final DirectBuffer buffer, final int offset, final int length, final boolean single) {
        final int points = length / DataPointDescriptor.LENGTH;
        if (single ? length != DataPointDescriptor.LENGTH : length % DataPointDescriptor.LENGTH != 0) {
            reject(ErrorCode.BAD_PAYLOAD_LENGTH, points, (single ? "insert" : "insert_batch")
                + " payload must be " + (single ? "exactly" : "a multiple of") + " " + DataPointDescriptor.LENGTH
                + " bytes: payloadLength=" + length + "; nothing was stored");
            return;
        }
        stats.addFrame();
        final CompletableFuture<WriteResult> result;
        try {
            result = tsdb.insertBatchAsync(payload(buffer, offset, length), 0, points);
        } catch (final IllegalStateException ex) {
            reject(ErrorCode.UNAVAILABLE, points, "database unavailable: " + ex.getMessage());
            return;
        } catch (final RuntimeException ex) {
            reject(ErrorCode.SERVER_ERROR, points, "insert failed: " + ex);
            return;
        }
        final PendingResponse slot = enqueue();
        if (result.isDone()) {
            completeInsert(slot, result.getNow(null), null, points);
        } else {
            result.whenComplete((written, failure) ->
                context.runOnContext(v -> completeInsert(slot, written, failure, points)));
        }
    }

    /**
     * The insert payload as the engine takes it: heap buffers through their array, direct ones (Netty's read
     * buffers, the frame decoder's) through their address, valid for the call only.
     */
    @SuppressWarnings("restricted") // an address the DirectBuffer already holds; the server runs with native access
    private static MemorySegment payload(final DirectBuffer buffer, final int offset, final int length) {
        final byte[] array = buffer.byteArray();
        if (array != null) {
            return MemorySegment.ofArray(array).asSlice(buffer.wrapAdjustment() + offset, length);
        }
        return MemorySegment.ofAddress(buffer.addressOffset() + offset).reinterpret(length);
    }

    private void completeInsert(final PendingResponse slot, final WriteResult written, final Throwable failure,
        final int points) {
        if (failure != null) {
            stats.addError();
            serverStats.frameRejected(points);
            slot.frame = Responses.error(ErrorCode.NOT_DURABLE, "points not acknowledged: " + failure.getMessage()
                + "; the batch may be retried");
        } else {
            stats.addPoints(written.acceptedPoints());
            serverStats.pointsIngested(written.acceptedPoints());
            slot.frame = Responses.ok(written.acceptedPoints(), written.rejectedPoints());
        }
        flush();
    }

    private void query(final DirectBuffer buffer, final int offset, final int length) {
        final QueryExecutor.Request request;
        try {
            request = QueryExecutor.decode(buffer, offset, length);
        } catch (final ProtocolException ex) {
            reject(ex.errorCode(), 0, ex.getMessage());
            return;
        }
        stats.addFrame();
        serverStats.queryServed();
        final PendingResponse slot = enqueue();
        queries.execute(request).onComplete(result -> {
            slot.frame = result.succeeded() ? result.result()
                : Responses.error(ErrorCode.SERVER_ERROR, "query failed: " + result.cause());
            flush();
        });
    }

    private void registerSeries(final DirectBuffer buffer, final int offset, final int length) {
        final SeriesRegistrar.Request request;
        try {
            request = registrar.decode(buffer, offset, length);
        } catch (final ProtocolException ex) {
            reject(ex.errorCode(), 0, ex.getMessage());
            return;
        }
        stats.addFrame();
        final PendingResponse slot = enqueue();
        registrar.execute(request).onComplete(result -> {
            slot.frame = result.succeeded() ? result.result()
                : Responses.error(ErrorCode.SERVER_ERROR, "register_series failed: " + result.cause());
            flush();
        });
    }

    private void reject(final ErrorCode code, final int points, final String message) {
        stats.addError();
        serverStats.frameRejected(points);
        respond(Responses.error(code, message));
    }

    private void fatal(final ErrorCode code, final String message) {
        stats.addError();
        serverStats.frameRejected(0);
        inputClosed = true;
        stopReading();
        final PendingResponse slot = enqueue();
        slot.frame = Responses.error(code, message + "; closing the connection");
        slot.closeAfter = true;
        flush();
    }

    /**
     * The peer shut down its output. Events overtake data that Vert.x still holds while reading is paused, so
     * end of input is processed once reading has resumed and that data has been delivered.
     */
    private void onInputShutdown() {
        inputShutdown = true;
        if (!readingPaused) {
            onEndOfInput();
        }
    }

    private void onEndOfInput() {
        if (inputClosed || closed) {
            return;
        }
        if (framing.hasPartialFrame()) {
            final ProtocolException truncated = framing.truncatedFrameException();
            fatal(truncated.errorCode(), truncated.getMessage());
            return;
        }
        inputClosed = true;
        final PendingResponse slot = enqueue();
        slot.closeAfter = true;
        slot.frame = Responses.NONE;
        flush();
    }

    private PendingResponse enqueue() {
        final PendingResponse slot = new PendingResponse();
        pending.addLast(slot);
        stats.pendingResponses(pending.size());
        if (pending.size() >= MAX_PENDING_RESPONSES) {
            pauseReading();
        }
        return slot;
    }

    private void respond(final Buffer frame) {
        final PendingResponse slot = enqueue();
        slot.frame = frame;
        flush();
    }

    /**
     * Writes completed responses from the head of the queue, in request order, coalesced into one socket write
     * (one syscall for many small ok frames).
     */
    private void flush() {
        if (closed) {
            return;
        }
        if (feeding) {
            return;
        }
        Buffer out = null;
        int frames = 0;
        boolean closeAfter = false;
        PendingResponse head;
        while ((head = pending.peekFirst()) != null && head.frame != null) {
            pending.pollFirst();
            if (head.frame.length() > 0) {
                if (frames == 0) {
                    out = head.frame;
                } else {
                    if (frames == 1) {
                        out = Buffer.buffer(out.length() * 8).appendBuffer(out);
                    }
                    out.appendBuffer(head.frame);
                }
                frames++;
            }
            if (head.closeAfter) {
                pending.clear();
                closeAfter = true;
                break;
            }
        }
        stats.pendingResponses(pending.size());
        if (out != null) {
            write(out);
        }
        if (closeAfter) {
            socket.end();
            return;
        }
        if (writeBlocked()) {
            pauseReading();
        } else {
            resumeIfDrained();
        }
    }

    /**
     * Writes and accounts the bytes until the kernel has taken them: Vert.x's own write queue limit counts
     * messages, not bytes, so the byte bound is kept here.
     */
    private void write(final Buffer out) {
        final int length = out.length();
        stats.addBytesOut(length);
        unflushedBytes += length;
        socket.write(out).onComplete(written -> {
            unflushedBytes -= length;
            resumeIfDrained();
        });
    }

    private boolean writeBlocked() {
        return unflushedBytes > WRITE_HIGH_WATER_BYTES || socket.writeQueueFull();
    }

    private void pauseReading() {
        if (!readingPaused) {
            readingPaused = true;
            stats.addReadPause();
            stopReading();
        }
    }

    private void resumeIfDrained() {
        if (readingPaused && !inputClosed && !closed && pending.size() < MAX_PENDING_RESPONSES / 2
            && unflushedBytes <= WRITE_LOW_WATER_BYTES && !socket.writeQueueFull()) {
            readingPaused = false;
            if (channel != null) {
                channel.config().setAutoRead(true);
            } else {
                socket.resume();
            }
            if (inputShutdown) {
                // After the data queued while paused (delivered by resume, or by a task queued before this one).
                context.runOnContext(v -> {
                    if (!readingPaused) {
                        onEndOfInput();
                    }
                });
            }
        }
    }

    /**
     * Stops reading from the socket: with the message handler, data bypasses Vert.x's paused queue, so the
     * channel's auto-read is switched off (true TCP back-pressure: the kernel buffers fill, then the peer's).
     */
    private void stopReading() {
        if (channel != null) {
            channel.config().setAutoRead(false);
        } else {
            socket.pause();
        }
    }

    private void onException(final Throwable failure) {
        // Resets and broken pipes are the peer's business; anything else is a bug worth seeing.
        LOG.log(failure instanceof java.io.IOException ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
            "connection " + stats.remoteAddress() + " failed, closing", failure);
        socket.close();
    }

    private void onClosed() {
        if (!closed) {
            closed = true;
            pending.clear();
            serverStats.connectionClosed(stats);
        }
    }

    /** A response slot; {@code frame} is null until the request completes. */
    private static final class PendingResponse {
        Buffer frame;
        boolean closeAfter;
    }
}
