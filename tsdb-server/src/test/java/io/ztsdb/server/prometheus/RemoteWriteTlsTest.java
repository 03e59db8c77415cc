// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.prometheus;

import io.ztsdb.core.promql.LabelSet;
import io.ztsdb.core.promql.PromqlEngine;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;
import io.ztsdb.server.security.SecurityCounter;
import io.ztsdb.server.security.TestCertificates;
import io.ztsdb.server.security.TokenHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real Prometheus (Debian 2.42) remote-writing to a ztsdb that serves HTTPS with client certificates
 * ({@code --tls-client-ca}) and tokens: four {@code remote_write} queues, each marking its samples with a label.
 * With ztsdb's CA, its client certificate and a write token, samples arrive; with a foreign CA Prometheus logs a
 * certificate error; with a read-only token it logs the 403; without a client certificate the handshake fails; none of
 * those three writes anything.
 */
class RemoteWriteTlsTest {
    private static final String WRITER = TokenHash.generateToken();
    private static final String READER = TokenHash.generateToken();

    @TempDir
    static Path dir;
    private static ServerRuntime ztsdb;
    private static PrometheusProcess prometheus;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(PrometheusProcess.installed(), "the Debian prometheus package is not installed "
            + "(scripts/ensure-toolchain.sh installs it)");
        final TestCertificates authority = TestCertificates.newCa("ztsdb test CA");
        final Path ca = authority.write(dir, "ca");
        final Path foreignCa = TestCertificates.newCa("another CA").write(dir, "foreign-ca");
        final Path cert = authority.issue("localhost").write(dir, "server");
        final Path clientCert = authority.issue("prometheus").write(dir, "client");
        final Path tokens = Files.writeString(dir.resolve("tokens"), "prometheus write "
            + TokenHash.format(TokenHash.sha256(WRITER)) + "\ngrafana read "
            + TokenHash.format(TokenHash.sha256(READER)) + "\n");
        final ServerConfig config = new ServerConfig().port(0).webPort(0).bindAddress("127.0.0.1")
            .dataDir(dir.resolve("ztsdb")).walSync("none");
        config.security().tls(cert, TestCertificates.keyFile(dir, "server"), ca).authFile(tokens);
        ztsdb = ServerRuntime.start(config);

        final String url = "https://127.0.0.1:" + ztsdb.httpPort() + "/api/v1/write";
        final String client = "cert_file: " + clientCert + ", key_file: " + TestCertificates.keyFile(dir, "client");
        Files.createDirectories(dir.resolve("prometheus"));
        prometheus = PrometheusProcess.start(dir.resolve("prometheus"), port -> "global:\n  scrape_interval: 1s\n"
            + "scrape_configs:\n  - job_name: prometheus\n    static_configs: [{targets: ['127.0.0.1:" + port + "']}]\n"
            + "remote_write:\n"
            + queue("good", url, WRITER, "{ca_file: " + ca + ", " + client + "}")
            + queue("wrong-ca", url, WRITER, "{ca_file: " + foreignCa + ", " + client + "}")
            + queue("read-token", url, READER, "{ca_file: " + ca + ", " + client + "}")
            + queue("no-client-cert", url, WRITER, "{ca_file: " + ca + "}"));
    }

    private static String queue(final String name, final String url, final String token, final String tls) {
        return "  - name: " + name + "\n    url: " + url + "\n    authorization: {credentials: " + token + "}\n"
            + "    tls_config: " + tls + "\n"
            + "    queue_config: {batch_send_deadline: 1s, max_shards: 1, min_backoff: 100ms, max_backoff: 1s}\n"
            + "    metadata_config: {send: false}\n"
            + "    write_relabel_configs: [{target_label: rw, replacement: " + name + "}]\n";
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

    private static List<LabelSet> written(final String queue) {
        return new PromqlEngine(ztsdb.tsdb()).series(List.of("{rw=\"" + queue + "\"}"), 0, Long.MAX_VALUE, 0);
    }

    private static String log() throws IOException {
        return Files.readString(dir.resolve("prometheus").resolve("prometheus.log"));
    }

    @Test
    void shouldTakeSamplesOnlyFromTheQueueWithTheCaTheClientCertificateAndAWriteToken() throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && (written("good").isEmpty()
            || !log().contains("certificate signed by unknown authority") || !log().contains("403"))) {
            Thread.sleep(250);
        }
        assertThat(written("good")).as("series written by the good queue").isNotEmpty()
            .allSatisfy(labels -> assertThat(labels.get("job")).isEqualTo("prometheus"));
        assertThat(log()).as("Prometheus' log").contains("certificate signed by unknown authority").contains("403");
        assertThat(written("wrong-ca")).isEmpty();
        assertThat(written("read-token")).isEmpty();
        assertThat(written("no-client-cert")).isEmpty();
        assertThat(ztsdb.security().stats().get(SecurityCounter.HTTP_FORBIDDEN)).isPositive();
        assertThat(ztsdb.security().stats().get(SecurityCounter.TLS_HANDSHAKE_FAILURES)).isPositive();
        assertThat(ztsdb.security().stats().get(SecurityCounter.HTTP_UNAUTHENTICATED)).isZero();
    }
}
