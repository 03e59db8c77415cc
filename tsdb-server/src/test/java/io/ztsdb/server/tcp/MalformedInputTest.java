// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.tcp;

import io.ztsdb.protocol.DataPointDescriptor;
import io.ztsdb.protocol.DataResponseDescriptor;
import io.ztsdb.protocol.ErrorCode;
import io.ztsdb.protocol.FrameDescriptor;
import io.ztsdb.protocol.HeaderFlyweight;
import io.ztsdb.protocol.MessageType;
import io.ztsdb.protocol.PointsFlyweight;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each malformed input gets an error frame with the right code (and a close where the stream cannot
 * resynchronise); nothing of a rejected batch is stored; a good request on another connection still works.
 */
class MalformedInputTest {
    private static final int MAX_FRAME_BYTES = 64 * 1024;
    private static final long SERIES = 9;

    @TempDir
    static Path dataDir;
    private static ServerRuntime runtime;
    private static long timestamp;

    @BeforeAll
    static void start() {
        runtime = TestServer.start(new ServerConfig().maxFrameBytes(MAX_FRAME_BYTES), dataDir);
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @AfterEach
    void goodRequestOnAnotherConnectionStillWorks() throws Exception {
        final long before = TestServer.countPoints(runtime, SERIES);
        try (RawConnection other = new RawConnection(runtime.tcpPort())) {
            other.send(RawConnection.frames(e -> e.insert(SERIES, ++timestamp, 1.0).ping()));
            assertThat(other.read().okAccepted()).isEqualTo(1);
            assertThat(other.read().okAccepted()).isZero();
        }
        assertThat(TestServer.countPoints(runtime, SERIES)).isEqualTo(before + 1);
    }

    private static byte[] header(final int type, final int payloadLength) {
        final byte[] bytes = RawConnection.frames(e -> {
            e.beginFrame(type);
            e.endFrame(0);
        });
        new HeaderFlyweight().wrap(ByteBuffer.wrap(bytes), 0).payloadLength(payloadLength);
        return bytes;
    }

    private static void expectFatal(final byte[] bytes, final ErrorCode code) throws Exception {
        try (RawConnection connection = new RawConnection(runtime.tcpPort())) {
            connection.send(bytes);
            final RawConnection.Frame response = connection.read();
            assertThat(response.errorCode()).as(response.describe()).isEqualTo(code.code());
            assertThat(connection.closedByServer()).as("connection closed after " + code).isTrue();
        }
    }

    @Test
    void shouldRejectWrongMagicAndClose() throws Exception {
        final byte[] frame = RawConnection.frames(e -> e.ping());
        frame[0] = 'X';
        expectFatal(frame, ErrorCode.BAD_MAGIC);
    }

    @Test
    void shouldRejectHttpRequestAsWrongMagicAndClose() throws Exception {
        expectFatal("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
            ErrorCode.BAD_MAGIC);
    }

    @Test
    void shouldRejectUnknownVersionAndClose() throws Exception {
        final byte[] frame = RawConnection.frames(e -> e.ping());
        frame[FrameDescriptor.VERSION_OFFSET] = 2;
        expectFatal(frame, ErrorCode.UNSUPPORTED_VERSION);
    }

    @Test
    void shouldRejectUnknownTypeAndClose() throws Exception {
        final byte[] frame = RawConnection.frames(e -> e.ping());
        frame[FrameDescriptor.TYPE_OFFSET] = 0x7f;
        expectFatal(frame, ErrorCode.UNKNOWN_TYPE);
    }

    @Test
    void shouldRejectFrameLongerThanMaxLengthFromHeaderAlone() throws Exception {
        // Only the header is sent: the error must come before any payload byte (checked before buffering).
        expectFatal(header(MessageType.INSERT_BATCH, MAX_FRAME_BYTES + DataPointDescriptor.LENGTH),
            ErrorCode.PAYLOAD_TOO_LONG);
        expectFatal(header(MessageType.INSERT_BATCH, -1), ErrorCode.PAYLOAD_TOO_LONG);
    }

    @Test
    void shouldRejectInsertBatchNotMultipleOf24AndStoreNothing() throws Exception {
        final long before = TestServer.countPoints(runtime, SERIES);
        final byte[] good = RawConnection.frames(e -> {
            final PointsFlyweight points = e.beginInsertBatch(3);
            for (int i = 0; i < 3; i++) {
                points.point(i, SERIES, ++timestamp, i);
            }
            e.endInsertBatch();
        });
        final byte[] bad = Arrays.copyOf(good, good.length + 1);
        new HeaderFlyweight().wrap(ByteBuffer.wrap(bad), 0).payloadLength(3 * DataPointDescriptor.LENGTH + 1);
        try (RawConnection connection = new RawConnection(runtime.tcpPort())) {
            connection.send(bad);
            assertThat(connection.read().errorCode()).isEqualTo(ErrorCode.BAD_PAYLOAD_LENGTH.code());
            // The stream stays in sync: the same connection goes on.
            connection.send(RawConnection.frames(e -> e.ping()));
            assertThat(connection.read().okAccepted()).isZero();
        }
        assertThat(TestServer.countPoints(runtime, SERIES)).isEqualTo(before);
        assertThat(runtime.stats().rejectedPoints()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void shouldRejectInsertNot24Bytes() throws Exception {
        final byte[] frame = RawConnection.frames(e -> e.insert(SERIES, ++timestamp, 1.0));
        final byte[] shortFrame = Arrays.copyOf(frame, frame.length - 8);
        new HeaderFlyweight().wrap(ByteBuffer.wrap(shortFrame), 0).payloadLength(DataPointDescriptor.LENGTH - 8);
        final long before = TestServer.countPoints(runtime, SERIES);
        try (RawConnection connection = new RawConnection(runtime.tcpPort())) {
            connection.send(shortFrame);
            assertThat(connection.read().errorCode()).isEqualTo(ErrorCode.BAD_PAYLOAD_LENGTH.code());
        }
        assertThat(TestServer.countPoints(runtime, SERIES)).isEqualTo(before);
    }

    @Test
    void shouldRejectTruncatedFrameAtEndOfInput() throws Exception {
        final byte[] frame = RawConnection.frames(e -> e.insert(SERIES, ++timestamp, 1.0));
        final long before = TestServer.countPoints(runtime, SERIES);
        try (RawConnection connection = new RawConnection(runtime.tcpPort())) {
            connection.send(frame, 0, frame.length - 5);
            connection.shutdownOutput();
            assertThat(connection.read().errorCode()).isEqualTo(ErrorCode.TRUNCATED_FRAME.code());
            assertThat(connection.closedByServer()).isTrue();
        }
        assertThat(TestServer.countPoints(runtime, SERIES)).isEqualTo(before);
    }

    @Test
    void shouldAnswerEarlierRequestsBeforeFatalError() throws Exception {
        final byte[] good = RawConnection.frames(e -> e.insert(SERIES, ++timestamp, 1.0).ping());
        final byte[] bytes = Arrays.copyOf(good, good.length + 16);
        System.arraycopy("NOPE".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, bytes, good.length, 4);
        try (RawConnection connection = new RawConnection(runtime.tcpPort())) {
            connection.send(bytes);
            assertThat(connection.read().okAccepted()).isEqualTo(1);
            assertThat(connection.read().okAccepted()).isZero();
            assertThat(connection.read().errorCode()).isEqualTo(ErrorCode.BAD_MAGIC.code());
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void shouldRejectBadQueries() throws Exception {
        try (RawConnection connection = new RawConnection(runtime.tcpPort())) {
            final byte[] backwards = RawConnection.frames(e -> e.query(SERIES, 10, 5));
            connection.send(backwards);
            assertThat(connection.read().errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT.code());
            final byte[] wrongLength = header(MessageType.QUERY, 8);
            connection.send(Arrays.copyOf(wrongLength, wrongLength.length + 8));
            assertThat(connection.read().errorCode()).isEqualTo(ErrorCode.BAD_PAYLOAD_LENGTH.code());
            final byte[] pingWithPayload = header(MessageType.PING, 1);
            connection.send(Arrays.copyOf(pingWithPayload, pingWithPayload.length + 1));
            assertThat(connection.read().errorCode()).isEqualTo(ErrorCode.BAD_PAYLOAD_LENGTH.code());
        }
    }

    @Test
    void shouldRefuseQueryOverPointLimit() throws Exception {
        final ServerRuntime small = TestServer.start(new ServerConfig().maxQueryPoints(10), dataDir.resolve("small"));
        try (RawConnection connection = new RawConnection(small.tcpPort())) {
            for (int i = 0; i < 11; i++) {
                small.tsdb().insert(1, i, i);
            }
            connection.send(RawConnection.frames(e -> e.query(1, 0, 9).query(1, 0, 10)));
            assertThat(connection.read().payload())
                .hasSize(DataResponseDescriptor.POINTS_OFFSET + 10 * DataPointDescriptor.LENGTH);
            final RawConnection.Frame refused = connection.read();
            assertThat(refused.errorCode()).isEqualTo(ErrorCode.QUERY_LIMIT_EXCEEDED.code());
            assertThat(refused.describe()).contains("narrow the time range");
        } finally {
            small.close();
        }
    }
}
