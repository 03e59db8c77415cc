// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * 2,000 slowloris clients (a request's header bytes trickled one every 250 ms) against a server with the launcher's
 * memory limits and a 3 s request-header timeout: other clients keep getting answers, every slow one is closed after
 * the timeout, and the resident set stays bounded (printed).
 */
class SlowHttpClientsLoadTest {
    private static final int SLOW_CLIENTS = 2_000;
    private static final long HEADER_TIMEOUT_MILLIS = 3_000;
    private static final byte[] REQUEST = ("GET /stats HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slowloris\r\n"
        + "X-Padding: " + "a".repeat(200) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldAnswerOthersAndCloseSlowClientsWithBoundedMemory() throws Exception {
        assumeTrue(ChildServer.openFilesLimit() > SLOW_CLIENTS + 1_000, "needs ulimit -n above "
            + (SLOW_CLIENTS + 1_000) + " in the test JVM, is " + ChildServer.openFilesLimit());
        try (ChildServer server = ChildServer.start(dir.resolve("data"), "--web-port", "0",
            "--request-header-timeout", HEADER_TIMEOUT_MILLIS + "ms", "--max-connections", "10000");
             Selector selector = Selector.open()) {
            final HttpClient http = HttpClient.newHttpClient();
            final URI health = URI.create("http://127.0.0.1:" + server.httpPort() + "/stats");
            final long rssBefore = server.rssMib();
            final List<SocketChannel> slow = new ArrayList<>(SLOW_CLIENTS);
            final long start = System.nanoTime();
            final List<Long> latencies = new ArrayList<>();
            try {
                for (int i = 0; i < SLOW_CLIENTS; i++) {
                    final SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1",
                        server.httpPort()));
                    channel.configureBlocking(false);
                    channel.register(selector, SelectionKey.OP_READ, new int[1]);
                    slow.add(channel);
                }
                long rssWithSlow = 0;
                int closed = 0;
                final ByteBuffer one = ByteBuffer.allocate(1);
                final ByteBuffer scratch = ByteBuffer.allocate(256);
                final long deadline = start + TimeUnit.MILLISECONDS.toNanos(HEADER_TIMEOUT_MILLIS + 20_000);
                while (closed < SLOW_CLIENTS && System.nanoTime() < deadline) {
                    for (final SelectionKey key : selector.keys()) {
                        if (!key.isValid()) {
                            continue;
                        }
                        final int[] sent = (int[])key.attachment();
                        if (sent[0] < REQUEST.length - 2) {
                            one.clear().put(REQUEST[sent[0]]).flip();
                            try {
                                sent[0] += ((SocketChannel)key.channel()).write(one);
                            } catch (final IOException gone) {
                                sent[0] = REQUEST.length;
                            }
                        }
                    }
                    final long before = System.nanoTime();
                    assertThat(http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode()).as("another client is served").isEqualTo(200);
                    latencies.add((System.nanoTime() - before) / 1_000);
                    if (rssWithSlow == 0 && System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(
                        HEADER_TIMEOUT_MILLIS / 2)) {
                        rssWithSlow = server.rssMib();
                    }
                    closed += collectClosed(selector, scratch);
                    Thread.sleep(250);
                }
                final long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
                System.out.printf("SlowHttpClientsLoadTest: %d slow clients; RSS %d MiB before, %d MiB with them, "
                    + "%d MiB after; other client p50 %d us, max %d us over %d requests; %d closed by the server "
                    + "within %d ms (header timeout %d ms)%n", SLOW_CLIENTS, rssBefore, rssWithSlow, server.rssMib(),
                    sorted[sorted.length / 2], sorted[sorted.length - 1], sorted.length, closed,
                    (System.nanoTime() - start) / 1_000_000, HEADER_TIMEOUT_MILLIS);
                assertThat(closed).as("slow clients closed by the server").isEqualTo(SLOW_CLIENTS);
                assertThat(rssWithSlow).as("RSS with %d slow clients, MiB", SLOW_CLIENTS).isLessThan(400);
                // Blocked behind the slow clients, every answer would wait for their header timeout; on 2 shared
                // cores one answer may still be slow (the first, while the 2,000 are accepted), none may hang.
                assertThat(sorted[sorted.length / 2]).as("median answer, us").isLessThan(HEADER_TIMEOUT_MILLIS * 500);
                assertThat(sorted[sorted.length - 1]).as("slowest answer, us").isLessThan(15_000_000);
            } finally {
                for (final SocketChannel channel : slow) {
                    channel.close();
                }
            }
        }
    }

    private static int collectClosed(final Selector selector, final ByteBuffer scratch) throws IOException {
        int closed = 0;
        selector.selectNow();
        for (final SelectionKey key : selector.selectedKeys()) {
            scratch.clear();
            int read;
            try {
                read = ((SocketChannel)key.channel()).read(scratch);
            } catch (final IOException reset) {
                read = -1;
            }
            if (read < 0) {
                key.cancel();
                closed++;
            }
        }
        selector.selectedKeys().clear();
        return closed;
    }
}
