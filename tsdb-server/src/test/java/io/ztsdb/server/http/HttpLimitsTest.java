// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import io.ztsdb.server.TestBatch;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;
import io.ztsdb.server.security.SecurityCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Connection limit, request-header timeout (slowloris) and query timeout of the HTTP API. */
class HttpLimitsTest {
    @TempDir
    Path dir;

    private ServerRuntime start(final ServerConfig config) {
        return ServerRuntime.start(config.port(0).webPort(0).bindAddress("127.0.0.1").dataDir(dir.resolve("data")));
    }

    private static Socket open(final int port) throws IOException {
        final Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(5000);
        return socket;
    }

    /** @return true when the server closed the connection (EOF or reset) before the read timed out. */
    private static boolean closedByServer(final Socket socket) throws IOException {
        try {
            final InputStream in = socket.getInputStream();
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (final SocketTimeoutException ex) {
            return false;
        } catch (final IOException reset) {
            return true;
        }
    }

    @Test
    void shouldCloseAClientThatTricklesItsHeaders() throws Exception {
        final ServerConfig config = new ServerConfig();
        config.security().requestHeaderTimeoutMillis(400);
        try (ServerRuntime server = start(config); Socket slow = open(server.httpPort());
             Socket silent = open(server.httpPort())) {
            final OutputStream out = slow.getOutputStream();
            final byte[] request = "GET /stats HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                .getBytes(StandardCharsets.US_ASCII);
            final long start = System.nanoTime();
            boolean closed = false;
            for (int i = 0; i < request.length && !closed; i++) {
                try {
                    out.write(request[i]);
                    out.flush();
                } catch (final IOException ex) {
                    closed = true;
                }
                Thread.sleep(50);
            }
            assertThat(closedByServer(slow)).isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000).as("closed after ~400 ms, ms").isLessThan(4000);
            assertThat(closedByServer(silent)).isTrue();
            assertThat(server.security().stats().get(SecurityCounter.HTTP_HEADER_TIMEOUTS)).isEqualTo(2);
            final HttpResponse<String> fine = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + server.httpPort() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(fine.statusCode()).as("others are served").isEqualTo(200);
        }
    }

    @Test
    void shouldCloseConnectionsOverTheLimit() throws Exception {
        final ServerConfig config = new ServerConfig();
        config.security().maxConnections(2);
        try (ServerRuntime server = start(config); Socket first = open(server.httpPort());
             Socket second = open(server.httpPort()); Socket third = open(server.httpPort())) {
            assertThat(second.isConnected()).isTrue();
            assertThat(closedByServer(third)).isTrue();
            assertThat(server.security().stats().get(SecurityCounter.HTTP_CONNECTIONS_REJECTED)).isEqualTo(1);
            first.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
            final byte[] answer = new byte[12];
            assertThat(first.getInputStream().readNBytes(answer, 0, 12)).isEqualTo(12);
            assertThat(new String(answer, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
        }
    }

    @Test
    void shouldRefuseASelectorMatchingMoreSeriesThanAllowed() throws Exception {
        final ServerConfig config = new ServerConfig();
        config.security().maxSeriesPerQuery(2);
        try (ServerRuntime server = start(config)) {
            for (final String host : new String[] {"a", "b", "c"}) {
                final long id = server.tsdb().registerSeries("cpu", io.ztsdb.core.Labels.of("host", host));
                server.tsdb().insert(id, 1000, 1.0);
            }
            final HttpClient http = HttpClient.newHttpClient();
            final String base = "http://127.0.0.1:" + server.httpPort() + "/query?match=";
            final HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base + "cpu")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("matches 3 series").contains("--max-series-per-query=2");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "cpu%7Bhost%3D%22a%22%7D")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(server.security().stats().get(SecurityCounter.QUERY_SERIES_LIMIT_REFUSALS)).isEqualTo(1);
        }
    }

    @Test
    void shouldAnswerAQueryThatRunsTooLong503() throws Exception {
        final ServerConfig config = new ServerConfig();
        config.security().queryTimeoutMillis(10);
        try (ServerRuntime server = start(config)) {
            try (TestBatch batch = new TestBatch(server.tsdb())) {
                for (int i = 0; i < 1_500_000; i++) {
                    batch.add(9, i * 10L, i);
                }
            }
            // Before the first byte of the answer the timeout is a 503; once the answer streams, the connection is
            // closed mid-body (the client sees a cut response): which one depends on how fast the first bytes go.
            try {
                final HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.httpPort() + "/query?series=9")).build(),
                    HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(response.body()).contains("timed out").contains("--query-timeout");
            } catch (final IOException cut) {
                assertThat(cut).as("the answer was cut").isNotNull();
            }
            assertThat(server.security().stats().get(SecurityCounter.QUERY_TIMEOUTS)).isEqualTo(1);
        }
    }
}
