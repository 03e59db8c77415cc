// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;
import io.ztsdb.server.security.SecurityCounter;
import io.ztsdb.server.security.TestCertificates;
import io.ztsdb.server.security.TokenHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real Prometheus as the client of a ztsdb with tokens and TLS: it scrapes {@code /metrics} over HTTPS with a read
 * token ({@code authorization} and {@code tls_config} as operators write them), is refused with a wrong token (401)
 * and without trusting ztsdb's CA (certificate error), and queries ztsdb's data through {@code remote_read} with the
 * same token and CA, getting what ztsdb answers directly.
 */
class PrometheusAuthTlsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String READER = TokenHash.generateToken();
    private static final String WRITER = TokenHash.generateToken();
    private static final String QUERY = "sum by (job) (rate(http_requests_total[5m]))";

    @TempDir
    static Path dir;
    private static ServerRuntime ztsdb;
    private static PrometheusProcess prometheus;
    private static HttpClient trusting;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(PrometheusProcess.installed(), "the Debian prometheus package is not installed "
            + "(scripts/ensure-toolchain.sh installs it)");
        final TestCertificates authority = TestCertificates.newCa("ztsdb test CA");
        final Path ca = authority.write(dir, "ca");
        final Path cert = authority.issue("localhost").write(dir, "server");
        final Path tokens = Files.writeString(dir.resolve("tokens"), "prometheus read "
            + TokenHash.format(TokenHash.sha256(READER)) + "\ningest write "
            + TokenHash.format(TokenHash.sha256(WRITER)) + "\n");
        final ServerConfig config = new ServerConfig().port(0).webPort(0).bindAddress("127.0.0.1")
            .dataDir(dir.resolve("ztsdb")).walSync("none");
        config.security().tls(cert, TestCertificates.keyFile(dir, "server"), null).authFile(tokens);
        ztsdb = ServerRuntime.start(config);
        OracleDataset.generate(5).loadInto(ztsdb.tsdb());
        trusting = trustingClient(authority);

        final String target = "127.0.0.1:" + ztsdb.httpPort();
        final String yaml = "scrape_configs:\n"
            + job("ztsdb", target, "    authorization:\n      credentials: " + READER + "\n    tls_config:\n"
                + "      ca_file: " + ca + "\n")
            + job("ztsdb-wrong-token", target, "    authorization:\n      credentials: "
                + TokenHash.generateToken() + "\n    tls_config:\n      ca_file: " + ca + "\n")
            + job("ztsdb-write-token", target, "    authorization:\n      credentials: " + WRITER + "\n"
                + "    tls_config:\n      ca_file: " + ca + "\n")
            + job("ztsdb-untrusted", target, "    authorization:\n      credentials: " + READER + "\n")
            + "remote_read:\n  - url: https://" + target + "/api/v1/read\n    read_recent: true\n"
            + "    authorization:\n      credentials: " + READER + "\n    tls_config:\n      ca_file: " + ca + "\n";
        Files.createDirectories(dir.resolve("prometheus"));
        prometheus = PrometheusProcess.start(dir.resolve("prometheus"), yaml);
    }

    private static String job(final String name, final String target, final String clientConfig) {
        return "  - job_name: " + name + "\n    scrape_interval: 2s\n    scrape_timeout: 2s\n    scheme: https\n"
            + "    metrics_path: /metrics\n" + clientConfig + "    static_configs:\n      - targets: ['" + target
            + "']\n";
    }

    private static HttpClient trustingClient(final TestCertificates authority) throws Exception {
        final KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("ca", authority.certificate());
        final TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        final SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
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

    /** @return each job's target health and last error, once every job has been scraped and the first one is up. */
    private static Map<String, String[]> targets() throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            final JsonNode active = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(prometheus.url("/api/v1/targets"))).build(), HttpResponse.BodyHandlers.ofString()).body())
                .path("data").path("activeTargets");
            final Map<String, String[]> health = new HashMap<>();
            for (final JsonNode t : active) {
                if (!"unknown".equals(t.path("health").asText())) {
                    health.put(t.path("labels").path("job").asText(), new String[] {t.path("health").asText(),
                        t.path("lastError").asText()});
                }
            }
            // A first scrape may time out on a loaded machine (TLS warm-up): the next one must succeed.
            final boolean served = health.containsKey("ztsdb") && "up".equals(health.get("ztsdb")[0]);
            if (health.size() == 4 && served || System.nanoTime() > deadline) {
                return health;
            }
            Thread.sleep(200);
        }
    }

    @Test
    void shouldBeScrapedWithTheReadTokenOverTlsAndRefuseTheOthers() throws Exception {
        final Map<String, String[]> targets = targets();
        assertThat(targets).containsOnlyKeys("ztsdb", "ztsdb-wrong-token", "ztsdb-write-token", "ztsdb-untrusted");
        assertThat(targets.get("ztsdb")).as("read token, CA trusted").containsExactly("up", "");
        assertThat(targets.get("ztsdb-wrong-token")[0]).isEqualTo("down");
        assertThat(targets.get("ztsdb-wrong-token")[1]).contains("401");
        assertThat(targets.get("ztsdb-write-token")[0]).isEqualTo("down");
        assertThat(targets.get("ztsdb-write-token")[1]).contains("403");
        assertThat(targets.get("ztsdb-untrusted")[0]).isEqualTo("down");
        assertThat(targets.get("ztsdb-untrusted")[1]).contains("certificate");
        assertThat(ztsdb.security().stats().get(SecurityCounter.HTTP_UNAUTHENTICATED)).isPositive();
        assertThat(ztsdb.security().stats().get(SecurityCounter.HTTP_FORBIDDEN)).isPositive();
        assertThat(ztsdb.security().stats().get(SecurityCounter.TLS_HANDSHAKE_FAILURES)).isPositive();
    }

    @Test
    void shouldAnswerPrometheusRemoteReadWithTheTokenOverTls() throws Exception {
        final String form = "query=" + PrometheusOracleTest.encode(QUERY) + "&time="
            + (OracleDataset.T0 / 1000 + 3000);
        final JsonNode viaPrometheus = PrometheusOracleTest.post(prometheus.url("/api/v1/query"), form);
        assertThat(viaPrometheus.has("warnings")).as(viaPrometheus.toString()).isFalse();
        final HttpResponse<String> direct = trusting.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
            + ztsdb.httpPort() + "/api/v1/query")).header("Authorization", "Bearer " + READER)
            .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(direct.statusCode()).as(direct.body()).isEqualTo(200);
        assertThat(viaPrometheus.path("data").path("result").size()).as(viaPrometheus.toString()).isPositive();
        assertThat(ResultComparator.compare(viaPrometheus, JSON.readTree(direct.body()), false)).isNull();
        final HttpResponse<String> noToken = trusting.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
            + ztsdb.httpPort() + "/api/v1/query?query=up")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.body()).contains("\"status\":\"error\"").contains("\"errorType\":\"unauthorized\"");
    }
}
