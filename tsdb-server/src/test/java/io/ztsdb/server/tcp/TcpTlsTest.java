// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.tcp;

import io.ztsdb.client.ConnectionLostException;
import io.ztsdb.client.TsdbClient;
import io.ztsdb.client.TsdbClientBuilder;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;
import io.ztsdb.server.security.SecurityCounter;
import io.ztsdb.server.security.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The binary protocol over TLS with real certificates (made by {@link TestCertificates}), client certificates
 * required: the Java client trusts the CA by PEM, plaintext is refused, an expired or foreign certificate on either
 * side is refused, and a replaced server certificate is used for new connections without a restart.
 */
class TcpTlsTest {
    @TempDir
    static Path dir;
    private static TestCertificates ca;
    private static TestCertificates otherCa;
    private static Path caFile;
    private static Path serverCert;
    private static ServerRuntime server;

    @BeforeAll
    static void start() {
        ca = TestCertificates.newCa("ztsdb test CA");
        otherCa = TestCertificates.newCa("someone else's CA");
        caFile = ca.write(dir, "ca");
        otherCa.write(dir, "other-ca");
        serverCert = ca.issue("localhost").write(dir, "server");
        ca.issue("client-1").write(dir, "client");
        ca.issueExpired("client-2").write(dir, "client-expired");
        otherCa.issue("client-3").write(dir, "client-foreign");
        final ServerConfig config = new ServerConfig();
        config.security().tls(serverCert, TestCertificates.keyFile(dir, "server"), caFile).reloadIntervalMillis(20);
        server = TestServer.start(config, dir.resolve("data"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static TsdbClientBuilder client(final Path trustedCa, final String clientPrefix) {
        final TsdbClientBuilder builder = TsdbClient.builder().port(server.tcpPort()).trustedCertificates(trustedCa)
            .connectTimeout(Duration.ofSeconds(10)).reconnectAttempts(1);
        return clientPrefix == null ? builder : builder.clientCertificate(dir.resolve(clientPrefix + ".crt"),
            TestCertificates.keyFile(dir, clientPrefix));
    }

    @Test
    void shouldRoundTripOverTls() {
        try (TsdbClient client = client(caFile, "client").build()) {
            client.connect();
            assertThat(client.insert(1, 1000, 1.5).accepted()).isEqualTo(1);
            final io.ztsdb.client.WriteBatch batch = new io.ztsdb.client.WriteBatch(20_000);
            for (int i = 0; i < 20_000; i++) {
                batch.add(1, 2000 + i, i);
            }
            assertThat(client.insertBatch(batch).accepted()).as("a batch of many TLS records").isEqualTo(20_000);
            assertThat(client.query(1, 0, Long.MAX_VALUE).size()).isEqualTo(20_001);
            assertThat(client.ping()).isNotNegative();
        }
    }

    @Test
    void shouldTrustTheCaThroughAPkcs12TrustStore() throws Exception {
        final java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ztsdb-ca", ca.certificate());
        final Path file = dir.resolve("truststore.p12");
        final char[] password = "changeit".toCharArray();
        try (java.io.OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
        try (TsdbClient client = TsdbClient.builder().port(server.tcpPort()).trustStore(file, password)
            .clientCertificate(dir.resolve("client.crt"), TestCertificates.keyFile(dir, "client")).build()) {
            client.connect();
            assertThat(client.insert(5, 1000, 1.0).accepted()).isEqualTo(1);
        }
    }

    @Test
    void shouldRefusePlaintextOnTheTlsPortCleanly() throws Exception {
        final long before = server.security().stats().get(SecurityCounter.TLS_HANDSHAKE_FAILURES);
        try (RawConnection plain = new RawConnection(server.tcpPort())) {
            plain.send(RawConnection.frames(e -> e.insert(2, 1000, 1.0)));
            assertThat(plain.closedByServer()).as("closed without an answer").isTrue();
        }
        try (TsdbClient client = TsdbClient.builder().port(server.tcpPort()).reconnectAttempts(1).build()) {
            client.connect();
            assertThatThrownBy(() -> client.insert(2, 1000, 1.0)).isInstanceOf(ConnectionLostException.class);
        }
        awaitCounter(SecurityCounter.TLS_HANDSHAKE_FAILURES, before + 2);
        assertThat(TestServer.countPoints(server, 2)).isZero();
        try (TsdbClient client = client(caFile, "client").build()) {
            client.connect();
            assertThat(client.ping()).as("the server goes on serving").isNotNegative();
        }
    }

    @Test
    void shouldRefuseAServerCertificateOfAnotherCa() {
        try (TsdbClient client = client(dir.resolve("other-ca.crt"), "client").build()) {
            assertThatThrownBy(client::connect).isInstanceOf(ConnectionLostException.class)
                .hasMessageContaining("TLS handshake");
        }
    }

    @Test
    void shouldRefuseMissingExpiredAndForeignClientCertificates() throws InterruptedException {
        for (final String prefix : new String[] {null, "client-expired", "client-foreign"}) {
            final long before = server.security().stats().get(SecurityCounter.TLS_HANDSHAKE_FAILURES);
            try (TsdbClient client = client(caFile, prefix).build()) {
                // TLS 1.3: the server refuses the client's certificate after the client finished its part of the
                // handshake, so the refusal may surface on the first request instead of connect().
                assertThatThrownBy(() -> {
                    client.connect();
                    client.insert(3, 1000, 1.0);
                }).as("client certificate %s", prefix).isInstanceOf(ConnectionLostException.class);
            }
            awaitCounter(SecurityCounter.TLS_HANDSHAKE_FAILURES, before + 1);
        }
        assertThat(TestServer.countPoints(server, 3)).isZero();
    }

    @Test
    void shouldRefuseAnExpiredServerCertificate() throws Exception {
        final Path expiredDir = Files.createDirectories(dir.resolve("expired"));
        final Path cert = ca.issueExpired("localhost").write(expiredDir, "server");
        final ServerConfig config = new ServerConfig();
        config.security().tls(cert, TestCertificates.keyFile(expiredDir, "server"), null);
        try (ServerRuntime expired = TestServer.start(config, expiredDir.resolve("data"));
             TsdbClient client = TsdbClient.builder().port(expired.tcpPort()).trustedCertificates(caFile)
                 .reconnectAttempts(1).build()) {
            assertThatThrownBy(client::connect).isInstanceOf(ConnectionLostException.class)
                .hasMessageContaining("TLS handshake");
        }
    }

    @Test
    void shouldServeAReplacedCertificateToNewConnections() throws Exception {
        final TestCertificates newCa = TestCertificates.newCa("rotated CA");
        final Path newCaFile = newCa.write(dir, "rotated-ca");
        final long before = server.security().stats().get(SecurityCounter.CERTIFICATE_RELOADS);
        try (TsdbClient old = client(caFile, "client").build()) {
            old.connect();
            final Path staged = Files.createDirectories(dir.resolve("staged"));
            newCa.issue("localhost").write(staged, "server");
            // Key first, then certificate, each renamed over the old one as a certificate manager does.
            Files.move(TestCertificates.keyFile(staged, "server"), TestCertificates.keyFile(dir, "server"),
                StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.move(staged.resolve("server.crt"), serverCert, StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
            awaitServedBy(newCaFile);
            assertThat(server.security().stats().get(SecurityCounter.CERTIFICATE_RELOADS)).isGreaterThan(before);
            assertThat(old.insert(4, 2000, 1.0).accepted()).as("open connections stay").isEqualTo(1);
        } finally {
            ca.issue("localhost").write(dir, "server");
            awaitServedBy(caFile);
        }
    }

    @Test
    void shouldKeepTheCertificateInForceWhenTheNewFilesAreInvalid() throws Exception {
        final long failures = server.security().stats().get(SecurityCounter.CERTIFICATE_RELOAD_FAILURES);
        final Path staged = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(staged.resolve("server.crt"), "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n"
            + "-----END CERTIFICATE-----\n");
        try {
            Files.move(staged.resolve("server.crt"), serverCert, StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
            awaitCounter(SecurityCounter.CERTIFICATE_RELOAD_FAILURES, failures + 1);
            awaitServedBy(caFile);
        } finally {
            ca.issue("localhost").write(dir, "server");
            awaitServedBy(caFile);
        }
    }

    private static void awaitServedBy(final Path trustedCa) throws InterruptedException {
        final long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            try (TsdbClient client = client(trustedCa, "client").build()) {
                client.connect();
                client.ping();
                return;
            } catch (final ConnectionLostException ex) {
                assertThat(System.nanoTime()).as("certificate of %s served: %s", trustedCa, ex).isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }

    private static void awaitCounter(final SecurityCounter counter, final long atLeast) throws InterruptedException {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (server.security().stats().get(counter) < atLeast) {
            assertThat(System.nanoTime()).as("%s reaches %d", counter, atLeast).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
