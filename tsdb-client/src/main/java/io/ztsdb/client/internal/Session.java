// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.client.internal;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.ztsdb.client.ConnectionLostException;
import io.ztsdb.client.RequestTimeoutException;
import io.ztsdb.protocol.ErrorCode;
import io.ztsdb.protocol.FrameDecoder;
import io.ztsdb.protocol.FrameEncoder;
import io.ztsdb.protocol.MessageType;
import io.ztsdb.protocol.ProtocolException;

/**
 * The client's connection over its lifetime: the open connection (or none), the requests awaiting answers, and
 * the decoding of answers into those requests. Reconnects on the next request after a loss when the settings
 * allow it. Not thread-safe: the client serialises every call.
 * <p>
 * Any failure of the connection (I/O error, timeout, malformed answer) drops it and fails every request in
 * flight with one {@link ConnectionLostException} that counts them: their fate is unknown.
 */
public final class Session {
    private static final int READ_BUFFER_LENGTH = 256 * 1024;

    private final ClientSettings settings;
    private final Connector connector;
    private final RequestQueue pending;
    private final ResponseReader reader = new ResponseReader();
    private final FrameDecoder decoder;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_LENGTH);
    private final ByteBuffer[] gather = new ByteBuffer[2];
    private Connection connection;
    private boolean connectedOnce;
    private boolean closeAfterAnswers;

    /** @param settings the client's settings. */
    public Session(final ClientSettings settings) {
        this.settings = settings;
        this.connector = new Connector(settings);
        this.pending = new RequestQueue(settings.maxInFlight() + 1);
        this.decoder = new FrameDecoder(this::onAnswer, settings.maxResponsePayloadLength());
    }

    /** Opens a connection when none is open. */
    public void connect() {
        if (connection == null) {
            open();
        }
    }

    /** @return whether a connection is open. */
    public boolean isConnected() {
        return connection != null;
    }

    /** @return whether a connection was ever opened. */
    public boolean hasConnected() {
        return connectedOnce;
    }

    /** @return the number of requests written and not yet answered. */
    public int pendingCount() {
        return pending.size();
    }

    /** @return the deadline of a request that starts now. */
    public long newDeadline() {
        return System.nanoTime() + settings.requestTimeoutNanos();
    }

    /**
     * Makes sure a connection is open for the next request: after a loss, reconnects when allowed.
     *
     * @throws IllegalStateException   before the first {@link #connect()}.
     * @throws ConnectionLostException when reconnecting is disabled or fails.
     */
    public void ensureConnected() {
        if (connection != null && pending.isEmpty() && connection.peerClosed()) {
            // Closed by the server while idle (its idle timeout, a restart): nothing was in flight, so the next
            // request may go out on a new connection without risk.
            drop();
        }
        if (connection != null) {
            return;
        }
        if (!connectedOnce) {
            throw new IllegalStateException("not connected: call connect() first");
        }
        if (!settings.reconnect()) {
            throw new ConnectionLostException("connection to " + settings.address() + " lost and reconnect is "
                + "disabled", 0, 0, null);
        }
        open();
    }

    /**
     * Runs a request that is safe to repeat, once more on a new connection when the connection was lost with
     * only this request in flight (never after a timeout).
     *
     * @param call writes the request and waits for its answer.
     * @param <T>  the result type.
     * @return the call's result.
     */
    public <T> T idempotent(final Supplier<T> call) {
        ensureConnected();
        try {
            return call.get();
        } catch (final ConnectionLostException ex) {
            if (!settings.reconnect() || ex instanceof RequestTimeoutException || ex.unacknowledgedRequests() != 1) {
                throw ex;
            }
            ensureConnected();
            return call.get();
        }
    }

    /**
     * Writes a request frame, then waits for its answer and the answers to every request before it.
     *
     * @param request the request, which takes its answer.
     * @param points  points the request carries.
     * @param frame   the encoded frame, positioned for writing.
     */
    public void roundTrip(final PendingRequest request, final long points, final ByteBuffer frame) {
        final long deadline = newDeadline();
        send(request, points, frame, null, deadline);
        awaitAnswers(0, deadline, request.name());
    }

    /**
     * Writes a request without waiting for its answer: first waits for the oldest answers while
     * {@code maxInFlight} requests are already unanswered.
     *
     * @param request     the request.
     * @param points      points the request carries.
     * @param header      the frame header, positioned for writing.
     * @param payload     the payload, positioned for writing.
     * @param maxInFlight requests allowed unanswered.
     */
    public void sendPipelined(final PendingRequest request, final long points, final ByteBuffer header,
        final ByteBuffer payload, final int maxInFlight) {
        final long deadline = newDeadline();
        if (pending.size() >= maxInFlight) {
            awaitAnswers(maxInFlight - 1, deadline, request.name());
            // A fatal error answer closed the connection: the request goes out on a new one.
            ensureConnected();
        }
        send(request, points, header, payload, deadline);
    }

    /**
     * Writes a frame given as one or two buffers (a gathering write) and queues the request for its answer.
     *
     * @param request  the request.
     * @param points   points the request carries.
     * @param first    the first bytes of the frame.
     * @param second   the rest of the frame, or null.
     * @param deadline for the write.
     */
    public void send(final PendingRequest request, final long points, final ByteBuffer first,
        final ByteBuffer second, final long deadline) {
        gather[0] = first;
        gather[1] = second;
        pending.add(request, points);
        try {
            connection.write(gather, second == null ? 1 : 2, deadline);
        } catch (final IOException ex) {
            throw lost(request.name(), ex);
        } finally {
            gather[0] = null;
            gather[1] = null;
        }
    }

    /**
     * Reads answers until at most {@code maxPending} requests await theirs.
     *
     * @param maxPending requests that may stay unanswered.
     * @param deadline   for the answers.
     * @param request    what the caller is doing, for messages.
     * @throws ConnectionLostException when the connection fails or the answers time out.
     */
    public void awaitAnswers(final int maxPending, final long deadline, final String request) {
        try {
            while (pending.size() > maxPending) {
                readBuffer.clear();
                final int read = connection.read(readBuffer, deadline);
                if (read < 0) {
                    throw new EOFException("server closed the connection");
                }
                decoder.feed(readBuffer, 0, read);
            }
        } catch (final IOException | ProtocolException ex) {
            throw lost(request, ex);
        }
        if (closeAfterAnswers) {
            drop();
        }
    }

    /** Closes the connection, forgetting the requests in flight. */
    public void drop() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
        pending.clear();
        decoder.reset();
    }

    private void open() {
        connection = connector.open();
        connectedOnce = true;
        decoder.reset();
        closeAfterAnswers = false;
        if (settings.token() != null) {
            authenticate();
        }
    }

    /**
     * Sends the token in an auth frame and waits for the answer, before any other request on the connection.
     *
     * @throws io.ztsdb.client.ServerErrorException when the server refuses the token (UNAUTHENTICATED).
     */
    private void authenticate() {
        final ByteBuffer frame = ByteBuffer.allocate(FrameEncoder.authLength(settings.token()));
        new FrameEncoder().wrap(frame, 0).auth(settings.token());
        final AckRequest request = new AckRequest("auth");
        try {
            roundTrip(request, 0, frame);
            request.result();
        } catch (final RuntimeException ex) {
            drop();
            throw ex;
        }
    }

    private ConnectionLostException lost(final String request, final Exception cause) {
        final int lostRequests = pending.size();
        final long lostPoints = pending.totalPoints();
        drop();
        if (cause instanceof SocketTimeoutException) {
            return new RequestTimeoutException(request + ": no answer from " + settings.address() + " within "
                + TimeUnit.NANOSECONDS.toMillis(settings.requestTimeoutNanos()) + " ms", lostRequests, lostPoints,
                cause);
        }
        return new ConnectionLostException(request + ": connection to " + settings.address() + " failed: " + cause,
            lostRequests, lostPoints, cause);
    }

    private void onAnswer(final int type, final ByteBuffer buffer, final int offset, final int length) {
        if (pending.isEmpty()) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_TYPE,
                "unsolicited " + MessageType.name(type) + " frame from the server");
        }
        final PendingRequest request = pending.head();
        final long points = pending.headPoints();
        pending.removeHead();
        if (type == MessageType.ERROR) {
            final ErrorCode code = ErrorCode.fromCode(reader.error.wrap(buffer, offset, length).code());
            // The server closes the connection after a fatal error: the answers before it are still read.
            closeAfterAnswers |= code != null && code.isFatal();
        }
        request.answer(type, buffer, offset, length, points, reader);
    }
}
