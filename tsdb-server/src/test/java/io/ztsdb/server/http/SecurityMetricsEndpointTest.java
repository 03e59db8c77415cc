// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code GET /metrics}: every security counter and limit in the Prometheus text format, checked by Prometheus' own
 * linter ({@code promtool check metrics}); the counters move with refusals; the endpoint needs a read token when
 * authentication is on.
 */
class SecurityMetricsEndpointTest {
    private static final String PROMTOOL = "/usr/bin/promtool";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String READER = TokenHash.generateToken();

    @TempDir
    static Path dir;
    private static ServerRuntime server;

    @BeforeAll
    static void start() throws IOException {
        final Path tokens = Files.writeString(dir.resolve("tokens"), "reader read "
            + TokenHash.format(TokenHash.sha256(READER)) + "\n");
        final ServerConfig config = new ServerConfig().port(0).webPort(0).bindAddress("127.0.0.1")
            .dataDir(dir.resolve("data"));
        config.security().authFile(tokens).maxConnections(77).idleTimeoutMillis(90_500).maxConcurrentQueries(5);
        config.tsdbConfig().maxSeries(12_345);
        server = ServerRuntime.start(config);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(final String path, final String token) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + server.httpPort() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double value(final String exposition, final String name) {
        final Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(exposition);
        assertThat(line.find()).as(name + " in\n" + exposition).isTrue();
        return Double.parseDouble(line.group(1));
    }

    @Test
    void shouldExposeEveryCounterAndLimitAndCountRefusals() throws Exception {
        assertThat(get("/metrics", null).statusCode()).isEqualTo(401);
        final HttpResponse<String> before = get("/metrics", READER);
        assertThat(before.statusCode()).isEqualTo(200);
        assertThat(before.headers().firstValue("Content-Type")).hasValueSatisfying(
            type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        for (final SecurityCounter counter : SecurityCounter.values()) {
            final String name = "ztsdb_security_" + counter.statsName() + "_total";
            assertThat(before.body()).contains("# TYPE " + name + " counter");
            assertThat(value(before.body(), name)).as(name).isEqualTo(server.security().stats().get(counter));
        }
        assertThat(value(before.body(), "ztsdb_limit_max_connections")).isEqualTo(77);
        assertThat(value(before.body(), "ztsdb_limit_idle_timeout_seconds")).isEqualTo(90.5);
        assertThat(value(before.body(), "ztsdb_limit_max_concurrent_queries")).isEqualTo(5);
        assertThat(value(before.body(), "ztsdb_limit_max_series")).isEqualTo(12_345);
        assertThat(value(before.body(), "ztsdb_auth_enabled")).isEqualTo(1);
        final double unauthenticated = value(before.body(), "ztsdb_security_http_unauthenticated_total");
        assertThat(unauthenticated).isPositive();

        assertThat(get("/series", TokenHash.generateToken()).statusCode()).isEqualTo(401);
        assertThat(get("/series", "").statusCode()).isEqualTo(401);
        final String after = get("/metrics", READER).body();
        assertThat(value(after, "ztsdb_security_http_unauthenticated_total")).isEqualTo(unauthenticated + 2);
    }

    @Test
    void shouldPassPrometheusOwnLinter() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(PROMTOOL)), "the Debian prometheus package (promtool) is not installed "
            + "(scripts/ensure-toolchain.sh installs it)");
        final String exposition = get("/metrics", READER).body();
        final Process promtool = new ProcessBuilder(PROMTOOL, "check", "metrics").redirectErrorStream(true).start();
        promtool.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
        promtool.getOutputStream().close();
        final String out = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(promtool.exitValue()).as("promtool check metrics: " + out).isZero();
        assertThat(out).as("lint findings").isBlank();
    }
}
