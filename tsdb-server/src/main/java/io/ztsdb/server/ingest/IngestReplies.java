// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.ingest;

import io.vertx.ext.web.RoutingContext;
import io.ztsdb.server.stats.IngestStats;

/**
 * The error answers the ingest endpoints share: a text body that says what was wrong, a status that tells the
 * sender whether to retry (4xx never, 5xx yes).
 */
public final class IngestReplies {
    private static final System.Logger LOG = System.getLogger(IngestReplies.class.getName());

    private IngestReplies() {
    }

    /** Answers {@code status} with a one-line text body. */
    public static void text(final RoutingContext ctx, final int status, final String message) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8")
            .end(message + "\n");
    }

    /** The body could not be read: 413 (and the connection closed) when too large, else 400. */
    public static void bodyFailed(final RoutingContext ctx, final Throwable cause, final IngestStats stats) {
        if (cause instanceof BodyReader.BodyTooLargeException) {
            stats.rejected("body_too_large", 1);
            if (!ctx.response().ended()) {
                ctx.response().setStatusCode(413).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .putHeader("Connection", "close").end(cause.getMessage() + "; nothing was written\n")
                    .onComplete(v -> ctx.request().connection().close());
            }
        } else {
            stats.rejected("malformed_body", 1);
            text(ctx, 400, "cannot read the request body: " + cause.getMessage());
        }
    }

    /** The engine did not store the points: 503 while it is closing, else 500; both may be retried. */
    public static void engineFailed(final RoutingContext ctx, final Throwable cause, final IngestStats stats) {
        stats.rejected("not_durable", 1);
        if (cause instanceof IllegalStateException) {
            text(ctx, 503, "database unavailable: " + cause.getMessage() + "; retry later");
        } else {
            LOG.log(System.Logger.Level.WARNING, "ingest failed", cause);
            text(ctx, 500, "points not durable: " + cause.getMessage() + "; the request may be retried");
        }
    }
}
