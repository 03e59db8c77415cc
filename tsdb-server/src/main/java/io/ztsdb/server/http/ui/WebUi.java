// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.ui;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The web UI's routes: {@code GET /ui} redirects to {@code /ui/}, {@code GET /ui/<file>} answers the file from
 * memory (gzipped when the client accepts it, {@code 304} when its ETag matches), anything else under {@code /ui/}
 * falls through to the router's 404. {@link #redirectsBrowser} lets {@code GET /} send browsers here.
 */
public final class WebUi {
    /** Where the UI lives. */
    public static final String PATH = "/ui/";
    private static final String SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; "
        + "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

    private final AssetCatalog catalog;

    private WebUi(final AssetCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Mounts the UI's routes.
     *
     * @param router the HTTP API's router.
     */
    public static void addRoutes(final Router router) {
        final WebUi ui = new WebUi(AssetCatalog.load());
        router.get(PATH + "*").handler(ui::serve);
    }

    /**
     * Redirects a browser (a request that accepts {@code text/html}) to the UI.
     *
     * @param ctx the request to {@code GET /}.
     * @return true when the request was answered with the redirect, false for API clients.
     */
    public static boolean redirectsBrowser(final RoutingContext ctx) {
        final String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
        if (accept == null || !accept.contains("text/html")) {
            return false;
        }
        redirect(ctx, PATH);
        return true;
    }

    private static void redirect(final RoutingContext ctx, final String location) {
        ctx.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, location)
            .putHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT).end();
    }

    private void serve(final RoutingContext ctx) {
        final HttpServerRequest request = ctx.request();
        if (request.path().length() < PATH.length()) {
            redirect(ctx, PATH); // "/ui", which the route matches too
            return;
        }
        final StaticAsset asset = catalog.get(request.path().substring(PATH.length()));
        if (asset == null) {
            ctx.next();
            return;
        }
        final HttpServerResponse response = ctx.response()
            .putHeader(HttpHeaders.CACHE_CONTROL, asset.cacheControl())
            .putHeader(HttpHeaders.ETAG, asset.etag())
            .putHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING)
            .putHeader("X-Content-Type-Options", "nosniff")
            .putHeader("Content-Security-Policy", SECURITY_POLICY);
        if (asset.etag().equals(request.getHeader(HttpHeaders.IF_NONE_MATCH))) {
            response.setStatusCode(304).end();
            return;
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, asset.contentType());
        if (acceptsGzip(request.getHeader(HttpHeaders.ACCEPT_ENCODING))) {
            // Pre-compressed: the server's own compression leaves a response with a Content-Encoding alone.
            response.putHeader(HttpHeaders.CONTENT_ENCODING, "gzip").end(asset.gzipped());
        } else {
            response.putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY).end(asset.plain());
        }
    }

    static boolean acceptsGzip(final String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (final String coding : acceptEncoding.split(",")) {
            final String[] parts = coding.strip().split(";");
            if (parts[0].strip().equalsIgnoreCase("gzip")) {
                return parts.length < 2 || !parts[1].replace(" ", "").equals("q=0");
            }
        }
        return false;
    }
}
