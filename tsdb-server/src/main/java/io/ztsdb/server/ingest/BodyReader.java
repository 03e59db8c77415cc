// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.ingest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body into a pooled {@link ByteArray}, up to a bound: a body announced or found larger fails with
 * {@link BodyTooLargeException} as soon as that is known, without buffering more, so a client streaming 100 MB
 * costs at most the bound.
 */
public final class BodyReader {
    private BodyReader() {
    }

    /**
     * @param request  the request, not yet read from.
     * @param maxBytes largest body accepted.
     * @param into     receives the body.
     * @return completed with the body's length, or failed.
     */
    public static Future<Integer> read(final HttpServerRequest request, final int maxBytes, final ByteArray into) {
        final Promise<Integer> promise = Promise.promise();
        final String declared = request.getHeader("Content-Length");
        if (declared != null) {
            try {
                final long length = Long.parseLong(declared.trim());
                if (length > maxBytes) {
                    return Future.failedFuture(new BodyTooLargeException(length, maxBytes));
                }
                into.ensureCapacity((int) length);
            } catch (final NumberFormatException ignored) {
                // Vert.x refuses a bad Content-Length before this handler; read the body as it comes.
            }
        }
        request.handler(chunk -> append(request, chunk, maxBytes, into, promise));
        request.exceptionHandler(promise::tryFail);
        request.endHandler(v -> promise.tryComplete(into.length()));
        request.resume();
        return promise.future();
    }

    private static void append(final HttpServerRequest request, final Buffer chunk, final int maxBytes,
        final ByteArray into, final Promise<Integer> promise) {
        if (promise.future().isComplete()) {
            return;
        }
        final int length = chunk.length();
        if ((long) into.length() + length > maxBytes) {
            promise.tryFail(new BodyTooLargeException((long) into.length() + length, maxBytes));
            request.pause();
            return;
        }
        final int at = into.length();
        chunk.getBytes(0, length, into.ensureCapacity(at + length), at);
        into.length(at + length);
    }

    /** The body is larger than accepted: answered with 413, and the connection is closed. */
    public static final class BodyTooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException(final long length, final int maxBytes) {
            super("request body too large: at least " + length + " bytes, the limit is " + maxBytes + " bytes");
        }
    }
}
