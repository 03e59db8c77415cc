// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.tcp;

import io.ztsdb.client.ServerErrorException;
import io.ztsdb.client.TsdbClient;
import io.ztsdb.protocol.ErrorCode;
import io.ztsdb.protocol.MessageType;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;
import io.ztsdb.server.security.SecurityCounter;
import io.ztsdb.server.security.TokenHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The binary protocol on a server with {@code --auth-file}: no request but ping before a valid auth frame, each
 * request type needs its role, and a token removed from the file stops working on open connections.
 */
class TcpAuthTest {
    private static final String WRITER = TokenHash.generateToken();
    private static final String READER = TokenHash.generateToken();
    private static final String ADMIN = TokenHash.generateToken();
    private static final String REVOKED = TokenHash.generateToken();

    @TempDir
    static Path dir;
    private static ServerRuntime server;
    private static Path tokens;

    @BeforeAll
    static void start() throws IOException {
        tokens = dir.resolve("tokens");
        writeTokens(true);
        final ServerConfig config = new ServerConfig();
        config.security().authFile(tokens).reloadIntervalMillis(20);
        server = TestServer.start(config, dir.resolve("data"));
    }

    private static void writeTokens(final boolean withRevoked) throws IOException {
        final StringBuilder text = new StringBuilder("# test tokens\n");
        text.append("writer write ").append(TokenHash.format(TokenHash.sha256(WRITER))).append('\n');
        text.append("reader read ").append(TokenHash.format(TokenHash.sha256(READER))).append('\n');
        text.append("ops admin ").append(TokenHash.format(TokenHash.sha256(ADMIN))).append('\n');
        if (withRevoked) {
            text.append("old write ").append(TokenHash.format(TokenHash.sha256(REVOKED))).append('\n');
        }
        final Path tmp = dir.resolve("tokens.tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, tokens, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static byte[] auth(final String token) {
        return RawConnection.frames(e -> e.auth(token.getBytes(StandardCharsets.UTF_8)));
    }

    private static long counter(final SecurityCounter counter) {
        return server.security().stats().get(counter);
    }

    @Test
    void shouldRefuseEveryRequestBeforeAuthAndCloseTheConnection() throws Exception {
        final List<byte[]> requests = List.of(RawConnection.frames(e -> e.insert(1, 1000, 1.0)),
            RawConnection.frames(e -> {
                e.beginInsertBatch(1).point(0, 1, 1000, 1.0);
                e.endInsertBatch();
            }),
            RawConnection.frames(e -> e.query(1, 0, 10)),
            RawConnection.frames(e -> e.registerSeries("cpu", Map.of("host", "a"))));
        for (final byte[] request : requests) {
            final long before = counter(SecurityCounter.TCP_UNAUTHENTICATED);
            try (RawConnection connection = new RawConnection(server.tcpPort())) {
                connection.send(request);
                final RawConnection.Frame answer = connection.read();
                assertThat(answer.errorCode()).isEqualTo(ErrorCode.UNAUTHENTICATED.code());
                assertThat(answer.describe()).contains("authentication required").contains("--auth-file");
                assertThat(connection.closedByServer()).isTrue();
            }
            assertThat(counter(SecurityCounter.TCP_UNAUTHENTICATED)).isEqualTo(before + 1);
        }
        assertThat(TestServer.countPoints(server, 1)).isZero();
    }

    @Test
    void shouldNotBufferALargeFrameBeforeAuth() throws Exception {
        final int points = 10_000;
        final byte[] batch = RawConnection.frames(e -> {
            final io.ztsdb.protocol.PointsFlyweight flyweight = e.beginInsertBatch(points);
            for (int i = 0; i < points; i++) {
                flyweight.point(i, 6, i, i);
            }
            e.endInsertBatch();
        });
        try (RawConnection connection = new RawConnection(server.tcpPort())) {
            // The header alone is enough for the refusal: the payload is never buffered.
            connection.send(batch, 0, io.ztsdb.protocol.FrameDescriptor.HEADER_LENGTH);
            final RawConnection.Frame answer = connection.read();
            assertThat(answer.errorCode()).isEqualTo(ErrorCode.UNAUTHENTICATED.code());
            assertThat(answer.describe()).contains("before it frames are limited to 65539 bytes");
            assertThat(connection.closedByServer()).isTrue();
        }
        try (RawConnection connection = new RawConnection(server.tcpPort())) {
            connection.send(auth(WRITER));
            connection.send(batch);
            assertThat(connection.read().type()).isEqualTo(MessageType.OK);
            assertThat(connection.read().okAccepted()).as("the full limit after auth").isEqualTo(points);
        }
    }

    @Test
    void shouldAnswerPingWithoutAToken() throws Exception {
        try (RawConnection connection = new RawConnection(server.tcpPort())) {
            connection.send(RawConnection.frames(e -> e.ping()));
            assertThat(connection.read().type()).isEqualTo(MessageType.OK);
        }
    }

    @Test
    void shouldRefuseAnUnknownTokenWithoutQuotingIt() throws Exception {
        final String wrong = TokenHash.generateToken();
        for (final String token : List.of(wrong, WRITER.substring(0, WRITER.length() - 1), WRITER + "x", "")) {
            try (RawConnection connection = new RawConnection(server.tcpPort())) {
                connection.send(auth(token));
                connection.send(RawConnection.frames(e -> e.insert(2, 1000, 1.0)));
                final RawConnection.Frame answer = connection.read();
                assertThat(answer.errorCode()).isEqualTo(ErrorCode.UNAUTHENTICATED.code());
                assertThat(answer.describe()).contains("unknown token").doesNotContain(token.isEmpty() ? "\u0000"
                    : token);
                assertThat(connection.closedByServer()).isTrue();
            }
        }
        assertThat(TestServer.countPoints(server, 2)).isZero();
    }

    @Test
    void shouldGiveEachTokenTheRequestsOfItsRoles() throws Exception {
        final byte[] insert = RawConnection.frames(e -> e.insert(3, 1000, 1.0));
        final byte[] query = RawConnection.frames(e -> e.query(3, 0, 2000));
        try (RawConnection reader = new RawConnection(server.tcpPort())) {
            reader.send(auth(READER));
            assertThat(reader.read().type()).isEqualTo(MessageType.OK);
            final long before = counter(SecurityCounter.TCP_FORBIDDEN);
            reader.send(insert);
            final RawConnection.Frame refused = reader.read();
            assertThat(refused.errorCode()).isEqualTo(ErrorCode.FORBIDDEN.code());
            assertThat(refused.describe()).contains("'reader'").contains("write role");
            assertThat(counter(SecurityCounter.TCP_FORBIDDEN)).isEqualTo(before + 1);
            reader.send(query);
            assertThat(reader.read().type()).as("the connection stays open for reads").isEqualTo(MessageType.DATA);
        }
        try (RawConnection writer = new RawConnection(server.tcpPort())) {
            writer.send(auth(WRITER));
            writer.send(insert);
            writer.send(query);
            assertThat(writer.read().type()).isEqualTo(MessageType.OK);
            assertThat(writer.read().okAccepted()).isEqualTo(1);
            assertThat(writer.read().errorCode()).isEqualTo(ErrorCode.FORBIDDEN.code());
        }
        try (RawConnection admin = new RawConnection(server.tcpPort())) {
            admin.send(auth(ADMIN));
            admin.send(RawConnection.frames(e -> e.insert(3, 2000, 2.0)));
            admin.send(query);
            assertThat(admin.read().type()).isEqualTo(MessageType.OK);
            assertThat(admin.read().okAccepted()).isEqualTo(1);
            assertThat(admin.read().type()).isEqualTo(MessageType.DATA);
        }
        assertThat(TestServer.countPoints(server, 3)).isEqualTo(2);
    }

    @Test
    void shouldStopARemovedTokenOnAnOpenConnection() throws Exception {
        try (RawConnection connection = new RawConnection(server.tcpPort())) {
            connection.send(auth(REVOKED));
            connection.send(RawConnection.frames(e -> e.insert(4, 1000, 1.0)));
            assertThat(connection.read().type()).isEqualTo(MessageType.OK);
            assertThat(connection.read().okAccepted()).isEqualTo(1);
            final long generation = server.security().tokens().generation();
            writeTokens(false);
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (server.security().tokens().generation() == generation) {
                assertThat(System.nanoTime()).as("token file reloaded").isLessThan(deadline);
                Thread.sleep(10);
            }
            connection.send(RawConnection.frames(e -> e.insert(4, 2000, 1.0)));
            final RawConnection.Frame answer = connection.read();
            assertThat(answer.errorCode()).isEqualTo(ErrorCode.UNAUTHENTICATED.code());
            assertThat(answer.describe()).contains("no longer valid");
            assertThat(connection.closedByServer()).isTrue();
        } finally {
            writeTokens(true);
        }
        assertThat(TestServer.countPoints(server, 4)).isEqualTo(1);
    }

    @Test
    void shouldConnectTheJavaClientWithItsToken() {
        try (TsdbClient client = TsdbClient.builder().port(server.tcpPort()).token(WRITER).build()) {
            client.connect();
            assertThat(client.insert(5, 1000, 1.0).accepted()).isEqualTo(1);
            assertThatThrownBy(() -> client.query(5, 0, 2000)).isInstanceOfSatisfying(ServerErrorException.class,
                ex -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.FORBIDDEN));
            assertThat(client.insert(5, 2000, 1.0).accepted()).as("a refusal leaves the connection open").isEqualTo(1);
        }
        try (TsdbClient client = TsdbClient.builder().port(server.tcpPort()).token("nope").build()) {
            assertThatThrownBy(client::connect).isInstanceOfSatisfying(ServerErrorException.class,
                ex -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.UNAUTHENTICATED));
        }
        try (TsdbClient client = TsdbClient.builder().port(server.tcpPort()).build()) {
            client.connect();
            assertThatThrownBy(() -> client.insert(5, 3000, 1.0)).isInstanceOfSatisfying(ServerErrorException.class,
                ex -> assertThat(ex.getMessage()).contains("authentication required"));
        }
        assertThat(TestServer.countPoints(server, 5)).isEqualTo(2);
    }
}
