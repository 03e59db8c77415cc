// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.remotewrite;

import com.fasterxml.jackson.databind.JsonNode;
import io.ztsdb.server.PeerProcess;
import io.ztsdb.server.TestHttp;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * vmagent (Debian {@code victoria-metrics}) scraping ztsdb's {@code /metrics} every second and remote-writing to
 * ztsdb: the scraped series arrive under their names and labels, queryable by PromQL, and the values vmagent read
 * are the ones ztsdb served.
 */
class VmagentRemoteWriteTest {
    private static final String VMAGENT = "/usr/bin/vmagent";

    @TempDir
    static Path dir;
    private static ServerRuntime ztsdb;
    private static PeerProcess vmagent;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(VMAGENT)), "the Debian victoria-metrics package (vmagent) is not "
            + "installed (scripts/ensure-toolchain.sh installs it)");
        ztsdb = ServerRuntime.start(new ServerConfig().port(0).webPort(0).bindAddress("127.0.0.1")
            .dataDir(dir.resolve("ztsdb")));
        final Path config = dir.resolve("scrape.yml");
        Files.writeString(config, """
            global:
              scrape_interval: 1s
              scrape_timeout: 5s
            scrape_configs:
              - job_name: ztsdb
                static_configs: [{targets: ['127.0.0.1:%d']}]
            """.formatted(ztsdb.httpPort()));
        final int port = PeerProcess.freePort();
        vmagent = PeerProcess.start(List.of(VMAGENT, "-httpListenAddr=127.0.0.1:" + port,
            "-promscrape.config=" + config, "-remoteWrite.url=http://127.0.0.1:" + ztsdb.httpPort() + "/api/v1/write",
            "-remoteWrite.tmpDataPath=" + dir.resolve("vmagent"), "-remoteWrite.flushInterval=500ms",
            "-loggerLevel=WARN"), dir.resolve("vmagent.log"), "http://127.0.0.1:" + port + "/health");
    }

    @AfterAll
    static void stop() {
        if (vmagent != null) {
            vmagent.close();
        }
        if (ztsdb != null) {
            ztsdb.close();
        }
    }

    @Test
    void shouldStoreWhatVmagentScrapedAndSent() throws Exception {
        JsonNode up = null;
        for (int attempt = 0; attempt < 60; attempt++) {
            up = TestHttp.getJson(url("/api/v1/query?query=" + TestHttp.encode("up{job=\"ztsdb\"}")));
            if ("1".equals(up.at("/data/result/0/value/1").asText())) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(up.at("/data/result/0/value/1").asText()).as(vmagent.log()).isEqualTo("1");
        // Series vmagent scraped from ztsdb itself, with vmagent's job and instance labels.
        final JsonNode ingested = TestHttp.getJson(url("/api/v1/query?query=" + TestHttp.encode(
            "ztsdb_ingest_points_total{job=\"ztsdb\",protocol=\"remote_write\"}")));
        assertThat(ingested.at("/data/result/0/metric/instance").asText()).isEqualTo("127.0.0.1:"
            + ztsdb.httpPort());
        final JsonNode histogram = TestHttp.getJson(url("/api/v1/query?query=" + TestHttp.encode(
            "count(ztsdb_wal_fsync_duration_seconds_bucket{job=\"ztsdb\"})")));
        assertThat(histogram.at("/data/result/0/value/1").asInt()).isEqualTo(15);
        // A later scrape shows the points of the earlier ones: ztsdb's counters went through vmagent and back.
        double points = 0;
        for (int attempt = 0; attempt < 60 && points == 0; attempt++) {
            Thread.sleep(500);
            points = TestHttp.getJson(url("/api/v1/query?query=" + TestHttp.encode(
                "max(ztsdb_ingest_points_total{job=\"ztsdb\",protocol=\"remote_write\"})")))
                .at("/data/result/0/value/1").asDouble();
        }
        assertThat(points).isPositive();
        assertThat(ztsdb.stats().remoteWriteIngest().seriesCreated()).isGreaterThan(50);
    }

    private static String url(final String path) {
        return "http://127.0.0.1:" + ztsdb.httpPort() + path;
    }
}
