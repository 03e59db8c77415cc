// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import io.ztsdb.core.Labels;
import io.ztsdb.core.Tsdb;
import io.ztsdb.server.TestBatch;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing of the HTTP API's input over real sockets (jqwik, fixed seed, every build): query strings made of the
 * endpoints' parameters with random and malformed values (percent escapes, huge numbers, broken selectors), and
 * whole requests with bytes flipped, inserted or cut. Every answer is an HTTP status below 500 (a 4xx with a JSON
 * message for the API's own refusals) or a closed connection, and the server answers the next request.
 */
class HttpInputFuzzTest {
    /** Netty echoes the request's protocol name, whatever it is, in an answer to it. */
    private static final Pattern STATUS_LINE = Pattern.compile("^\\S+ (\\d{3}) ");
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length: *(\\d{1,9})\r?$");
    private static final Pattern CHUNKED = Pattern.compile("(?im)^transfer-encoding: *chunked\r?$");
    private static final Pattern HTTP_1_REQUEST_LINE = Pattern.compile("^[^\r\n]* HTTP/1\\.[01]\r?\n");
    private static final List<String> PATHS = List.of("/query", "/series", "/labels", "/labels/container_id/values",
        "/labels/%ff/values", "/stats", "/", "/healthz");
    private static final List<String> NAMES = List.of("match", "series", "start", "end", "step", "agg", "x", "",
        "match[]", "%6Datch");
    private static final List<String> VALID = List.of("GET /query?match=cpu%7Bc%3D%22a%22%7D&start=0&end=9000&step=1s"
        + "&agg=avg HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "GET /series?match=cpu HTTP/1.1\r\nHost: x\r\n"
        + "Connection: close\r\n\r\n", "GET /labels/c/values HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n"
        + "Connection: close\r\n\r\n");
    private static final byte[] END_OF_HEADERS = {'\r', '\n', '\r', '\n'};
    private static final AtomicInteger ANSWERED = new AtomicInteger();
    private static final AtomicInteger CLOSED = new AtomicInteger();

    private static Path dir;
    private static ServerRuntime server;

    @BeforeContainer
    static void start() throws IOException {
        dir = Files.createTempDirectory("ztsdb-http-fuzz");
        final ServerConfig config = new ServerConfig().port(0).webPort(0).bindAddress("127.0.0.1")
            .dataDir(dir.resolve("data"));
        // Bounds the wait for a request that never starts (a mutation cut it to blank lines) or never ends.
        config.security().requestHeaderTimeoutMillis(500).idleTimeoutMillis(500);
        server = ServerRuntime.start(config);
        final Tsdb tsdb = server.tsdb();
        for (int c = 0; c < 3; c++) {
            final long id = tsdb.registerSeries("cpu", Labels.of("c", String.valueOf((char) ('a' + c))));
            try (TestBatch batch = new TestBatch(tsdb)) {
                for (int s = 0; s < 10; s++) {
                    batch.add(id, s * 1000L, s);
                }
            }
        }
    }

    @AfterContainer
    static void stop() throws IOException {
        server.close();
        System.out.println("HttpInputFuzzTest: " + ANSWERED + " answered, " + CLOSED + " closed without an answer");
        try (Stream<Path> walk = Files.walk(dir)) {
            for (final Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /**
     * Sends the bytes and reads the answer to its end (every request says {@code Connection: close}; a connection a
     * mutation keeps open is closed by the request-header or idle timeout).
     *
     * @return the answer, empty when the server closed without one.
     */
    private static String exchange(final byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.httpPort()), 5000);
            socket.setSoTimeout(10_000);
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
            } catch (final IOException closedEarly) {
                // the server may refuse and close before everything was sent
            }
            final ByteArrayOutputStream answer = new ByteArrayOutputStream();
            final InputStream in = socket.getInputStream();
            final byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    answer.write(buffer, 0, n);
                    if (complete(answer.toString(StandardCharsets.ISO_8859_1))) {
                        break;
                    }
                }
            } catch (final SocketTimeoutException hung) {
                throw new AssertionError("no answer and no close within 10 s to " + printable(request), hung);
            } catch (final IOException reset) {
                // a reset after a refusal: closed
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * @return whether the text holds a whole response (by its Content-Length or the last chunk), so that a connection
     *     a mutated request kept alive need not time out.
     */
    private static boolean complete(final String answer) {
        final int headersEnd = answer.indexOf("\r\n\r\n");
        if (headersEnd < 0) {
            return false;
        }
        final Matcher length = CONTENT_LENGTH.matcher(answer.substring(0, headersEnd));
        if (length.find()) {
            return answer.length() >= headersEnd + 4 + Long.parseLong(length.group(1));
        }
        return CHUNKED.matcher(answer.substring(0, headersEnd)).find() && answer.endsWith("\r\n0\r\n\r\n");
    }

    private static String printable(final byte[] request) {
        return new String(request, StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n");
    }

    /** Checks one answer and that the server still serves a valid request. */
    private static int check(final byte[] request) throws IOException {
        final String answer = exchange(request);
        if (answer.isEmpty()) {
            CLOSED.incrementAndGet();
        } else {
            final Matcher status = STATUS_LINE.matcher(answer);
            assertThat(status.find()).as("status line of the answer to " + printable(request) + ": " + answer)
                .isTrue();
            final int code = Integer.parseInt(status.group(1));
            // A protocol other than HTTP/1.x in the request line gets Netty's 501 Not Implemented.
            final boolean otherProtocol = !HTTP_1_REQUEST_LINE.matcher(new String(request,
                StandardCharsets.ISO_8859_1)).find();
            assertThat(code < 500 || code == 501 && otherProtocol).as("answer to " + printable(request) + ": "
                + answer).isTrue();
            if (code >= 400 && answer.contains("application/json")) {
                assertThat(answer).as("JSON error").contains("\"error\"");
            }
            ANSWERED.incrementAndGet();
        }
        final String health = exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        assertThat(health).as("served after " + printable(request)).startsWith("HTTP/1.1 200");
        if (answer.isEmpty()) {
            return -1;
        }
        final Matcher status = STATUS_LINE.matcher(answer);
        return status.find() ? Integer.parseInt(status.group(1)) : -1;
    }

    @Example
    void shouldServeTheValidRequestsTheMutationsStartFrom() throws IOException {
        for (final String request : VALID) {
            assertThat(check(request.getBytes(StandardCharsets.US_ASCII))).as(request).isEqualTo(200);
        }
        assertThat(check(("GET /query?match=cpu%7B&start=x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII))).isEqualTo(400);
    }

    @Property(tries = 400, seed = "20261206")
    void shouldAnswerAnyQueryStringWithoutAServerError(@ForAll("target") final String target) throws IOException {
        check(("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 250, seed = "20261206")
    void shouldAnswerOrCloseOnMutatedRequests(@ForAll("mutated") final byte[] request) throws IOException {
        check(request);
    }

    @Provide
    Arbitrary<String> target() {
        final Arbitrary<String> value = Arbitraries.oneOf(
            Arbitraries.strings().withChars("0123456789-+.e%{}=!~\"',|*()[]\\ abcsmhdwy\u00e9\u2028").ofMaxLength(40)
                .map(HttpInputFuzzTest::escapeSpaces),
            Arbitraries.of("9223372036854775808", "-9223372036854775808", "18446744073709551616", "0", "-1",
                "1e3", "%", "%zz", "%00", "%ff%fe", "%7B", "cpu%7Bc%3D%22a%22%7D", "cpu{c=~\"(\"}", "1y",
                "9999999999999999999d", "avg", "rate", "AVG", "1ms", "0s", ""));
        final Arbitrary<String> parameter = Combinators.combine(Arbitraries.of(NAMES), value)
            .as((name, text) -> name + "=" + text);
        return Combinators.combine(Arbitraries.of(PATHS), parameter.list().ofMaxSize(6),
            Arbitraries.of("&", "&&", ";"))
            .as((path, parameters, separator) -> path + "?" + String.join(separator, parameters));
    }

    private static String escapeSpaces(final String text) {
        return text.replace(" ", "%20").replace("\u2028", "%E2%80%A8");
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        return Combinators.combine(Arbitraries.of(VALID), Arbitraries.integers().between(0, 200),
            Arbitraries.bytes(), Arbitraries.integers().between(0, 3), Arbitraries.integers().between(1, 4))
            .as((text, at, b, kind, times) -> {
                byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
                for (int t = 0; t < times; t++) {
                    bytes = mutate(bytes, (at * (t + 7)) % (bytes.length + 1), (byte) (b + t * 31), kind);
                }
                // Ends a header block cut short, so that most inputs are answered rather than timed out.
                final byte[] ended = Arrays.copyOf(bytes, bytes.length + 4);
                System.arraycopy(END_OF_HEADERS, 0, ended, bytes.length, 4);
                return ended;
            });
    }

    private static byte[] mutate(final byte[] bytes, final int at, final byte b, final int kind) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (kind) {
            case 0 -> { // insert
                out.write(bytes, 0, at);
                out.write(b);
                out.write(bytes, at, bytes.length - at);
            }
            case 1 -> out.write(bytes, 0, at); // cut
            case 2 -> { // flip
                out.write(bytes, 0, bytes.length);
                final byte[] flipped = out.toByteArray();
                if (at < flipped.length) {
                    flipped[at] = b;
                }
                return flipped;
            }
            default -> { // repeat a slice, e.g. a header line twice or a long value
                out.write(bytes, 0, at);
                for (int i = 0; i < 1 + (b & 0x3f); i++) {
                    out.write(bytes, at, Math.min(8, bytes.length - at));
                }
                out.write(bytes, at, bytes.length - at);
            }
        }
        return out.toByteArray();
    }
}
