// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.ui;

import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The UI's files over real HTTP: redirects by {@code Accept}, gzip by {@code Accept-Encoding}, ETag revalidation,
 * cache and security headers, 404s, every file a page references being served, and the page weight (all files
 * gzipped) under the 150 KB.
 */
class WebUiHttpTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int PAGE_WEIGHT_LIMIT = 150 * 1024;
    private static final Pattern REFERENCE = Pattern.compile(
        "(?:href|src)=\"([^\"#?:]+)\"|from '\\./([^']+)'|from '\\.\\./([^']+)'");

    @TempDir
    static Path dir;
    private static ServerRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = ServerRuntime.start(new ServerConfig().port(0).webPort(0).bindAddress("127.0.0.1").dataDir(dir)
            .walSync("none"));
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static HttpResponse<byte[]> get(final String path, final String... headers) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.httpPort()
            + path)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String gunzip(final byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldRedirectBrowsersFromTheRootAndKeepTheHelpJsonForApiClients() throws Exception {
        final HttpResponse<byte[]> browser = get("/", "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        assertThat(browser.statusCode()).isEqualTo(302);
        assertThat(browser.headers().firstValue("Location")).hasValue("/ui/");
        assertThat(browser.headers().firstValue("Vary").orElse("")).containsIgnoringCase("accept");

        for (final String accept : new String[] {null, "application/json", "*/*"}) {
            final HttpResponse<byte[]> api = accept == null ? get("/") : get("/", "Accept", accept);
            assertThat(api.statusCode()).as("Accept: %s", accept).isEqualTo(200);
            assertThat(new String(api.body(), StandardCharsets.UTF_8)).contains("\"endpoints\"", "\"/ui/\"");
        }
        final HttpResponse<byte[]> bare = get("/ui");
        assertThat(bare.statusCode()).isEqualTo(302);
        assertThat(bare.headers().firstValue("Location")).hasValue("/ui/");
    }

    @Test
    void shouldServeGzippedFilesWithEtagsAndRevalidate() throws Exception {
        final HttpResponse<byte[]> gzipped = get("/ui/", "Accept-Encoding", "gzip, deflate");
        assertThat(gzipped.statusCode()).isEqualTo(200);
        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gzipped.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(gzipped.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(gzipped.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(gzipped.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'");
        final String html = gunzip(gzipped.body());
        assertThat(html).contains("<title>Containers · ztsdb</title>", "js/overview.js");

        final HttpResponse<byte[]> plain = get("/ui/index.html");
        assertThat(plain.headers().firstValue("Content-Encoding").orElse("identity")).isEqualTo("identity");
        assertThat(new String(plain.body(), StandardCharsets.UTF_8)).isEqualTo(html);

        final String etag = gzipped.headers().firstValue("ETag").orElseThrow();
        final HttpResponse<byte[]> revalidated = get("/ui/index.html", "If-None-Match", etag);
        assertThat(revalidated.statusCode()).isEqualTo(304);
        assertThat(revalidated.body()).isEmpty();
        assertThat(get("/ui/index.html", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
        assertThat(get("/ui/explore.html").headers().firstValue("ETag")).isNotEqualTo(Optional.of(etag));

        final HttpResponse<byte[]> uplot = get("/ui/vendor/uPlot.esm.js", "Accept-Encoding", "gzip");
        assertThat(uplot.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(gunzip(uplot.body())).contains("export { uPlot as default }");
    }

    @Test
    void shouldAnswer404ForUnknownFilesAndPathsOutsideTheUi() throws Exception {
        for (final String path : new String[] {"/ui/nothing.js", "/ui/static/files.txt", "/ui/files.txt",
            "/ui/..%2Fstats", "/ui/js/", "/ui/WebUi.class"}) {
            final HttpResponse<byte[]> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).as(path).contains("\"error\"");
        }
    }

    @Test
    void shouldServeEveryFileThePagesReferenceWithinThePageWeight() throws Exception {
        final List<String> pending = new ArrayList<>(List.of("index.html", "container.html", "explore.html",
            "server.html"));
        final List<String> seen = new ArrayList<>();
        long gzippedBytes = 0;
        while (!pending.isEmpty()) {
            final String file = pending.remove(0);
            if (seen.contains(file)) {
                continue;
            }
            seen.add(file);
            final HttpResponse<byte[]> response = get("/ui/" + file, "Accept-Encoding", "gzip");
            assertThat(response.statusCode()).as(file).isEqualTo(200);
            gzippedBytes += response.body().length;
            final String text = gunzip(response.body());
            final String folder = file.contains("/") ? file.substring(0, file.lastIndexOf('/') + 1) : "";
            final Matcher m = REFERENCE.matcher(text);
            while (m.find()) {
                if (m.group(1) != null && !m.group(1).equals("./")) {
                    pending.add(m.group(1));
                } else if (m.group(2) != null) {
                    pending.add(folder + m.group(2));
                } else if (m.group(3) != null) {
                    pending.add(m.group(3));
                }
            }
        }
        assertThat(seen).contains("js/chart.js", "vendor/uPlot.esm.js", "vendor/uPlot.min.css", "css/ui.css",
            "js/autocomplete.js", "favicon.svg");
        System.out.printf("web UI page weight: %d files, %d bytes gzipped (limit %d)%n", seen.size(), gzippedBytes,
            PAGE_WEIGHT_LIMIT);
        assertThat(gzippedBytes).isLessThan(PAGE_WEIGHT_LIMIT);
    }

    @Test
    void shouldRecognizeGzipInAcceptEncoding() {
        assertThat(WebUi.acceptsGzip("gzip")).isTrue();
        assertThat(WebUi.acceptsGzip("deflate, GZIP;q=0.5")).isTrue();
        assertThat(WebUi.acceptsGzip("gzip;q=0")).isFalse();
        assertThat(WebUi.acceptsGzip("br, deflate")).isFalse();
        assertThat(WebUi.acceptsGzip(null)).isFalse();
    }
}
