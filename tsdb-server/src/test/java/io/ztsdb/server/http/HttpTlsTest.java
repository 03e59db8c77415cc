// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** HTTP over TLS with curl, the real client: CA-verified handshake, plaintext and untrusted servers refused. */
class HttpTlsTest {
    private static final String TOKEN = TokenHash.generateToken();

    @TempDir
    static Path dir;
    private static ServerRuntime server;
    private static Path ca;

    @BeforeAll
    static void start() throws IOException {
        final TestCertificates authority = TestCertificates.newCa("ztsdb test CA");
        ca = authority.write(dir, "ca");
        final Path cert = authority.issue("localhost").write(dir, "server");
        final Path tokens = Files.writeString(dir.resolve("tokens"), "grafana read "
            + TokenHash.format(TokenHash.sha256(TOKEN)) + "\n");
        final ServerConfig config = new ServerConfig().port(0).webPort(0).bindAddress("127.0.0.1")
            .dataDir(dir.resolve("data"));
        config.security().tls(cert, TestCertificates.keyFile(dir, "server"), null).authFile(tokens);
        server = ServerRuntime.start(config);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Runs curl; returns its exit code, then the HTTP status (or 000) and the body. */
    private static String[] curl(final String... args) throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10", "-o", "-",
            "-w", "\n%{http_code}"));
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        final int newline = out.lastIndexOf('\n');
        return new String[] {Integer.toString(process.exitValue()), out.substring(newline + 1),
            newline < 0 ? "" : out.substring(0, newline)};
    }

    private static String url(final String scheme, final String path) {
        return scheme + "://127.0.0.1:" + server.httpPort() + path;
    }

    @Test
    void shouldHandshakeWithCurlTrustingTheCa() throws Exception {
        final String[] health = curl("--cacert", ca.toString(), url("https", "/healthz"));
        assertThat(health[0]).as(health[2]).isEqualTo("0");
        assertThat(health[1]).isEqualTo("200");
        final String[] stats = curl("--cacert", ca.toString(), "-H", "Authorization: Bearer " + TOKEN,
            url("https", "/stats"));
        assertThat(stats[1]).as(stats[2]).isEqualTo("200");
        assertThat(stats[2]).contains("\"security\"");
        assertThat(curl("--cacert", ca.toString(), "-u", "grafana:" + TOKEN, url("https", "/series"))[1])
            .isEqualTo("200");
        assertThat(curl("--cacert", ca.toString(), url("https", "/stats"))[1]).isEqualTo("401");
    }

    @Test
    void shouldRefuseAnUntrustedServerAndPlaintext() throws Exception {
        final long failuresBefore = server.security().stats().get(SecurityCounter.TLS_HANDSHAKE_FAILURES);
        final String[] untrusted = curl(url("https", "/healthz"));
        assertThat(untrusted[0]).as("curl: certificate not trusted (60)").isEqualTo("60");
        final String[] plaintext = curl(url("http", "/healthz"));
        assertThat(plaintext[0]).as("curl over plaintext: %s", plaintext[2]).isNotEqualTo("0");
        assertThat(plaintext[1]).isEqualTo("000");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.security().stats().get(SecurityCounter.TLS_HANDSHAKE_FAILURES) < failuresBefore + 2
            && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.security().stats().get(SecurityCounter.TLS_HANDSHAKE_FAILURES)).as("both counted")
            .isEqualTo(failuresBefore + 2);
        assertThat(curl("--cacert", ca.toString(), url("https", "/healthz"))[1]).as("still serving")
            .isEqualTo("200");
    }
}
