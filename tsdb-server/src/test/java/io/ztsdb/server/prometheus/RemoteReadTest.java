// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Remote read with a real Prometheus: an empty Prometheus configured with ztsdb as its {@code remote_read}
 * endpoint answers PromQL over ztsdb's data; its answers must equal ztsdb's own.
 */
class RemoteReadTest {
    private static final long T0 = OracleDataset.T0;
    private static final List<String> QUERIES = List.of("container_cpu_usage",
        "rate(container_cpu_usage{container_name=\"web\"}[5m])", "sum by (job) (rate(http_requests_total[5m]))",
        "batch_job_last_success",
        "histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))",
        "node_memory_bytes offset 10m", "max_over_time(temperature_celsius[10m])");

    @TempDir
    static Path dir;
    private static ServerRuntime ztsdb;
    private static PrometheusProcess prometheus;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(PrometheusProcess.installed(), "the Debian prometheus package is not installed " +
            "(scripts/ensure-toolchain.sh installs it)");
        ztsdb = ServerRuntime.start(new ServerConfig().port(0).webPort(0).bindAddress("127.0.0.1")
            .dataDir(dir.resolve("ztsdb")).walSync("none"));
        OracleDataset.generate(3).loadInto(ztsdb.tsdb());
        Files.createDirectories(dir.resolve("prometheus"));
        prometheus = PrometheusProcess.start(dir.resolve("prometheus"), "remote_read:\n  - url: http://127.0.0.1:" +
            ztsdb.httpPort() + "/api/v1/read\n    read_recent: true\n");
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (ztsdb != null) {
            ztsdb.close();
        }
    }

    @Test
    void shouldLetPrometheusQueryZtsdbThroughRemoteRead() throws Exception {
        final String ztsdbUrl = "http://127.0.0.1:" + ztsdb.httpPort();
        int withData = 0;
        for (final String query : QUERIES) {
            final String instant = "query=" + PrometheusOracleTest.encode(query) + "&time=" + (T0 / 1000 + 3000);
            final String range = "query=" + PrometheusOracleTest.encode(query) + "&start=" + (T0 / 1000 + 600) +
                "&end=" + (T0 / 1000 + 6600) + "&step=60";
            for (final String[] request : new String[][] {{"/api/v1/query", instant}, {"/api/v1/query_range", range}}) {
                final JsonNode viaPrometheus = PrometheusOracleTest.post(prometheus.url(request[0]), request[1]);
                final JsonNode direct = PrometheusOracleTest.post(ztsdbUrl + request[0], request[1]);
                assertThat(viaPrometheus.has("warnings")).as(viaPrometheus.toString()).isFalse();
                assertThat(ResultComparator.compare(viaPrometheus, direct, false)).as(query).isNull();
                withData += viaPrometheus.path("data").path("result").size() > 0 ? 1 : 0;
            }
        }
        assertThat(withData).isEqualTo(QUERIES.size() * 2);
    }

    @Test
    void shouldAnswerMalformedRequestsWith400() throws Exception {
        final HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + ztsdb.httpPort() + "/api/v1/read"))
            .header("Content-Encoding", "snappy").header("Content-Type", "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xff, 1, 2, 3})).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("snappy");
    }
}
