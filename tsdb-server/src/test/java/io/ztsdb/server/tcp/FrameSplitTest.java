// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.tcp;

import io.ztsdb.protocol.Aggregation;
import io.ztsdb.protocol.DataPointDescriptor;
import io.ztsdb.protocol.DataResponseDescriptor;
import io.ztsdb.protocol.ErrorCode;
import io.ztsdb.protocol.FrameDescriptor;
import io.ztsdb.protocol.FrameEncoder;
import io.ztsdb.protocol.MessageType;
import io.ztsdb.protocol.PointsFlyweight;
import io.ztsdb.server.runtime.ServerRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Every request frame type, split at every byte boundary across TCP writes, gets its normal answer. */
class FrameSplitTest {
    @TempDir
    static Path dataDir;
    private static ServerRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = TestServer.start(dataDir);
        runtime.tsdb().insert(7, 1000, 1.5);
        runtime.tsdb().insert(7, 2000, 2.5);
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private interface FrameCheck {
        void check(RawConnection.Frame frame) throws Exception;
    }

    private static void splitAndExpect(final Consumer<FrameEncoder> writer, final FrameCheck check) throws Exception {
        final byte[] frame = RawConnection.frames(writer);
        try (RawConnection connection = new RawConnection(runtime.tcpPort())) {
            for (int split = 0; split <= frame.length; split++) {
                if (split == 0) {
                    for (int i = 0; i < frame.length; i++) {
                        connection.send(frame, i, 1);
                    }
                } else {
                    connection.send(frame, 0, split);
                    Thread.sleep(1);
                    connection.send(frame, split, frame.length - split);
                }
                final RawConnection.Frame response = connection.read();
                check.check(response);
            }
        }
    }

    @Test
    void shouldAnswerInsertSplitAtEveryByte() throws Exception {
        final long seriesId = 101;
        final long[] timestamp = {0};
        final byte[][] frameHolder = new byte[1][];
        try (RawConnection connection = new RawConnection(runtime.tcpPort())) {
            for (int split = 0; split < 41; split++) {
                final long ts = ++timestamp[0];
                final byte[] frame = RawConnection.frames(e -> e.insert(seriesId, ts, ts * 0.25));
                frameHolder[0] = frame;
                if (split == 0) {
                    for (int i = 0; i < frame.length; i++) {
                        connection.send(frame, i, 1);
                    }
                } else {
                    connection.send(frame, 0, split);
                    Thread.sleep(1);
                    connection.send(frame, split, frame.length - split);
                }
                assertThat(connection.read().okAccepted()).isEqualTo(1);
            }
        }
        assertThat(frameHolder[0]).hasSize(40);
        assertThat(TestServer.countPoints(runtime, seriesId)).isEqualTo(41);
    }

    @Test
    void shouldAnswerInsertBatchSplitAtEveryByte() throws Exception {
        final long seriesId = 102;
        final int pointsPerBatch = 3;
        final long[] next = {0};
        final int frameLength = FrameDescriptor.HEADER_LENGTH + DataPointDescriptor.LENGTH * pointsPerBatch;
        try (RawConnection connection = new RawConnection(runtime.tcpPort())) {
            for (int split = 0; split < frameLength; split++) {
                final byte[] frame = RawConnection.frames(e -> {
                    final PointsFlyweight points = e.beginInsertBatch(pointsPerBatch);
                    for (int i = 0; i < pointsPerBatch; i++) {
                        final long ts = ++next[0];
                        points.point(i, seriesId, ts, Double.longBitsToDouble(0x7ff8_0000_0000_0000L | ts));
                    }
                    e.endInsertBatch();
                });
                if (split == 0) {
                    for (int i = 0; i < frame.length; i++) {
                        connection.send(frame, i, 1);
                    }
                } else {
                    connection.send(frame, 0, split);
                    Thread.sleep(1);
                    connection.send(frame, split, frame.length - split);
                }
                assertThat(connection.read().okAccepted()).isEqualTo(pointsPerBatch);
            }
        }
        assertThat(TestServer.countPoints(runtime, seriesId)).isEqualTo((long) frameLength * pointsPerBatch);
    }

    @Test
    void shouldAnswerPlainQuerySplitAtEveryByte() throws Exception {
        splitAndExpect(e -> e.query(7, 0, 5000), response -> {
            assertThat(response.type()).as(response.describe()).isEqualTo(MessageType.DATA);
            assertThat(response.payload())
                .hasSize(DataResponseDescriptor.POINTS_OFFSET + 2 * DataPointDescriptor.LENGTH);
        });
    }

    @Test
    void shouldAnswerExtendedQuerySplitAtEveryByte() throws Exception {
        splitAndExpect(e -> e.query(7, 1500, 5000, 0, Aggregation.NONE), response -> {
            assertThat(response.type()).as(response.describe()).isEqualTo(MessageType.DATA);
            assertThat(response.payload()).hasSize(DataResponseDescriptor.POINTS_OFFSET + DataPointDescriptor.LENGTH);
        });
    }

    @Test
    void shouldAnswerPingSplitAtEveryByte() throws Exception {
        splitAndExpect(FrameEncoder::ping, response -> assertThat(response.okAccepted()).isZero());
    }

    @Test
    void shouldAnswerRegisterSeriesSplitAtEveryByte() throws Exception {
        splitAndExpect(e -> e.registerSeries("container.cpu.usage", Map.of("container_id", "abc")),
            response -> assertThat(response.type()).isIn(MessageType.SERIES, MessageType.ERROR));
    }

    @Test
    void shouldAnswerResponseTypesSplitAtEveryByteWithUnexpectedType() throws Exception {
        splitAndExpect(e -> e.ok(1, 0),
            response -> assertThat(response.errorCode()).isEqualTo(ErrorCode.UNEXPECTED_TYPE.code()));
        splitAndExpect(e -> e.error(ErrorCode.SERVER_ERROR, "x"),
            response -> assertThat(response.errorCode()).isEqualTo(ErrorCode.UNEXPECTED_TYPE.code()));
        splitAndExpect(e -> {
            e.beginData(0);
            e.endData();
        }, response -> assertThat(response.errorCode()).isEqualTo(ErrorCode.UNEXPECTED_TYPE.code()));
    }
}
