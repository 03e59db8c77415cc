// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.security;

import io.vertx.core.http.HttpMethod;

import java.util.Set;

/**
 * What an HTTP request needs, by method and path, for every route of the router including those added later: reads
 * ({@code GET}, {@code HEAD}, and the Prometheus API's query endpoints, which accept {@code POST} forms) need
 * {@link Role#READ}; {@code /api/v1/admin/...} needs {@link Role#ADMIN}; every other method needs
 * {@link Role#WRITE}, so a new write endpoint is protected without being listed here.
 */
public final class HttpAccessRules {
    /** The liveness probe, served without a token. */
    public static final String HEALTH_PATH = "/healthz";
    private static final Set<String> READ_POSTS = Set.of("/api/v1/query", "/api/v1/query_range",
        "/api/v1/query_exemplars", "/api/v1/series", "/api/v1/labels", "/api/v1/read", "/api/v1/format_query",
        "/api/v1/parse_query");
    private static final Set<String> QUERIES = Set.of("/query", "/api/v1/query", "/api/v1/query_range",
        "/api/v1/query_exemplars", "/api/v1/read", "/api/v1/series", "/api/v1/labels");
    private static final String LABEL_VALUES_PREFIX = "/api/v1/label/";
    private static final Set<String> WRITES = Set.of("/api/v1/write", "/api/v2/write", "/write",
        "/api/v1/push", "/influx/write", "/influx/api/v2/write");

    private HttpAccessRules() {
    }

    /**
     * @param method the request's method.
     * @param path   the request's path.
     * @return the role the request needs.
     */
    public static Role requiredRole(final HttpMethod method, final String path) {
        if (path.startsWith("/api/v1/admin/")) {
            return Role.ADMIN;
        }
        if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS
            || method == HttpMethod.POST && READ_POSTS.contains(path)) {
            return Role.READ;
        }
        return Role.WRITE;
    }

    /**
     * @param path the request's path.
     * @return whether the request is a query, counted against the concurrency limit and timed out.
     */
    public static boolean isQuery(final String path) {
        return QUERIES.contains(path) || path.startsWith(LABEL_VALUES_PREFIX) && path.endsWith("/values");
    }

    /**
     * @param path the request's path.
     * @return whether the endpoint takes bulk writes (its body may be as large as the write body limit).
     */
    public static boolean isWrite(final String path) {
        return WRITES.contains(path);
    }
}
