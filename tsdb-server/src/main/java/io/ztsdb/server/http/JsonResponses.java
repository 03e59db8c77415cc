// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.ztsdb.core.QueryLimitException;
import io.ztsdb.core.SeriesLimitException;
import io.ztsdb.core.StorageFullException;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writing JSON responses with the Jackson streaming generator, on the event loop for small bodies and on a
 * worker thread for bodies of unbounded size.
 */
final class JsonResponses {
    /**
     * Closing a generator does not end the response: a body that failed half-way must not look complete. Characters
     * outside the BMP are written as UTF-8, as {@link QueryJsonEncoder} writes them, not as escaped surrogates.
     */
    static final JsonFactory JSON = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
        .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();
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
            if (!response.headWritten()) {
                sendFailure(ctx, failure);
            } else {
                LOG.log(System.Logger.Level.WARNING, "HTTP " + ctx.request().path() + " failed", failure);
                response.reset();
            }
        });
    }

    /**
     * Answers a request that failed before its body was sent: 400 naming the parameter for a
     * {@link BadParameterException}, 400 with {@code max_points} and {@code points} for a
     * {@link QueryLimitException}, 500 (logged) for anything else.
     */
    static void sendFailure(final RoutingContext ctx, final Throwable failure) {
        if (failure instanceof BadParameterException bad) {
            sendError(ctx, 400, bad.getMessage(), bad.parameter());
        } else if (failure instanceof QueryLimitException limit) {
            if (ctx.response().ended() || ctx.response().closed()) {
                return;
            }
            send(ctx, 400, json -> {
                json.writeStartObject();
                json.writeStringField("error", limit.getMessage());
                json.writeNumberField("max_points", limit.maxPoints());
                json.writeNumberField("points", limit.points());
                json.writeNumberField("status", 400);
                json.writeEndObject();
            });
        } else if (failure instanceof SeriesLimitException) {
            sendError(ctx, 422, failure.getMessage(), null);
        } else if (failure instanceof StorageFullException) {
            // 507 Insufficient Storage: nothing of the request was stored; the server resumes once space is freed.
            sendError(ctx, 507, failure.getMessage(), null);
        } else {
            LOG.log(System.Logger.Level.WARNING, "HTTP " + ctx.request().path() + " failed", failure);
            sendError(ctx, 500, "internal error: " + failure.getMessage(), null);
        }
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

    /**
     * Writes a u64 series id as a JSON string of its unsigned decimal digits: JavaScript and jq read JSON numbers
     * as doubles, which round ids above 2^53.
     */
    static void writeSeriesId(final JsonGenerator json, final long seriesId) throws IOException {
        json.writeString(Long.toUnsignedString(seriesId));
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
