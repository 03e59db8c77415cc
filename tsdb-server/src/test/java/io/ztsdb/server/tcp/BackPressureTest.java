// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.tcp;

import io.ztsdb.protocol.FrameDescriptor;
import io.ztsdb.protocol.OkDescriptor;
import io.ztsdb.server.runtime.ServerRuntime;
import io.ztsdb.server.stats.ConnectionStats;
import io.ztsdb.server.stats.ServerStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A client that writes without reading makes the server pause reading; nothing is lost when it reads again. */
class BackPressureTest {
    private static final int PINGS = 400_000;

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
    void shouldPauseReadingWhileClientDoesNotReadAndLoseNothing() throws Exception {
        final byte[] pings = RawConnection.frames(e -> {
            for (int i = 0; i < PINGS; i++) {
                e.ping();
            }
        });
        // A small fixed receive buffer: Linux would otherwise autotune it up to tcp_rmem's maximum (32 MiB here).
        try (RawConnection connection = new RawConnection(runtime.tcpPort(), 64 * 1024)) {
            final CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    connection.send(pings);
                } catch (final java.io.IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
            });
            // The client does not read: the server's write queue fills and it must stop reading.
            final ServerStats stats = runtime.stats();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (stats.openConnections().isEmpty() || stats.openConnections().getFirst().readPauses() == 0) {
                assertThat(System.nanoTime()).as("server paused reading").isLessThan(deadline);
                Thread.sleep(10);
            }
            // Once the kernel buffers are full, the server takes no more input although the client has more.
            final ConnectionStats paused = stats.openConnections().getFirst();
            long bytesIn = -1;
            while (paused.bytesIn() != bytesIn) {
                assertThat(System.nanoTime()).as("server stopped reading").isLessThan(deadline);
                bytesIn = paused.bytesIn();
                Thread.sleep(300);
            }
            assertThat(bytesIn).as("pauses=%d out=%d", paused.readPauses(), paused.bytesOut()).isLessThan(pings.length);

            final byte[] okFrame = RawConnection.frames(e -> e.ok(0, 0));
            final byte[] received = new byte[okFrame.length];
            final java.io.InputStream in = new java.io.BufferedInputStream(connection.input(), 1 << 16);
            for (int i = 0; i < PINGS; i++) {
                assertThat(in.readNBytes(received, 0, received.length)).isEqualTo(received.length);
                if (i == 0 || i == PINGS - 1) {
                    assertThat(received).isEqualTo(okFrame);
                }
            }
            writer.get(10, TimeUnit.SECONDS);
            assertThat(stats.openConnections().getFirst().frames()).isEqualTo(PINGS);
        }
    }


    @Test
    void shouldAnswerEveryRequestSentBeforeEndOfInputWhilePaused() throws Exception {
        final byte[] pings = RawConnection.frames(e -> {
            for (int i = 0; i < PINGS; i++) {
                e.ping();
            }
        });
        try (RawConnection connection = new RawConnection(runtime.tcpPort(), 64 * 1024)) {
            final CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    connection.send(pings);
                    connection.shutdownOutput();
                } catch (final java.io.IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
            });
            final ServerStats stats = runtime.stats();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (stats.openConnections().isEmpty() || stats.openConnections().getFirst().readPauses() == 0) {
                assertThat(System.nanoTime()).as("server paused reading").isLessThan(deadline);
                Thread.sleep(10);
            }
            Thread.sleep(200);
            // Every ping sent before the shutdown is answered, then the server closes.
            final byte[] received = new byte[FrameDescriptor.HEADER_LENGTH + OkDescriptor.LENGTH];
            final java.io.InputStream in = new java.io.BufferedInputStream(connection.input(), 1 << 16);
            for (int i = 0; i < PINGS; i++) {
                assertThat(in.readNBytes(received, 0, received.length)).as("response %d", i).isEqualTo(received.length);
            }
            assertThat(in.read()).as("closed after the last response").isEqualTo(-1);
            writer.get(10, TimeUnit.SECONDS);
        }
    }
}
