// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.OutputStream;
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
 * <b>Design note:</b> the body is written into 64 KiB segments of pooled direct memory and handed to Netty as
 * one composite buffer, so the bytes are written once and go to the socket from where they were written. Heap
 * arrays cost three more copies and a zeroed allocation per response: Netty copies a heap body into direct
 * memory, and a composite of heap arrays is first merged into a new heap buffer. The segments belong to this
 * stream until a write completes (then they are released) or {@link #abort} releases them.
 */
final class ResponseStream extends OutputStream implements SegmentSink {
    static final int SEGMENT_BYTES = 64 * 1024;
    static final int CHUNK_BYTES = 1024 * 1024;
    private static final long DRAIN_TIMEOUT_SECONDS = 60;
    private final HttpServerResponse response;
    private final ByteBufAllocator allocator;
    private final List<ByteBuf> pending = new ArrayList<>();
    private int pendingBytes;
    private ByteBuf segment;
    private UnsafeBuffer segmentBuffer;
    private int position;
    private boolean chunked;
    private boolean closed;

    /** A stream on Netty's default allocator, the pooled allocator Vert.x gives its connections too. */
    ResponseStream(final HttpServerResponse response) {
        this(response, ByteBufAllocator.DEFAULT);
    }

    ResponseStream(final HttpServerResponse response, final ByteBufAllocator allocator) {
        this.response = response;
        this.allocator = allocator;
    }

    @Override
    public void write(final int b) throws IOException {
        if (segment == null || position == SEGMENT_BYTES) {
            newSegment();
        }
        segmentBuffer.putByte(position++, (byte) b);
    }

    @Override
    public void write(final byte[] bytes, final int offset, final int length) throws IOException {
        int from = offset;
        int remaining = length;
        while (remaining > 0) {
            if (segment == null || position == SEGMENT_BYTES) {
                newSegment();
            }
            final int count = Math.min(remaining, SEGMENT_BYTES - position);
            segmentBuffer.putBytes(position, bytes, from, count);
            position += count;
            from += count;
            remaining -= count;
        }
    }

    @Override
    public UnsafeBuffer firstSegment() {
        if (segment == null) {
            allocateSegment();
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
        allocateSegment();
    }

    private void allocateSegment() {
        segment = allocator.directBuffer(SEGMENT_BYTES, SEGMENT_BYTES);
        segmentBuffer = new UnsafeBuffer(segment.nioBuffer(0, SEGMENT_BYTES));
        position = 0;
    }

    /** The current segment becomes part of the body; a chunk goes out once 1 MiB is pending. */
    private void keepSegment() throws IOException {
        if (segment == null) {
            return;
        }
        final ByteBuf kept = segment;
        segment = null;
        segmentBuffer = null;
        if (position == 0) {
            kept.release();
            return;
        }
        kept.writerIndex(position);
        pending.add(kept);
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
        if (!chunked) {
            response.setChunked(true);
            chunked = true;
        }
        final ByteBuf body = takePending();
        releaseWhenWritten(body, () -> response.write(BufferInternal.buffer(body)));
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
        final ByteBuf body = takePending();
        releaseWhenWritten(body, () -> response.end(BufferInternal.buffer(body)));
    }

    /** Releases the memory of a body that will not be sent (the request failed); idempotent. */
    void abort() {
        closed = true;
        if (segment != null) {
            segment.release();
            segment = null;
            segmentBuffer = null;
        }
        pending.forEach(ByteBuf::release);
        pending.clear();
        pendingBytes = 0;
    }

    /**
     * Vert.x hands a non-Vert.x buffer to Netty as unreleasable, so the body stays this stream's to release: when
     * its write completes or fails, or at once when the write is refused.
     */
    private static void releaseWhenWritten(final ByteBuf body, final WriteCall write) {
        final Future<Void> written;
        try {
            written = write.call();
        } catch (final RuntimeException ex) {
            body.release();
            throw ex;
        }
        written.onComplete(ignored -> body.release());
    }

    /** The pending segments as one buffer, without a copy; the caller owns it. */
    private ByteBuf takePending() {
        final CompositeByteBuf body = allocator.compositeDirectBuffer(Math.max(2, pending.size()));
        body.addComponents(true, pending);
        pending.clear();
        pendingBytes = 0;
        return body;
    }

    /** A write to the response. */
    private interface WriteCall {
        Future<Void> call();
    }
}
