// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.security;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.Semaphore;

/**
 * The first handler of the HTTP router, in front of every route (present and future): body size, authentication,
 * role, query concurrency and timeout. Only the liveness probe {@value HttpAccessRules#HEALTH_PATH}, mounted before
 * it, is served without a token.
 * <p>
 * Credentials, as Prometheus, Grafana, VictoriaMetrics and InfluxDB clients send them: {@code Authorization: Bearer
 * <token>}, {@code Authorization: Token <token>} (InfluxDB 2), or basic auth whose password is the token (any user
 * name). Refusals are JSON: 401 with {@code WWW-Authenticate} for a missing or unknown token, 403 for a token without
 * the role ({@link HttpAccessRules}), 413 for a body over the endpoint's limit (from {@code Content-Length}; chunked
 * bodies are limited by the endpoint's body handler), 503 for a query over the concurrency limit or its timeout.
 */
public final class HttpGuard {
    private static final String CHALLENGE = "Bearer realm=\"ztsdb\", Basic realm=\"ztsdb\"";
    private static final String PROMETHEUS_API_PREFIX = "/api/";

    private final SecurityServices security;
    private final Semaphore queries;

    private HttpGuard(final SecurityServices security) {
        this.security = security;
        this.queries = new Semaphore(security.config().maxConcurrentQueries());
    }

    /**
     * Mounts the liveness probe and the guard as the router's first routes; call before adding any endpoint.
     *
     * @param router   the HTTP API's router, still empty.
     * @param security tokens, limits and counters.
     */
    public static void install(final Router router, final SecurityServices security) {
        router.get(HttpAccessRules.HEALTH_PATH).handler(ctx -> ctx.response()
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end("{\"status\":\"ok\"}"));
        router.route().handler(new HttpGuard(security)::handle);
    }

    private void handle(final RoutingContext ctx) {
        final HttpServerRequest request = ctx.request();
        final String path = request.path();
        if (bodyTooLarge(ctx, path)) {
            return;
        }
        if (security.tokens() != null && !authorized(ctx, path)) {
            return;
        }
        if (HttpAccessRules.isQuery(path)) {
            admitQuery(ctx);
        } else {
            ctx.next();
        }
    }

    private boolean bodyTooLarge(final RoutingContext ctx, final String path) {
        final String header = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        final long limit = HttpAccessRules.isWrite(path) ? security.config().maxWriteBodyBytes()
            : security.config().maxBodyBytes();
        long length;
        try {
            length = header == null ? 0 : Long.parseLong(header.strip());
        } catch (final NumberFormatException ex) {
            length = Long.MAX_VALUE;
        }
        if (length <= limit) {
            return false;
        }
        security.stats().increment(SecurityCounter.HTTP_BODY_TOO_LARGE);
        closeAfterResponse(ctx);
        refuse(ctx, 413, "payload_too_large", "request body of " + header + " bytes is over the limit of " + limit
            + " bytes for " + path + " (" + (HttpAccessRules.isWrite(path) ? "--max-write-body" : "--max-body") + ")");
        return true;
    }

    private boolean authorized(final RoutingContext ctx, final String path) {
        final byte[] token = token(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
        final Principal principal = token == null ? null : security.tokens().authenticate(token);
        if (principal == null) {
            security.stats().increment(SecurityCounter.HTTP_UNAUTHENTICATED);
            ctx.response().putHeader("WWW-Authenticate", CHALLENGE);
            refuse(ctx, 401, "unauthorized", token == null ? "authentication required: send Authorization: Bearer "
                + "<token> (or basic auth with the token as password); the server runs with --auth-file"
                : "unknown token");
            return false;
        }
        final Role role = HttpAccessRules.requiredRole(ctx.request().method(), path);
        if (!principal.may(role)) {
            security.stats().increment(SecurityCounter.HTTP_FORBIDDEN);
            refuse(ctx, 403, "forbidden", "token '" + principal.name() + "' lacks the " + role.fileName()
                + " role that " + ctx.request().method() + " " + path + " needs");
            return false;
        }
        return true;
    }

    /** @return the token of an Authorization header (Bearer, Token or Basic), or null when there is none. */
    static byte[] token(final String authorization) {
        if (authorization == null) {
            return null;
        }
        final String value = authorization.strip();
        final int space = value.indexOf(' ');
        if (space < 0) {
            return null;
        }
        final String scheme = value.substring(0, space);
        final String credentials = value.substring(space + 1).strip();
        if (scheme.equalsIgnoreCase("Bearer") || scheme.equalsIgnoreCase("Token")) {
            return credentials.getBytes(StandardCharsets.UTF_8);
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            try {
                final String decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
                final int colon = decoded.indexOf(':');
                return colon < 0 ? null : decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
            } catch (final IllegalArgumentException ex) {
                return null;
            }
        }
        return null;
    }

    private void admitQuery(final RoutingContext ctx) {
        if (!queries.tryAcquire()) {
            security.stats().increment(SecurityCounter.QUERIES_REJECTED);
            ctx.response().putHeader("Retry-After", "1");
            refuse(ctx, 503, "unavailable", "too many queries at once (--max-concurrent-queries="
                + security.config().maxConcurrentQueries() + "); retry later");
            return;
        }
        final long timeoutMillis = security.config().queryTimeoutMillis();
        final long timer = ctx.vertx().setTimer(timeoutMillis, id -> {
            if (!ctx.response().ended() && !ctx.response().closed()) {
                security.stats().increment(SecurityCounter.QUERY_TIMEOUTS);
                if (ctx.response().headWritten()) {
                    ctx.request().connection().close();
                } else {
                    closeAfterResponse(ctx);
                    refuse(ctx, 503, "timeout", "query timed out after " + timeoutMillis + " ms (--query-timeout)");
                }
            }
        });
        ctx.addEndHandler(done -> {
            ctx.vertx().cancelTimer(timer);
            queries.release();
        });
        ctx.next();
    }

    /** HTTP/1: the connection closes after this response (HTTP/2 has no such header; its stream is reset). */
    private static void closeAfterResponse(final RoutingContext ctx) {
        if (ctx.request().version() != io.vertx.core.http.HttpVersion.HTTP_2) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
    }

    private static void refuse(final RoutingContext ctx, final int status, final String type, final String message) {
        final StringBuilder json = new StringBuilder(message.length() + 64).append("{\"error\":");
        quote(json, message).append(",\"errorType\":\"").append(type).append("\",\"status\":");
        // The Prometheus API's envelope under /api/ (Grafana and promtool read "status":"error"), ours elsewhere.
        if (ctx.request().path().startsWith(PROMETHEUS_API_PREFIX)) {
            json.append("\"error\"}");
        } else {
            json.append(status).append('}');
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .end(json.toString());
    }

    private static StringBuilder quote(final StringBuilder json, final String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int)c));
            } else {
                json.append(c);
            }
        }
        return json.append('"');
    }
}
