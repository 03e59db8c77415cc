// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An {@link OutputStream} over an HTTP response for a worker thread: bodies up to 1 MiB (a 20,000-point
 * query) go out in one piece with a content length, one hop to the event loop; larger ones as 1 MiB chunks
 * (chunked transfer encoding). When the connection's write queue
 * is full the writing thread waits for it to drain, so a slow client never makes the server buffer a whole
 * result.
 */
final class ResponseStream extends OutputStream {
    static final int CHUNK_BYTES = 1024 * 1024;
    private static final int INITIAL_BYTES = 64 * 1024;
    private static final long DRAIN_TIMEOUT_SECONDS = 60;

    private final HttpServerResponse response;
    private byte[] chunk = new byte[INITIAL_BYTES];
    private int position;
    private boolean chunked;
    private boolean closed;

    ResponseStream(final HttpServerResponse response) {
        this.response = response;
    }

    @Override
    public void write(final int b) throws IOException {
        if (position == chunk.length) {
            makeRoom();
        }
        chunk[position++] = (byte) b;
    }

    @Override
    public void write(final byte[] bytes, final int offset, final int length) throws IOException {
        int from = offset;
        int remaining = length;
        while (remaining > 0) {
            if (position == chunk.length) {
                makeRoom();
            }
            final int count = Math.min(remaining, chunk.length - position);
            System.arraycopy(bytes, from, chunk, position, count);
            position += count;
            from += count;
            remaining -= count;
        }
    }

    /** Grows the buffer up to {@link #CHUNK_BYTES}, then sends it as a chunk. */
    private void makeRoom() throws IOException {
        if (chunk.length < CHUNK_BYTES) {
            chunk = Arrays.copyOf(chunk, Math.min(CHUNK_BYTES, chunk.length * 2));
        } else {
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
        response.write(wrap());
        chunk = new byte[CHUNK_BYTES];
        position = 0;
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
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        response.end(wrap());
    }

    /** The buffered bytes as a Vert.x buffer without a copy: the array is handed over and not written again. */
    private Buffer wrap() {
        return BufferInternal.buffer(Unpooled.wrappedBuffer(chunk, 0, position));
    }
}
