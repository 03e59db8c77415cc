// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Small HTTP client helpers for tests of the HTTP endpoints and of the peers. */
public final class TestHttp {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestHttp() {
    }

    /** @return the response of a GET. */
    public static HttpResponse<String> get(final String url, final String... headers) throws IOException,
        InterruptedException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** @return the JSON body of a GET. */
    public static JsonNode getJson(final String url) throws IOException, InterruptedException {
        final HttpResponse<String> response = get(url);
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** @return the response of a POST of {@code body} with the given headers. */
    public static HttpResponse<String> post(final String url, final byte[] body, final String... headers)
        throws IOException, InterruptedException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** @return the response of a snappy-compressed remote-write POST. */
    public static HttpResponse<String> remoteWrite(final String url, final byte[] snappyBody) throws IOException,
        InterruptedException {
        return post(url, snappyBody, "Content-Type", "application/x-protobuf", "Content-Encoding", "snappy",
            "X-Prometheus-Remote-Write-Version", "0.1.0");
    }

    /** @return {@code text} URL-encoded. */
    public static String encode(final String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** @return the body parsed as JSON. */
    public static JsonNode json(final String body) throws IOException {
        return JSON.readTree(body);
    }
}
