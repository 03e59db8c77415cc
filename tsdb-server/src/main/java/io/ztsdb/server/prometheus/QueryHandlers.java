// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.prometheus;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.ztsdb.core.promql.ErrorType;
import io.ztsdb.core.promql.PromqlEngine;
import io.ztsdb.core.promql.QueryResult;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * {@code /api/v1/query}, {@code /api/v1/query_range} and {@code /api/v1/format_query}, with Prometheus' parameter
 * checks and error texts. A query stops when its timeout passes (the smaller of the {@code timeout} parameter
 * and the engine's, {@code --query-timeout}), when the client goes away, or when its response was ended without it
 * (the HTTP guard's timeout): the evaluator checks between series and blocks of steps, so the worker is freed.
 */
final class QueryHandlers {
    private final Vertx vertx;
    private final PromqlEngine engine;

    QueryHandlers(final Vertx vertx, final PromqlEngine engine) {
        this.vertx = vertx;
        this.engine = engine;
    }

    void instant(final RoutingContext ctx) {
        final long time = ApiParameters.time(ctx, "time", System.currentTimeMillis());
        final long timeout = timeout(ctx);
        final String query = query(ctx);
        final BooleanSupplier canceled = cancelOnClose(ctx);
        ApiResponses.sendBlocking(vertx, ctx, () -> {
            final QueryResult result = engine.instantQuery(query, time, timeout, canceled);
            return json -> ResultJson.write(json, result);
        });
    }

    void range(final RoutingContext ctx) {
        final long start = ApiParameters.requiredTime(ctx, "start");
        final long end = ApiParameters.requiredTime(ctx, "end");
        if (end < start) {
            throw new ApiException(ErrorType.BAD_DATA, "end timestamp must not be before start time");
        }
        final String stepText = ApiParameters.get(ctx, "step");
        final long step = ApiParameters.parseDuration("step", stepText == null ? "" : stepText);
        if (step <= 0) {
            throw new ApiException(ErrorType.BAD_DATA,
                "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        if ((end - start) / step > engine.options().maxPointsPerSeries()) {
            throw new ApiException(ErrorType.BAD_DATA, "exceeded maximum resolution of " +
                String.format("%,d", engine.options().maxPointsPerSeries()) + " points per timeseries. Try " +
                "decreasing the query resolution (?step=XX)");
        }
        final long timeout = timeout(ctx);
        final String query = query(ctx);
        final BooleanSupplier canceled = cancelOnClose(ctx);
        ApiResponses.sendBlocking(vertx, ctx, () -> {
            final QueryResult result = engine.rangeQuery(query, start, end, step, timeout, canceled);
            return json -> ResultJson.write(json, result);
        });
    }

    void format(final RoutingContext ctx) {
        final String formatted = PromqlEngine.format(query(ctx));
        ApiResponses.send(ctx, json -> json.writeString(formatted));
    }

    private static String query(final RoutingContext ctx) {
        final String query = ApiParameters.get(ctx, "query");
        return query == null ? "" : query;
    }

    private long timeout(final RoutingContext ctx) {
        final Long requested = ApiParameters.duration(ctx, "timeout");
        final long limit = engine.options().timeoutMillis();
        return requested == null ? limit : Math.max(0, Math.min(requested, limit));
    }

    /** @return true once the client went away or the response was ended without the result (the query timeout). */
    private static BooleanSupplier cancelOnClose(final RoutingContext ctx) {
        final AtomicBoolean closed = new AtomicBoolean();
        final HttpServerResponse response = ctx.response();
        response.closeHandler(v -> closed.set(true));
        return () -> closed.get() || response.ended();
    }
}
