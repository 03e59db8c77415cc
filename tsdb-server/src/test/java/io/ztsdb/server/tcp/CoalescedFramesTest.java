// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.tcp;

import io.ztsdb.protocol.DataPointDescriptor;
import io.ztsdb.protocol.DataResponseDescriptor;
import io.ztsdb.protocol.MessageType;
import io.ztsdb.protocol.PointsFlyweight;
import io.ztsdb.server.runtime.ServerRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Many frames in one TCP write: every one answered, in request order. */
class CoalescedFramesTest {
    private static final int FRAMES = 1000;

    @TempDir
    Path dataDir;
    private ServerRuntime runtime;

    @BeforeEach
    void start() {
        runtime = TestServer.start(dataDir);
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void shouldAnswerThousandFramesCoalescedInOneWriteInOrder() throws Exception {
        final long seriesId = 55;
        final long[] timestamp = {0};
        final byte[] bytes = RawConnection.frames(e -> {
            for (int i = 0; i < FRAMES; i++) {
                switch (i % 4) {
                    case 0 -> e.ping();
                    case 1 -> e.insert(seriesId, ++timestamp[0], i);
                    case 2 -> {
                        final int count = i % 7 + 1;
                        final PointsFlyweight points = e.beginInsertBatch(count);
                        for (int p = 0; p < count; p++) {
                            points.point(p, seriesId, ++timestamp[0], p);
                        }
                        e.endInsertBatch();
                    }
                    default -> e.query(seriesId, 0, Long.MAX_VALUE);
                }
            }
        });
        long expectedPoints = 0;
        try (RawConnection connection = new RawConnection(runtime.tcpPort())) {
            connection.send(bytes);
            for (int i = 0; i < FRAMES; i++) {
                final RawConnection.Frame response = connection.read();
                switch (i % 4) {
                    case 0 -> assertThat(response.okAccepted()).as("frame %d", i).isZero();
                    case 1 -> {
                        assertThat(response.okAccepted()).as("frame %d", i).isEqualTo(1);
                        expectedPoints++;
                    }
                    case 2 -> {
                        assertThat(response.okAccepted()).as("frame %d", i).isEqualTo(i % 7 + 1);
                        expectedPoints += i % 7 + 1;
                    }
                    default -> {
                        // The query sees at least the points of the requests before it (it runs on a worker
                        // thread, so it may see later ones too); its answer comes in request order.
                        assertThat(response.type()).as("frame %d: %s", i, response.describe())
                            .isEqualTo(MessageType.DATA);
                        final int pointBytes = response.payload().length - DataResponseDescriptor.POINTS_OFFSET;
                        assertThat(pointBytes % DataPointDescriptor.LENGTH).isZero();
                        assertThat((long) pointBytes / DataPointDescriptor.LENGTH).as("frame %d", i)
                            .isBetween(expectedPoints, timestamp[0]);
                    }
                }
            }
        }
        assertThat(TestServer.countPoints(runtime, seriesId)).isEqualTo(expectedPoints);
        assertThat(runtime.stats().ingestedPoints()).isEqualTo(expectedPoints);
    }
}
