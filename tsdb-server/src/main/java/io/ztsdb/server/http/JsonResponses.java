// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writing JSON responses with the Jackson streaming generator, on the event loop for small bodies and on a
 * worker thread for bodies of unbounded size.
 */
final class JsonResponses {
    /** Closing a generator does not end the response: a body that failed half-way must not look complete. */
    static final JsonFactory JSON = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();
    private static final System.Logger LOG = System.getLogger(JsonResponses.class.getName());

    private JsonResponses() {
    }

    /** Writes one JSON document into a response. */
    interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    /** Writes one JSON document as bytes into a response stream, without a generator. */
    interface BytesBody {
        void write(ResponseStream out) throws IOException;
    }

    /**
     * Answers with {@code status} and the document written by {@code body}, generated on a worker thread and
     * streamed with back-pressure.
     */
    static void sendBlocking(final Vertx vertx, final RoutingContext ctx, final int status, final Body body) {
        sendBlockingBytes(vertx, ctx, status, out -> {
            try (JsonGenerator json = JSON.createGenerator(out)) {
                body.write(json);
                json.writeRaw('\n');
            }
        });
    }

    /**
     * Answers with {@code status} and the bytes of the document written by {@code body} on a worker thread, streamed
     * with back-pressure.
     */
    static void sendBlockingBytes(final Vertx vertx, final RoutingContext ctx, final int status,
        final BytesBody body) {
        final HttpServerResponse response = ctx.response();
        response.setStatusCode(status).putHeader("Content-Type", "application/json");
        vertx.executeBlocking(() -> {
            writeOrAbort(new ResponseStream(response), body);
            return null;
        }, false).onFailure(failure -> {
            LOG.log(System.Logger.Level.WARNING, "HTTP " + ctx.request().path() + " failed", failure);
            if (!response.headWritten()) {
                sendError(ctx, 500, "internal error: " + failure.getMessage(), null);
            } else {
                response.reset();
            }
        });
    }

    /** Answers with {@code status} and the document written by {@code body}, on the calling thread. */
    static void send(final RoutingContext ctx, final int status, final Body body) {
        final HttpServerResponse response = ctx.response();
        response.setStatusCode(status).putHeader("Content-Type", "application/json");
        try {
            write(response, body);
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void write(final HttpServerResponse response, final Body body) throws IOException {
        writeOrAbort(new ResponseStream(response), out -> {
            try (JsonGenerator json = JSON.createGenerator(out)) {
                body.write(json);
                json.writeRaw('\n');
            }
        });
    }

    /** Writes the body and ends the response, or gives the stream's memory back when that fails. */
    private static void writeOrAbort(final ResponseStream out, final BytesBody body) throws IOException {
        try {
            body.write(out);
            out.close();
        } catch (final IOException | RuntimeException | Error ex) {
            out.abort();
            throw ex;
        }
    }

    /** Answers {@code {"error": message, "parameter": parameter}} (parameter omitted when null). */
    static void sendError(final RoutingContext ctx, final int status, final String message, final String parameter) {
        final HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        send(ctx, status, json -> {
            json.writeStartObject();
            json.writeStringField("error", message);
            if (parameter != null) {
                json.writeStringField("parameter", parameter);
            }
            json.writeNumberField("status", status);
            json.writeEndObject();
        });
    }

    /** Writes a u64 series id as an unsigned JSON number. */
    static void writeSeriesId(final JsonGenerator json, final long seriesId) throws IOException {
        if (seriesId >= 0) {
            json.writeNumber(seriesId);
        } else {
            json.writeNumber(Long.toUnsignedString(seriesId));
        }
    }

    /** Writes a double; JSON has no NaN or infinities, so those become the strings "NaN", "Infinity", "-Infinity". */
    static void writeValue(final JsonGenerator json, final double value) throws IOException {
        if (Double.isFinite(value)) {
            json.writeNumber(value);
        } else {
            json.writeString(Double.toString(value));
        }
    }
}
