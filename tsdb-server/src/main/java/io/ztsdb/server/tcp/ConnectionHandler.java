// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.tcp;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.ztsdb.core.SeriesLimitException;
import io.ztsdb.core.StorageFullException;
import io.ztsdb.core.Tsdb;
import io.ztsdb.core.WriteResult;
import io.ztsdb.protocol.AuthDescriptor;
import io.ztsdb.protocol.DataPointDescriptor;
import io.ztsdb.protocol.ErrorCode;
import io.ztsdb.protocol.FrameDecoder;
import io.ztsdb.protocol.FrameHandler;
import io.ztsdb.protocol.MessageType;
import io.ztsdb.protocol.ProtocolException;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.ingest.IngestForwarder;
import io.ztsdb.server.netty.TcpSocketAdapter;
import io.ztsdb.server.security.SecurityCounter;
import io.ztsdb.server.security.SecurityStats;
import io.ztsdb.server.security.TokenStore;
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
 * Back-pressure: reading stops (TCP back-pressure, see {@link TcpSocketAdapter}) while the response queue is full,
 * its bytes wait for the kernel or the requests not yet answered hold more than {@code --max-inflight-bytes}, and
 * resumes when all have drained.
 * <p>
 * Access: with a token store, {@link ConnectionAccess} admits each request; a request without a valid token closes
 * the connection (UNAUTHENTICATED), one whose token lacks the role is refused alone (FORBIDDEN).
 * <p>
 * Bad input: an error frame with a code and message. A bad frame whose boundaries are known (wrong payload
 * length, unexpected type) is rejected whole and the connection goes on; a stream that cannot be
 * resynchronised (bad magic, unknown version or type, payload over the limit, truncated at end of input) gets
 * the error frame after the responses already due, then the connection is closed.
 */
final class ConnectionHandler implements FrameHandler, TcpSocketAdapter.Listener {
    private static final System.Logger LOG = System.getLogger(ConnectionHandler.class.getName());
    /**
     * Largest payload read before a client has authenticated (auth with the longest token): a peer without a token
     * cannot make the server buffer a large frame.
     */
    static final int UNAUTHENTICATED_MAX_PAYLOAD_LENGTH = AuthDescriptor.TOKEN_OFFSET + AuthDescriptor.MAX_TOKEN_LENGTH;

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
    private final IngestForwarder forwarder;
    private final ServerStats serverStats;
    private final ConnectionStats stats;
    private final FrameDecoder decoder;
    private final QueryExecutor queries;
    private final SeriesRegistrar registrar;
    private final ResponseQueue responses;
    private final ConnectionAccess access;
    private final SecurityStats securityStats;
    private final long maxInFlightBytes;
    private final int maxFrameBytes;
    private final Runnable onClosed;
    private InputState state = InputState.OPEN;
    private long inFlightBytes;
    private long lastActivityNanos = System.nanoTime();

    /**
     * @param socket        the accepted connection.
     * @param context       its event loop.
     * @param tsdb          the engine.
     * @param forwarder     gets every inserted batch; inserts are acknowledged when its future completes.
     * @param serverStats   server-wide counters.
     * @param config        settings (frame and query limits, in-flight limit).
     * @param tokens        the tokens in force, or null when authentication is off.
     * @param securityStats counters of refusals and limits.
     * @param onClosed      run once when the connection has closed.
     */
    ConnectionHandler(final TcpSocketAdapter socket, final Context context, final Tsdb tsdb,
        final IngestForwarder forwarder, final ServerStats serverStats, final ServerConfig config,
        final TokenStore tokens, final SecurityStats securityStats, final Runnable onClosed) {
        this.socket = socket;
        this.context = context;
        this.tsdb = tsdb;
        this.forwarder = forwarder;
        this.serverStats = serverStats;
        this.stats = serverStats.connectionOpened(socket.remoteAddress());
        this.decoder = new FrameDecoder(this, tokens == null ? config.maxFrameBytes()
            : Math.min(config.maxFrameBytes(), UNAUTHENTICATED_MAX_PAYLOAD_LENGTH));
        this.maxFrameBytes = config.maxFrameBytes();
        this.queries = new QueryExecutor(context.owner(), tsdb, config.maxQueryPoints());
        this.registrar = new SeriesRegistrar(context.owner(), tsdb);
        this.responses = new ResponseQueue(socket, stats, this::resumeIfDrained);
        this.access = new ConnectionAccess(tokens);
        this.securityStats = securityStats;
        this.maxInFlightBytes = config.security().maxInFlightBytes();
        this.onClosed = onClosed;
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
            if (ex.errorCode() == ErrorCode.PAYLOAD_TOO_LONG && decoder.maxPayloadLength() < maxFrameBytes) {
                securityStats.increment(SecurityCounter.TCP_UNAUTHENTICATED);
                fatal(ErrorCode.UNAUTHENTICATED, "authentication required: send an auth frame with a token first "
                    + "(the server runs with --auth-file); before it frames are limited to "
                    + decoder.maxPayloadLength() + " bytes");
            } else {
                fatal(ex.errorCode(), ex.getMessage());
            }
        }
        writeAnswers();
    }

    // ---- dispatch

    @Override
    public void onFrame(final int type, final ByteBuffer buffer, final int offset, final int length) {
        if (state == InputState.ENDED || state == InputState.CLOSED) {
            return;
        }
        lastActivityNanos = System.nanoTime();
        if (type == MessageType.AUTH) {
            authenticate(buffer, offset, length);
            return;
        }
        final ConnectionAccess.Refusal refusal = access.check(type);
        if (refusal != null) {
            refuse(refusal, type == MessageType.INSERT_BATCH || type == MessageType.INSERT
                ? length / DataPointDescriptor.LENGTH : 0);
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

    private void authenticate(final ByteBuffer buffer, final int offset, final int length) {
        final ConnectionAccess.Refusal refusal;
        try {
            refusal = access.authenticate(buffer, offset, length);
        } catch (final ProtocolException ex) {
            reject(ex.errorCode(), 0, ex.getMessage());
            return;
        }
        if (refusal != null) {
            refuse(refusal, 0);
            return;
        }
        decoder.maxPayloadLength(maxFrameBytes);
        stats.addFrame();
        enqueue().complete(Responses.ok(0, 0));
    }

    private void refuse(final ConnectionAccess.Refusal refusal, final int points) {
        if (refusal.code() == ErrorCode.UNAUTHENTICATED) {
            securityStats.increment(SecurityCounter.TCP_UNAUTHENTICATED);
            fatal(refusal.code(), refusal.message());
        } else {
            securityStats.increment(SecurityCounter.TCP_FORBIDDEN);
            reject(refusal.code(), points, refusal.message());
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
        } catch (final SeriesLimitException ex) {
            securityStats.increment(SecurityCounter.SERIES_LIMIT_REFUSALS);
            reject(ErrorCode.SERIES_LIMIT_EXCEEDED, points, ex.getMessage());
            return;
        } catch (final StorageFullException ex) {
            securityStats.increment(SecurityCounter.STORAGE_FULL_REFUSALS);
            reject(ErrorCode.STORAGE_FULL, points, ex.getMessage() + "; the batch may be retried");
            return;
        } catch (final IllegalStateException ex) {
            reject(ErrorCode.UNAVAILABLE, points, "database unavailable: " + ex.getMessage());
            return;
        } catch (final RuntimeException ex) {
            reject(ErrorCode.SERVER_ERROR, points, "insert failed: " + ex);
            return;
        }
        if (result.isDone()) {
            // Completed while the read buffer is decoded: written with the others after it.
            enqueue().complete(insertAnswer(result.getNow(null), null, points));
        } else {
            final ResponseQueue.Slot slot = enqueueInFlight(length);
            result.whenComplete((written, failure) -> context.runOnContext(v -> {
                answered(length);
                slot.complete(insertAnswer(written, failure, points));
                writeAnswers();
            }));
        }
    }

    /**
     * The one call into the engine's write path, then the forwarder's: the points are consumed before it returns.
     *
     * @param buffer holding the points; {@code offset} is absolute (a Netty view's position is not 0).
     * @param offset of the first point.
     * @param points number of points.
     * @return completed when the points are durable (in the forwarder's queue too).
     */
    private CompletableFuture<WriteResult> store(final ByteBuffer buffer, final int offset, final int points) {
        final MemorySegment batch = MemorySegment.ofBuffer(buffer.duplicate().clear());
        return forwarder.forward(batch, offset, points, tsdb.insertBatchAsync(batch, offset, points));
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
        answerLater(queries.execute(request), "query", length);
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
        answerLater(registrar.execute(request), "register_series", length);
    }

    private void answerLater(final Future<Buffer> answer, final String request, final int length) {
        final ResponseQueue.Slot slot = enqueueInFlight(length);
        answer.onComplete(result -> {
            answered(length);
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

    /** A request answered later has its answer: its bytes are no longer in flight, and the connection is busy. */
    private void answered(final int length) {
        inFlightBytes -= length;
        lastActivityNanos = System.nanoTime();
    }

    /** A slot for a request answered later, whose {@code length} bytes count as in flight until then. */
    private ResponseQueue.Slot enqueueInFlight(final int length) {
        inFlightBytes += length;
        if (inFlightBytes > maxInFlightBytes && !socket.isReadingPaused()) {
            securityStats.increment(SecurityCounter.TCP_INFLIGHT_PAUSES);
            pauseReading();
        }
        return enqueue();
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
            && responses.isDrained() && inFlightBytes <= maxInFlightBytes / 2) {
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
            onClosed.run();
        }
    }

    /**
     * Closes the connection when it is idle: open, nothing to answer, and no request for {@code timeoutNanos}.
     *
     * @param nowNanos     {@link System#nanoTime()} now.
     * @param timeoutNanos the idle timeout.
     * @return true when it was closed.
     */
    boolean closeIfIdle(final long nowNanos, final long timeoutNanos) {
        if (state != InputState.OPEN || !responses.isEmpty() || nowNanos - lastActivityNanos < timeoutNanos) {
            return false;
        }
        socket.close();
        return true;
    }
}
