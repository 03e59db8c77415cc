// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.prometheus;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.ztsdb.core.promql.ErrorType;
import io.ztsdb.core.promql.PromqlException;
import io.ztsdb.core.promql.PromqlParseException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;

/**
 * Prometheus' JSON envelope: {@code {"status":"success","data":...}} or
 * {@code {"status":"error","errorType":"bad_data","error":"..."}} with Prometheus' HTTP status per error type.
 * Work that reads the storage runs on a worker thread, never on the event loop.
 */
final class ApiResponses {
    private static final System.Logger LOG = System.getLogger(ApiResponses.class.getName());
    static final JsonFactory JSON = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private ApiResponses() {
    }

    /** Writes the {@code data} member of a success envelope. */
    @FunctionalInterface
    interface Data {
        void write(JsonGenerator json) throws IOException;
    }

    /**
     * Runs {@code work} on a worker thread, then answers with its data, or with the error it raised.
     *
     * @param work computes the answer (may throw {@link ApiException} or {@link PromqlException}).
     */
    static void sendBlocking(final Vertx vertx, final RoutingContext ctx, final Callable<Data> work) {
        final HttpServerResponse response = ctx.response();
        vertx.executeBlocking(() -> {
            final Data data;
            try {
                data = work.call();
            } catch (final ApiException | PromqlException ex) {
                sendError(ctx, ex);
                return null;
            }
            writeSuccess(response, data);
            return null;
        }, false).onFailure(failure -> {
            LOG.log(System.Logger.Level.WARNING, "Prometheus API " + ctx.request().path() + " failed", failure);
            if (!response.headWritten()) {
                sendError(ctx, new ApiException(ErrorType.INTERNAL, String.valueOf(failure.getMessage())));
            } else {
                response.reset();
            }
        });
    }

    /** Answers a success envelope from the calling thread. */
    static void send(final RoutingContext ctx, final Data data) {
        try {
            writeSuccess(ctx.response(), data);
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void writeSuccess(final HttpServerResponse response, final Data data) throws IOException {
        response.setStatusCode(200).putHeader("Content-Type", "application/json");
        final ChunkedOutput out = new ChunkedOutput(response);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("status", "success");
            json.writeFieldName("data");
            data.write(json);
            json.writeEndObject();
        }
        out.close();
    }

    /** Answers the error envelope for an exception of the API or of the PromQL engine. */
    static void sendError(final RoutingContext ctx, final RuntimeException error) {
        final ErrorType type;
        String message = error.getMessage();
        if (error instanceof ApiException api) {
            type = api.errorType();
        } else if (error instanceof PromqlParseException) {
            type = ErrorType.BAD_DATA;
            message = "invalid parameter \"query\": " + message;
        } else if (error instanceof PromqlException promql) {
            type = promql.errorType();
        } else {
            type = ErrorType.INTERNAL;
        }
        sendError(ctx, type, message);
    }

    static void sendError(final RoutingContext ctx, final ErrorType type, final String message) {
        final HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(ApiException.httpStatus(type)).putHeader("Content-Type", "application/json");
        final ChunkedOutput out = new ChunkedOutput(response);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("status", "error");
            json.writeStringField("errorType", type.apiName());
            json.writeStringField("error", message);
            json.writeEndObject();
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
        out.close();
    }
}
