// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import io.ztsdb.server.TestHttp;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real Prometheus scraping itself and ztsdb's {@code /metrics} every second, with ztsdb as its {@code remote_write}
 * target (WAL fsync on): after a few seconds, PromQL answers from Prometheus' own storage and from ztsdb's are the
 * same (series counts per job, {@code up}), raw samples bit-exact, and the metadata Prometheus sent is served.
 */
class RemoteWriteFromPrometheusTest {
    private static final List<String> SAME_ANSWER = List.of("count by (job) ({__name__=~\".+\"})", "up",
        "count({__name__=~\"prometheus_tsdb_.*\"})", "sum by (job) (scrape_samples_scraped)");
    private static final List<String> RAW_SAMPLES = List.of("up[20s]", "prometheus_tsdb_head_series[20s]",
        "go_memstats_alloc_bytes{job=\"prometheus\"}[20s]", "ztsdb_series[20s]", "scrape_duration_seconds[20s]",
        "ztsdb_wal_fsync_duration_seconds_count[20s]");

    @TempDir
    static Path dir;
    private static ServerRuntime ztsdb;
    private static PrometheusProcess prometheus;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(PrometheusProcess.installed(), "the Debian prometheus package is not installed "
            + "(scripts/ensure-toolchain.sh installs it)");
        ztsdb = ServerRuntime.start(new ServerConfig().port(0).webPort(0).bindAddress("127.0.0.1")
            .dataDir(dir.resolve("ztsdb")));
        Files.createDirectories(dir.resolve("prometheus"));
        final int ztsdbPort = ztsdb.httpPort();
        prometheus = PrometheusProcess.start(dir.resolve("prometheus"), port -> """
            global:
              scrape_interval: 1s
              evaluation_interval: 1m
            scrape_configs:
              - job_name: prometheus
                static_configs: [{targets: ['127.0.0.1:%d']}]
              - job_name: ztsdb
                static_configs: [{targets: ['127.0.0.1:%d']}]
            remote_write:
              - url: http://127.0.0.1:%d/api/v1/write
                queue_config: {batch_send_deadline: 1s, max_shards: 2, min_backoff: 100ms}
                metadata_config: {send_interval: 2s}
            """.formatted(port, ztsdbPort, ztsdbPort));
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
    void shouldAnswerLikePrometheusOverWhatPrometheusRemoteWrote() throws Exception {
        Thread.sleep(8_000);
        String difference = "not compared";
        for (int attempt = 0; attempt < 15 && difference != null; attempt++) {
            // A time both have complete: remote write sends within its 1 s deadline.
            final long time = System.currentTimeMillis() / 1000 - 4;
            difference = compareAll(time);
            if (difference != null) {
                Thread.sleep(1_000);
            }
        }
        assertThat(difference).as("first difference between Prometheus and ztsdb").isNull();
        final JsonNode metadata = TestHttp.getJson(ztsdbUrl("/api/v1/metadata?metric=prometheus_tsdb_head_series"));
        assertThat(metadata.at("/data/prometheus_tsdb_head_series/0/type").asText()).isEqualTo("gauge");
        final String metrics = TestHttp.get(ztsdbUrl("/metrics")).body();
        assertThat(metrics).containsPattern("ztsdb_ingest_points_total\\{protocol=\"remote_write\"} [1-9]");
    }

    private static String compareAll(final long time) throws Exception {
        for (final String query : SAME_ANSWER) {
            final String form = "query=" + TestHttp.encode(query) + "&time=" + time;
            final JsonNode expected = PrometheusOracleTest.post(prometheus.url("/api/v1/query"), form);
            final JsonNode actual = PrometheusOracleTest.post(ztsdbUrl("/api/v1/query"), form);
            if (expected.at("/data/result").isEmpty()) {
                return query + ": no result from Prometheus yet: " + expected;
            }
            final String difference = ResultComparator.compare(expected, actual, false);
            if (difference != null) {
                return query + ": " + difference;
            }
        }
        for (final String query : RAW_SAMPLES) {
            final String form = "query=" + TestHttp.encode(query) + "&time=" + time;
            final JsonNode expected = PrometheusOracleTest.post(prometheus.url("/api/v1/query"), form);
            final JsonNode actual = PrometheusOracleTest.post(ztsdbUrl("/api/v1/query"), form);
            if (expected.at("/data/result").isEmpty()) {
                return query + ": no result from Prometheus yet: " + expected;
            }
            if (!sorted(expected).equals(sorted(actual))) {
                return query + ": raw samples differ: prometheus=" + sorted(expected) + " ztsdb=" + sorted(actual);
            }
        }
        return null;
    }

    /** @return the series of a matrix as text, sorted by labels: values and timestamps exactly as served. */
    private static List<String> sorted(final JsonNode response) {
        final List<String> series = new ArrayList<>();
        response.at("/data/result").forEach(s -> series.add(s.get("metric").toString() + s.get("values")));
        series.sort(String::compareTo);
        return series;
    }

    private static String ztsdbUrl(final String path) {
        return "http://127.0.0.1:" + ztsdb.httpPort() + path;
    }
}
