// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.remotewrite;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The receiver: posts snappy-compressed {@code WriteRequest}s with the remote-write 1.0 headers and the user's
 * extra headers, over one shared HTTP/1.1 client.
 */
final class RemoteEndpoint implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_MESSAGE_BYTES = 512;

    private final RemoteWriteConfig config;
    private final HttpClient client;

    RemoteEndpoint(final RemoteWriteConfig config) {
        this.config = config;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Posts one request body; blocks until the answer or a network failure.
     *
     * @throws InterruptedException when the sender stops meanwhile.
     */
    SendOutcome post(final byte[] body, final int length) throws InterruptedException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(config.url()).timeout(REQUEST_TIMEOUT)
            .header("Content-Encoding", "snappy")
            .header("Content-Type", "application/x-protobuf")
            .header("User-Agent", "ztsdb-remote-write/0.1")
            .header("X-Prometheus-Remote-Write-Version", "0.1.0")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body, 0, length));
        for (final Map.Entry<String, String> header : config.headers().entrySet()) {
            request.setHeader(header.getKey(), header.getValue());
        }
        final HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (final IOException ex) {
            return new SendOutcome(SendOutcome.Kind.RETRY, 0, -1, "network error: " + ex);
        }
        final int status = response.statusCode();
        final SendOutcome.Kind kind = SendOutcome.classify(status);
        final String message;
        try (InputStream in = response.body()) {
            final byte[] start = in.readNBytes(MAX_MESSAGE_BYTES);
            in.transferTo(OutputStream.nullOutputStream());
            message = kind == SendOutcome.Kind.SENT ? null
                : "HTTP " + status + ": " + new String(start, StandardCharsets.UTF_8).strip();
        } catch (final IOException ex) {
            return new SendOutcome(kind == SendOutcome.Kind.SENT ? SendOutcome.Kind.SENT : SendOutcome.Kind.RETRY,
                status, -1, "reading the answer: " + ex);
        }
        final long retryAfter = kind == SendOutcome.Kind.RETRY
            ? RetryAfter.parseMillis(response.headers().firstValue("Retry-After").orElse(null),
                System.currentTimeMillis())
            : -1;
        return new SendOutcome(kind, status, retryAfter, message);
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
