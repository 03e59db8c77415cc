// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.prometheus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A response body written from a worker thread: a small body goes out whole with a content length; a large one
 * in chunks of {@value #CHUNK_BYTES} bytes, the writer waiting while the connection's write queue is full, so a
 * slow client never makes the server hold a whole large result.
 */
final class ChunkedOutput extends OutputStream {
    static final int CHUNK_BYTES = 256 * 1024;
    private static final long DRAIN_TIMEOUT_SECONDS = 60;

    private final HttpServerResponse response;
    private Buffer pending = Buffer.buffer(CHUNK_BYTES);
    private boolean chunked;

    ChunkedOutput(final HttpServerResponse response) {
        this.response = response;
    }

    @Override
    public void write(final int b) throws IOException {
        pending.appendByte((byte) b);
        if (pending.length() >= CHUNK_BYTES) {
            flushChunk();
        }
    }

    @Override
    public void write(final byte[] bytes, final int offset, final int length) throws IOException {
        pending.appendBytes(bytes, offset, length);
        if (pending.length() >= CHUNK_BYTES) {
            flushChunk();
        }
    }

    private void flushChunk() throws IOException {
        if (response.closed()) {
            throw new IOException("HTTP client closed the connection");
        }
        if (!chunked) {
            response.setChunked(true);
            chunked = true;
        }
        final Buffer chunk = pending;
        pending = Buffer.buffer(CHUNK_BYTES);
        response.write(chunk);
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
    }

    /** Ends the response with what is left. */
    @Override
    public void close() {
        response.end(pending);
    }
}
