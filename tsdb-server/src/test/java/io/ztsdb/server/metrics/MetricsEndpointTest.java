// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.metrics;

import io.ztsdb.client.TsdbClient;
import io.ztsdb.server.TestHttp;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code GET /metrics} after traffic on every protocol: the families the issue lists are there with values that
 * follow the traffic, OpenMetrics is served when asked for, and {@code promtool check metrics} (Prometheus' own
 * linter) accepts the text format.
 */
class MetricsEndpointTest {
    private static final String PROMTOOL = "/usr/bin/promtool";

    @TempDir
    static Path dir;
    private static ServerRuntime server;

    @BeforeAll
    static void start() throws Exception {
        server = ServerRuntime.start(new ServerConfig().port(0).webPort(0).bindAddress("127.0.0.1")
            .dataDir(dir.resolve("data")));
        try (TsdbClient client = TsdbClient.builder().host("127.0.0.1").port(server.tcpPort()).build()) {
            client.connect();
            client.insert(1, 1_700_000_000_000L, 1.0);
        }
        final HttpResponse<String> line = TestHttp.post(url("/write?db=x&precision=s"),
            "cpu,host=a usage=1.5,idle=3i 1700000000\n".getBytes(StandardCharsets.UTF_8));
        assertThat(line.statusCode()).as(line.body()).isEqualTo(204);
        TestHttp.get(url("/api/v1/query?query=up"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String url(final String path) {
        return "http://127.0.0.1:" + server.httpPort() + path;
    }

    @Test
    void shouldServeTheServersMetricsInTheTextFormat() throws Exception {
        final HttpResponse<String> response = TestHttp.get(url("/metrics"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
        assertThat(response.body()).contains("ztsdb_ingest_points_total{protocol=\"binary\"} 1.0",
            "ztsdb_ingest_points_total{protocol=\"influx_line\"} 2.0", "ztsdb_series 3",
            "ztsdb_wal_fsync_duration_seconds_bucket{le=\"0.001\"}", "ztsdb_wal_group_commit_records_count",
            "ztsdb_head_memory_bytes", "ztsdb_blocks 0", "ztsdb_persisted_points_total",
            "ztsdb_http_request_duration_seconds_count{endpoint=\"/api/v1/query\"} 1",
            "ztsdb_http_requests_total{code=\"204\",endpoint=\"/write\"} 1", "ztsdb_tcp_connections 0",
            "ztsdb_tcp_connections_accepted_total 1", "jvm_memory_used_bytes{area=\"heap\"}",
            "jvm_gc_collection_seconds_count", "ztsdb_ingest_series_created_total{protocol=\"influx_line\"} 2");
    }

    @Test
    void shouldServeOpenMetricsWhenAsked() throws Exception {
        final HttpResponse<String> response = TestHttp.get(url("/metrics"), "Accept",
            "application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(response.headers().firstValue("Content-Type").orElseThrow())
            .startsWith("application/openmetrics-text");
        assertThat(response.body()).contains("# TYPE ztsdb_ingest_points counter").endsWith("# EOF\n");
    }

    @Test
    void shouldPassPromtoolCheckMetrics() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(PROMTOOL)), "the Debian prometheus package (promtool) is not "
            + "installed (scripts/ensure-toolchain.sh installs it)");
        final Path scrape = dir.resolve("metrics.txt");
        Files.writeString(scrape, TestHttp.get(url("/metrics")).body());
        final Process promtool = new ProcessBuilder(PROMTOOL, "check", "metrics").redirectInput(scrape.toFile())
            .redirectErrorStream(true).start();
        final boolean exited = promtool.waitFor(30, TimeUnit.SECONDS);
        final String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(exited).isTrue();
        assertThat(output).isEmpty();
        assertThat(promtool.exitValue()).isZero();
    }
}
