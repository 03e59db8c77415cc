// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ResponseStream} against a real Vert.x server and real sockets: bodies arrive whole in one piece and in
 * chunks, and every segment taken from the pool goes back to it, whether the response ended, failed half-way, or
 * the client went away in the middle of a large body.
 */
class ResponseStreamTest {
    private static final int LARGE_BYTES = 5 * ResponseStream.CHUNK_BYTES + 12_345;
    /** More than the socket buffers of both ends can hold, so the server is still writing when the client goes. */
    private static final int HUGE_BYTES = 256 * ResponseStream.CHUNK_BYTES;

    /** Keeps no free segment, so that a segment given back twice or used after release cannot go unnoticed. */
    private final SegmentPool pool = new SegmentPool(ResponseStream.SEGMENT_BYTES, 1);
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private Vertx vertx;
    private HttpServer server;

    @BeforeEach
    void startServer() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(request -> {
            final HttpServerResponse response = request.response();
            final String path = request.path();
            vertx.executeBlocking(() -> {
                final ResponseStream out = new ResponseStream(response, pool);
                try {
                    switch (path) {
                        case "/stream" -> out.write(pattern(LARGE_BYTES));
                        case "/segments" -> writeSegments(out, LARGE_BYTES);
                        case "/small" -> writeSegments(out, 1000);
                        case "/huge" -> writeSegments(out, HUGE_BYTES);
                        default -> {
                            writeSegments(out, 3 * ResponseStream.SEGMENT_BYTES);
                            throw new IOException("failed half-way");
                        }
                    }
                    out.close();
                } catch (final IOException | RuntimeException ex) {
                    out.abort();
                    failures.add(ex);
                    response.reset();
                }
                return null;
            }, false);
        }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stopServer() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    /** Fills segments through the {@link SegmentSink} side, as the query encoder does. */
    private static void writeSegments(final SegmentSink sink, final int length) throws IOException {
        UnsafeBuffer segment = sink.firstSegment();
        int position = 0;
        for (int i = 0; i < length; i++) {
            if (position == segment.capacity()) {
                segment = sink.nextSegment(position);
                position = 0;
            }
            segment.putByte(position++, patternByte(i));
        }
        sink.finish(position);
    }

    private static byte[] pattern(final int length) {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = patternByte(i);
        }
        return bytes;
    }

    private static byte patternByte(final int i) {
        return (byte) ('a' + i % 26 + i / 26 % 3);
    }

    private HttpResponse<byte[]> get(final String path) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    @Test
    void shouldSendBodiesWholeAndInChunksAndReleaseEverySegment() throws Exception {
        for (final String path : List.of("/small", "/segments", "/stream")) {
            final HttpResponse<byte[]> response = get(path);
            final int length = "/small".equals(path) ? 1000 : LARGE_BYTES;
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).as(path).isEqualTo(pattern(length));
            assertThat(response.headers().firstValueAsLong("Content-Length").orElse(-1))
                .isEqualTo("/small".equals(path) ? 1000 : -1);
        }
        assertAllReleased();
        assertThat(failures).isEmpty();
    }

    @Test
    void shouldReleaseSegmentsOfABodyThatFailedHalfWay() throws Exception {
        try {
            get("/fail");
        } catch (final IOException expected) {
            // the server resets the connection: there is no complete response to read
        }
        assertAllReleased();
        assertThat(failures).hasSize(1);
    }

    @Test
    void shouldReleaseSegmentsWhenTheClientLeavesInTheMiddle() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
            final OutputStream request = socket.getOutputStream();
            request.write("GET /huge HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            request.flush();
            final InputStream in = socket.getInputStream();
            assertThat(in.readNBytes(100_000)).hasSize(100_000);
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (failures.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(failures).as("the worker saw the client leave").hasSize(1);
        assertAllReleased();
    }

    /** Writes complete on the event loop after the response arrived: give them a moment. */
    private void assertAllReleased() throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pool.outstanding() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(pool.outstanding()).as("segments not given back").isZero();
    }
}
