// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.ztsdb.server.netty.HttpResponseAccess;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An HTTP response body written from a worker thread, as an {@link OutputStream} or by an encoder that fills
 * segments itself ({@link SegmentSink}). Bodies up to 1 MiB (a 20,000-point query) go out in one piece with a
 * content length, one hop to the event loop; larger ones as chunks of about 1 MiB (chunked transfer encoding).
 * When the connection's write queue is full the writing thread waits for it to drain, so a slow client never
 * makes the server buffer a whole result.
 * <p>
 * <b>Design note:</b> the body is written into 64 KiB direct segments of a {@link SegmentPool} and handed to
 * Netty as one composite buffer, so the bytes are written once and go to the socket from where they were
 * written. Heap arrays cost three more copies and a zeroed allocation per response: Netty copies a heap body into
 * direct memory, and a composite of heap arrays is first merged into a new heap buffer. The segments belong to
 * this stream until the write that carries them completes or fails (then they go back to the pool), or until
 * {@link #abort}.
 */
final class ResponseStream extends OutputStream implements SegmentSink {
    static final int SEGMENT_BYTES = 64 * 1024;
    static final int CHUNK_BYTES = 1024 * 1024;
    private static final long DRAIN_TIMEOUT_SECONDS = 60;

    private final HttpServerResponse response;
    private final SegmentPool pool;
    private final List<ByteBuffer> pending = new ArrayList<>();
    private int pendingBytes;
    private ByteBuffer segment;
    private UnsafeBuffer segmentBuffer;
    private int position;
    private boolean chunked;
    private boolean closed;

    /** A stream on the server's pool of response segments. */
    ResponseStream(final HttpServerResponse response) {
        this(response, SegmentPool.RESPONSES);
    }

    ResponseStream(final HttpServerResponse response, final SegmentPool pool) {
        this.response = response;
        this.pool = pool;
    }

    @Override
    public void write(final int b) throws IOException {
        if (segment == null || position == segmentBuffer.capacity()) {
            newSegment();
        }
        segmentBuffer.putByte(position++, (byte) b);
    }

    @Override
    public void write(final byte[] bytes, final int offset, final int length) throws IOException {
        int from = offset;
        int remaining = length;
        while (remaining > 0) {
            if (segment == null || position == segmentBuffer.capacity()) {
                newSegment();
            }
            final int count = Math.min(remaining, segmentBuffer.capacity() - position);
            segmentBuffer.putBytes(position, bytes, from, count);
            position += count;
            from += count;
            remaining -= count;
        }
    }

    @Override
    public UnsafeBuffer firstSegment() {
        if (segment == null) {
            takeSegment();
        }
        return segmentBuffer;
    }

    @Override
    public UnsafeBuffer nextSegment(final int length) throws IOException {
        position = length;
        newSegment();
        return segmentBuffer;
    }

    @Override
    public void finish(final int length) throws IOException {
        position = length;
        close();
    }

    private void newSegment() throws IOException {
        keepSegment();
        takeSegment();
    }

    private void takeSegment() {
        segment = pool.acquire();
        segmentBuffer = new UnsafeBuffer(segment);
        position = 0;
    }

    /** The current segment becomes part of the body; a chunk goes out once 1 MiB is pending. */
    private void keepSegment() throws IOException {
        if (segment == null) {
            return;
        }
        final ByteBuffer kept = segment;
        segment = null;
        segmentBuffer = null;
        if (position == 0) {
            pool.release(kept);
            return;
        }
        pending.add(kept.limit(position));
        pendingBytes += position;
        position = 0;
        if (pendingBytes >= CHUNK_BYTES) {
            sendChunk();
        }
    }

    private void sendChunk() throws IOException {
        if (response.closed()) {
            throw new IOException("HTTP client closed the connection");
        }
        if (response.ended()) {
            // Answered meanwhile (the query timeout): the rest of the work is for nobody.
            throw new IOException("the response was ended before its body (query timeout)");
        }
        if (!chunked) {
            response.setChunked(true);
            chunked = true;
        }
        final List<ByteBuffer> segments = takePending();
        sendAndRelease(segments, body -> response.write(body));
        awaitDrain();
    }

    private void awaitDrain() throws IOException {
        if (!response.writeQueueFull()) {
            return;
        }
        final CompletableFuture<Void> drained = new CompletableFuture<>();
        response.drainHandler(v -> drained.complete(null));
        response.closeHandler(v -> drained.complete(null));
        if (!response.writeQueueFull()) {
            drained.complete(null);
        }
        try {
            drained.get(DRAIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the HTTP client", ex);
        } catch (final ExecutionException | TimeoutException ex) {
            throw new IOException("HTTP client does not read its response", ex);
        }
        if (response.closed()) {
            throw new IOException("HTTP client closed the connection");
        }
    }

    /** Sends what is buffered and ends the response; idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        keepSegment();
        sendAndRelease(takePending(), response::end);
    }

    /** Gives the segments of a body that will not be sent back to the pool (the request failed); idempotent. */
    void abort() {
        closed = true;
        if (segment != null) {
            pool.release(segment);
            segment = null;
            segmentBuffer = null;
        }
        pending.forEach(pool::release);
        pending.clear();
        pendingBytes = 0;
    }

    private List<ByteBuffer> takePending() {
        final List<ByteBuffer> segments = List.copyOf(pending);
        pending.clear();
        pendingBytes = 0;
        return segments;
    }

    /**
     * Writes the segments as one buffer, without a copy ({@link HttpResponseAccess#wrap}), and gives them back to
     * the pool once the write completed or failed, or at once when it is refused.
     */
    private void sendAndRelease(final List<ByteBuffer> segments, final Write write) {
        final Future<Void> written;
        try {
            written = write.send(HttpResponseAccess.wrap(segments));
        } catch (final RuntimeException ex) {
            segments.forEach(pool::release);
            throw ex;
        }
        written.onComplete(ignored -> segments.forEach(pool::release));
    }

    /** A write of a body buffer to the response. */
    private interface Write {
        Future<Void> send(Buffer body);
    }
}
