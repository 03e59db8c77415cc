// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.ztsdb.server.TestBatch;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.ingest.IngestForwarder;
import io.ztsdb.server.runtime.ServerRuntime;
import io.ztsdb.server.security.HttpAccessRules;
import io.ztsdb.server.security.Role;
import io.ztsdb.server.security.SecurityCounter;
import io.ztsdb.server.security.TokenHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP with {@code --auth-file}: every route the router has, whoever added it, refuses a request without a token or
 * with an unknown one (401) and one whose token lacks the role (403), and serves the right token; the liveness probe
 * needs none. Also body size, query concurrency and query timeout.
 */
class HttpAuthTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String READER = TokenHash.generateToken();
    private static final String WRITER = TokenHash.generateToken();
    private static final String ADMIN = TokenHash.generateToken();
    private static final long BIG_SERIES = 77;

    @TempDir
    static Path dir;
    private static ServerRuntime server;

    @BeforeAll
    static void start() throws IOException {
        final Path tokens = Files.writeString(dir.resolve("tokens"), "reader read "
            + TokenHash.format(TokenHash.sha256(READER)) + "\nwriter write "
            + TokenHash.format(TokenHash.sha256(WRITER)) + "\nops admin " + TokenHash.format(TokenHash.sha256(ADMIN))
            + "\n");
        final ServerConfig config = new ServerConfig().port(0).webPort(0).bindAddress("127.0.0.1")
            .dataDir(dir.resolve("data"));
        config.security().authFile(tokens).maxConcurrentQueries(1).maxBodyBytes(4096, 1 << 20);
        server = ServerRuntime.start(config);
        try (TestBatch batch = new TestBatch(server.tsdb())) {
            for (int i = 0; i < 400_000; i++) {
                batch.add(BIG_SERIES, i * 10L, i * 0.5);
            }
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> send(final HttpMethod method, final String path, final String authorization)
        throws IOException, InterruptedException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort()
            + path)).method(method.name(), method == HttpMethod.GET || method == HttpMethod.HEAD
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("x"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String bearer(final String token) {
        return "Bearer " + token;
    }

    /** The router the server runs, built the same way, read for its routes. */
    private static List<String[]> everyRoute() {
        final Router router = HttpApi.router(server.vertx(), new HttpBackend(server.tsdb(), server.stats(),
            server.config(), server.tcpPort(), List.of(server.security().stats()), server.security(),
            server.metrics(), IngestForwarder.NONE));
        final List<String[]> routes = new ArrayList<>();
        for (final Route route : router.getRoutes()) {
            if (route.getPath() == null || route.getPath().equals(HttpAccessRules.HEALTH_PATH)) {
                continue;
            }
            final String path = route.getPath().replaceAll(":[A-Za-z_]+", "x");
            final Set<HttpMethod> methods = route.methods() == null || route.methods().isEmpty()
                ? Set.of(HttpMethod.GET, HttpMethod.POST) : route.methods();
            for (final HttpMethod method : methods) {
                routes.add(new String[] {method.name(), path});
            }
        }
        assertThat(routes).as("routes of the router").hasSizeGreaterThanOrEqualTo(5)
            .extracting(route -> route[0] + " " + route[1]).contains("GET /metrics", "GET /api/v1/query",
                "POST /api/v1/query", "GET /api/v1/query_range", "GET /api/v1/series", "POST /api/v1/read");
        return routes;
    }

    @Test
    void shouldRefuseEveryRouteWithoutAValidTokenAndServeTheRightOne() throws Exception {
        for (final String[] route : everyRoute()) {
            final HttpMethod method = HttpMethod.valueOf(route[0]);
            final String path = route[1];
            final String what = method + " " + path;
            final HttpResponse<String> none = send(method, path, null);
            assertThat(none.statusCode()).as(what + " without a token").isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).as(what).hasValueSatisfying(
                challenge -> assertThat(challenge).contains("Bearer").contains("Basic"));
            final boolean hasBody = method != HttpMethod.HEAD; // a HEAD answer carries the headers only
            if (hasBody) {
                assertThat(none.body()).as(what).contains("\"errorType\":\"unauthorized\"")
                    .contains("authentication required");
            }
            assertThat(send(method, path, bearer(TokenHash.generateToken())).statusCode())
                .as(what + " with an unknown token").isEqualTo(401);
            final Role role = HttpAccessRules.requiredRole(method, path);
            final String lacking = role == Role.READ ? WRITER : READER;
            final HttpResponse<String> forbidden = send(method, path, bearer(lacking));
            assertThat(forbidden.statusCode()).as(what + " with a token lacking " + role).isEqualTo(403);
            if (hasBody) {
                assertThat(forbidden.body()).as(what).contains("\"errorType\":\"forbidden\"");
            }
            final String right = role == Role.READ ? READER : role == Role.WRITE ? WRITER : ADMIN;
            assertThat(send(method, path, bearer(right)).statusCode()).as(what + " with a " + role + " token")
                .isNotIn(401, 403);
            assertThat(send(method, path, bearer(ADMIN)).statusCode()).as(what + " with an admin token")
                .isNotIn(401, 403);
        }
    }

    @Test
    void shouldServeTheLivenessProbeAndRefuseUnknownPathsWithoutAToken() throws Exception {
        final HttpResponse<String> health = send(HttpMethod.GET, HttpAccessRules.HEALTH_PATH, null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(send(HttpMethod.GET, "/no/such/endpoint", null).statusCode()).isEqualTo(401);
        assertThat(send(HttpMethod.GET, "/no/such/endpoint", bearer(READER)).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldTakeTheTokenAsBasicAuthPasswordOrInfluxToken() throws Exception {
        final String basic = "Basic " + Base64.getEncoder().encodeToString(("grafana:" + READER)
            .getBytes(StandardCharsets.UTF_8));
        assertThat(send(HttpMethod.GET, "/stats", basic).statusCode()).isEqualTo(200);
        assertThat(send(HttpMethod.GET, "/stats", "Token " + READER).statusCode()).isEqualTo(200);
        final String wrongPassword = "Basic " + Base64.getEncoder().encodeToString((READER + ":nope")
            .getBytes(StandardCharsets.UTF_8));
        final HttpResponse<String> refused = send(HttpMethod.GET, "/stats", wrongPassword);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).doesNotContain(READER).doesNotContain("nope");
        assertThat(send(HttpMethod.GET, "/stats", "Basic %%%").statusCode()).isEqualTo(401);
        assertThat(server.security().stats().get(SecurityCounter.HTTP_UNAUTHENTICATED)).isPositive();
    }

    @Test
    void shouldRefuseABodyOverTheEndpointLimitFromItsLength() throws Exception {
        final HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + server.httpPort() + "/query")).header("Authorization", bearer(READER))
            .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[8192])).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.body()).contains("--max-body").contains("4096");
        assertThat(server.security().stats().get(SecurityCounter.HTTP_BODY_TOO_LARGE)).isPositive();
    }

    @Test
    void shouldRefuseQueriesOverTheConcurrencyLimit() throws Exception {
        final List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            answers.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort()
                + "/query?series=" + BIG_SERIES)).header("Authorization", bearer(READER)).build(),
                HttpResponse.BodyHandlers.ofString()));
        }
        int ok = 0;
        int busy = 0;
        for (final CompletableFuture<HttpResponse<String>> answer : answers) {
            final HttpResponse<String> response = answer.join();
            if (response.statusCode() == 200) {
                ok++;
            } else {
                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(response.body()).contains("--max-concurrent-queries=1");
                busy++;
            }
        }
        assertThat(ok).isPositive();
        assertThat(busy).as("queries refused while one of 400,000 points ran").isPositive();
        assertThat(server.security().stats().get(SecurityCounter.QUERIES_REJECTED)).isEqualTo(busy);
    }
}
