// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.tcp;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.ztsdb.core.Tsdb;
import io.ztsdb.core.WriteResult;
import io.ztsdb.protocol.DataPointDescriptor;
import io.ztsdb.protocol.ErrorCode;
import io.ztsdb.protocol.FrameDecoder;
import io.ztsdb.protocol.FrameHandler;
import io.ztsdb.protocol.MessageType;
import io.ztsdb.protocol.ProtocolException;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.netty.TcpSocketAdapter;
import io.ztsdb.server.stats.ConnectionStats;
import io.ztsdb.server.stats.ServerStats;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Serves one TCP connection of the binary protocol, on the connection's event loop: bytes are decoded into frames,
 * each frame is dispatched by type, and the answers are written in request order.
 * <ol>
 *   <li>Decode: the socket's read buffers go through the protocol's {@link FrameDecoder} in place (zero copy);
 *       frames split or coalesced across reads are reassembled there.</li>
 *   <li>Dispatch: inserts are handed to {@link Tsdb#insertBatchAsync}, which consumes the frame's bytes before
 *       returning and completes when the points are durable; queries and registrations run on a worker thread.
 *       Each request takes a slot in the {@link ResponseQueue} when it is read.</li>
 *   <li>Respond: completed slots are written from the head of the queue. Answers completed while a read buffer is
 *       decoded go out together after it, in one write.</li>
 * </ol>
 * Back-pressure: reading stops (TCP back-pressure, see {@link TcpSocketAdapter}) while the response queue is full
 * or its bytes wait for the kernel, and resumes when both have drained.
 * <p>
 * Bad input: an error frame with a code and message. A bad frame whose boundaries are known (wrong payload
 * length, unexpected type) is rejected whole and the connection goes on; a stream that cannot be
 * resynchronised (bad magic, unknown version or type, payload over the limit, truncated at end of input) gets
 * the error frame after the responses already due, then the connection is closed.
 */
final class ConnectionHandler implements FrameHandler, TcpSocketAdapter.Listener {
    private static final System.Logger LOG = System.getLogger(ConnectionHandler.class.getName());

    /** Where the connection's input stands. */
    enum InputState {
        /** Requests are read and answered. */
        OPEN,
        /** The peer shut down its output while reading was paused: the bytes held back are read first. */
        ENDING,
        /** No more requests are read (end of input or a fatal error); the answers due are still written. */
        ENDED,
        /** The socket is closed. */
        CLOSED
    }

    private final TcpSocketAdapter socket;
    private final Context context;
    private final Tsdb tsdb;
    private final ServerStats serverStats;
    private final ConnectionStats stats;
    private final FrameDecoder decoder;
    private final QueryExecutor queries;
    private final SeriesRegistrar registrar;
    private final ResponseQueue responses;
    private InputState state = InputState.OPEN;

    ConnectionHandler(final TcpSocketAdapter socket, final Context context, final Tsdb tsdb,
        final ServerStats serverStats, final ServerConfig config) {
        this.socket = socket;
        this.context = context;
        this.tsdb = tsdb;
        this.serverStats = serverStats;
        this.stats = serverStats.connectionOpened(socket.remoteAddress());
        this.decoder = new FrameDecoder(this, config.maxFrameBytes());
        this.queries = new QueryExecutor(context.owner(), tsdb, config.maxQueryPoints());
        this.registrar = new SeriesRegistrar(context.owner(), tsdb);
        this.responses = new ResponseQueue(socket, stats, this::resumeIfDrained);
    }

    void start() {
        socket.start(this);
    }

    // ---- decode

    @Override
    public void onBytes(final ByteBuffer buffer, final int offset, final int length) {
        if (state != InputState.OPEN && state != InputState.ENDING) {
            return;
        }
        stats.addBytesIn(length);
        try {
            decoder.feed(buffer, offset, length);
        } catch (final ProtocolException ex) {
            fatal(ex.errorCode(), ex.getMessage());
        }
        writeAnswers();
    }

    // ---- dispatch

    @Override
    public void onFrame(final int type, final ByteBuffer buffer, final int offset, final int length) {
        if (state == InputState.ENDED || state == InputState.CLOSED) {
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
        enqueue().complete(Responses.ok(0, 0));
    }

    private void insert(final ByteBuffer buffer, final int offset, final int length, final boolean single) {
        final int points = length / DataPointDescriptor.LENGTH;
        if (single ? length != DataPointDescriptor.LENGTH : length % DataPointDescriptor.LENGTH != 0) {
            reject(ErrorCode.BAD_PAYLOAD_LENGTH, points, (single ? "insert" : "insert_batch")
                + " payload must be " + (single ? "exactly" : "a multiple of") + " " + DataPointDescriptor.LENGTH
                + " bytes: payloadLength=" + length + "; nothing was stored");
            return;
        }
        stats.addFrame();
        serverStats.binaryIngest().request(length);
        final CompletableFuture<WriteResult> result;
        try {
            result = store(buffer, offset, points);
        } catch (final IllegalStateException ex) {
            reject(ErrorCode.UNAVAILABLE, points, "database unavailable: " + ex.getMessage());
            return;
        } catch (final RuntimeException ex) {
            reject(ErrorCode.SERVER_ERROR, points, "insert failed: " + ex);
            return;
        }
        final ResponseQueue.Slot slot = enqueue();
        if (result.isDone()) {
            // Completed while the read buffer is decoded: written with the others after it.
            slot.complete(insertAnswer(result.getNow(null), null, points));
        } else {
            result.whenComplete((written, failure) -> context.runOnContext(v -> {
                slot.complete(insertAnswer(written, failure, points));
                writeAnswers();
            }));
        }
    }

    /**
     * The one call into the engine's write path: the points are consumed before it returns.
     *
     * @param buffer holding the points; {@code offset} is absolute (a Netty view's position is not 0).
     * @param offset of the first point.
     * @param points number of points.
     * @return completed when the points are durable.
     */
    private CompletableFuture<WriteResult> store(final ByteBuffer buffer, final int offset, final int points) {
        return tsdb.insertBatchAsync(MemorySegment.ofBuffer(buffer.duplicate().clear()), offset, points);
    }

    private Buffer insertAnswer(final WriteResult written, final Throwable failure, final int points) {
        if (failure != null) {
            stats.addError();
            serverStats.frameRejected(points);
            return Responses.error(ErrorCode.NOT_DURABLE, "points not acknowledged: " + failure.getMessage()
                + "; the batch may be retried");
        }
        stats.addPoints(written.acceptedPoints());
        serverStats.pointsIngested(written.acceptedPoints());
        serverStats.binaryIngest().points(written.acceptedPoints());
        serverStats.binaryIngest().rejected("out_of_order", written.rejectedPoints());
        return Responses.ok(written.acceptedPoints(), written.rejectedPoints());
    }

    private void query(final ByteBuffer buffer, final int offset, final int length) {
        final QueryExecutor.Request request;
        try {
            request = QueryExecutor.decode(buffer, offset, length);
        } catch (final ProtocolException ex) {
            reject(ex.errorCode(), 0, ex.getMessage());
            return;
        }
        stats.addFrame();
        serverStats.queryServed();
        answerLater(queries.execute(request), "query");
    }

    private void registerSeries(final ByteBuffer buffer, final int offset, final int length) {
        final SeriesRegistrar.Request request;
        try {
            request = registrar.decode(buffer, offset, length);
        } catch (final ProtocolException ex) {
            reject(ex.errorCode(), 0, ex.getMessage());
            return;
        }
        stats.addFrame();
        answerLater(registrar.execute(request), "register_series");
    }

    private void answerLater(final Future<Buffer> answer, final String request) {
        final ResponseQueue.Slot slot = enqueue();
        answer.onComplete(result -> {
            slot.complete(result.succeeded() ? result.result()
                : Responses.error(ErrorCode.SERVER_ERROR, request + " failed: " + result.cause()));
            writeAnswers();
        });
    }

    private void reject(final ErrorCode code, final int points, final String message) {
        stats.addError();
        serverStats.frameRejected(points);
        enqueue().complete(Responses.error(code, message));
    }

    private void fatal(final ErrorCode code, final String message) {
        stats.addError();
        serverStats.frameRejected(0);
        state = InputState.ENDED;
        socket.pauseReading();
        responses.addLast().complete(Responses.error(code, message + "; closing the connection"));
        writeAnswers();
    }

    // ---- respond

    private ResponseQueue.Slot enqueue() {
        final ResponseQueue.Slot slot = responses.add();
        if (responses.isFull()) {
            pauseReading();
        }
        return slot;
    }

    private void writeAnswers() {
        if (state == InputState.CLOSED || responses.writeCompleted()) {
            return;
        }
        if (responses.isWriteBlocked()) {
            pauseReading();
        } else {
            resumeIfDrained();
        }
    }

    private void pauseReading() {
        if (socket.pauseReading()) {
            stats.addReadPause();
        }
    }

    private void resumeIfDrained() {
        if ((state == InputState.OPEN || state == InputState.ENDING) && socket.isReadingPaused()
            && responses.isDrained()) {
            socket.resumeReading();
            if (state == InputState.ENDING) {
                // After the bytes held while paused (delivered by resume, or by a task queued before this one).
                context.runOnContext(v -> {
                    if (!socket.isReadingPaused()) {
                        onEnd();
                    }
                });
            }
        }
    }

    // ---- connection events

    /** Events overtake the bytes held while reading is paused: the end is processed once reading resumes. */
    @Override
    public void onInputShutdown() {
        if (state != InputState.OPEN) {
            return;
        }
        if (socket.isReadingPaused()) {
            state = InputState.ENDING;
        } else {
            onEnd();
        }
    }

    @Override
    public void onEnd() {
        if (state != InputState.OPEN && state != InputState.ENDING) {
            return;
        }
        if (decoder.hasPartialFrame()) {
            final ProtocolException truncated = decoder.truncatedFrameException();
            fatal(truncated.errorCode(), truncated.getMessage());
            return;
        }
        state = InputState.ENDED;
        responses.addLast().complete(Responses.NONE);
        writeAnswers();
    }

    @Override
    public void onWritable() {
        resumeIfDrained();
    }

    @Override
    public void onFailure(final Throwable failure) {
        // Resets and broken pipes are the peer's business; anything else is a bug worth seeing.
        LOG.log(failure instanceof java.io.IOException ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
            "connection " + stats.remoteAddress() + " failed, closing", failure);
        socket.close();
    }

    @Override
    public void onClosed() {
        if (state != InputState.CLOSED) {
            state = InputState.CLOSED;
            responses.clear();
            serverStats.connectionClosed(stats);
        }
    }
}
