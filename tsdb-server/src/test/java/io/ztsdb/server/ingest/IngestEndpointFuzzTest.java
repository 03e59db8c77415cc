// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.ingest;

import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated and random bodies at the real write endpoints over real sockets (jqwik, fixed seed, every build):
 * {@code POST /api/v1/write} with a request Prometheus 2.42 sent, mutated, and {@code /write}, {@code /api/v2/write}
 * with lines influxd accepts, mutated, plain and gzip-encoded. Every answer is 2xx or 4xx (never 5xx: a full disk's 507
 * aside), and the server keeps serving: after each property a valid request of each protocol is written and read back.
 */
class IngestEndpointFuzzTest {
    private static final byte[] REMOTE_WRITE = Mutations.golden("write-request-prometheus-2.42-v1.hex");
    private static final byte[] LINES = LineProtocolFuzzTest.ACCEPTED.getBytes(StandardCharsets.UTF_8);

    private static Path dir;
    private static ServerRuntime server;
    private static HttpClient http;

    @BeforeContainer
    static void start() throws IOException {
        dir = Files.createTempDirectory("ztsdb-ingest-fuzz");
        server = ServerRuntime.start(new ServerConfig().port(0).webPort(0).bindAddress("127.0.0.1")
            .dataDir(dir.resolve("data")).walSync("none"));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterContainer
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static int post(final String path, final byte[] body, final String... headers) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort()
            + path)).timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        final HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s: %s", path, response.body())
            .satisfiesAnyOf(status -> assertThat(status).isBetween(200, 499), status -> assertThat(status)
                .isEqualTo(507));
        return response.statusCode();
    }

    private static int remoteWrite(final byte[] body) throws Exception {
        return post("/api/v1/write", body, "Content-Type", "application/x-protobuf", "Content-Encoding", "snappy",
            "X-Prometheus-Remote-Write-Version", "0.1.0");
    }

    private static byte[] gzip(final byte[] body) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body);
        }
        return out.toByteArray();
    }

    /** The server still takes and serves a valid request of each protocol. */
    private static void assertServing() throws Exception {
        assertThat(remoteWrite(REMOTE_WRITE)).isIn(204, 400);
        final long time = System.currentTimeMillis();
        assertThat(post("/api/v2/write?org=o&bucket=b&precision=ms", ("alive,t=v x=1 " + time).getBytes(
            StandardCharsets.UTF_8))).isEqualTo(204);
        final HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + server.httpPort() + "/api/v1/query?query=alive_x&time=" + time / 1000.0)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("\"alive_x\"");
    }

    @Property(tries = 300, seed = "20261206")
    void shouldAnswerMutatedRemoteWriteBodies(@ForAll("mutatedRemoteWrite") final byte[] body) throws Exception {
        remoteWrite(body);
    }

    @Property(tries = 150, seed = "20261206")
    void shouldAnswerRandomRemoteWriteBodies(@ForAll("random") final byte[] body) throws Exception {
        remoteWrite(body);
        post("/api/v1/write", body);
    }

    @Property(tries = 300, seed = "20261206")
    void shouldAnswerMutatedLines(@ForAll("mutatedLines") final byte[] body) throws Exception {
        post("/write?db=d&precision=ns", body);
        post("/api/v2/write?org=o&bucket=b", gzip(body), "Content-Encoding", "gzip");
    }

    @Property(tries = 150, seed = "20261206")
    void shouldAnswerRandomLineBodies(@ForAll("random") final byte[] body) throws Exception {
        post("/write?db=d", body);
        post("/api/v2/write?org=o&bucket=b&precision=s", body, "Content-Encoding", "gzip");
        assertServing();
    }

    @Property(tries = 1, seed = "20261206")
    void shouldKeepServing() throws Exception {
        assertServing();
    }

    @Provide
    Arbitrary<byte[]> mutatedRemoteWrite() {
        return Mutations.of(REMOTE_WRITE);
    }

    @Provide
    Arbitrary<byte[]> mutatedLines() {
        return Mutations.of(LINES);
    }

    @Provide
    Arbitrary<byte[]> random() {
        return Mutations.random();
    }
}
