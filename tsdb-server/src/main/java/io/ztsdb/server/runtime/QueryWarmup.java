// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.runtime;

import io.ztsdb.core.SeriesInfo;
import io.ztsdb.core.Tsdb;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Warms the query path before the server says it is ready: a few hundred {@code /query} requests over loopback,
 * through the real HTTP stack, for the longest stored series (both JSON forms): the first one, which loads the
 * classes of the whole path, then more until {@link #BUDGET_MILLIS} have passed (checked between requests), which
 * gets the hot loops compiled.
 * The first request of a fresh JVM loads and interprets the whole path (HTTP routing, block reads, chunk decoders,
 * JSON encoding) and takes hundreds of times longer than a warm one; after this the first client query runs compiled
 * code. Skipped on an empty store and when authentication or TLS is on (the loopback client holds no token and does
 * not trust the certificate).
 */
final class QueryWarmup {
    private static final System.Logger LOG = System.getLogger(QueryWarmup.class.getName());
    /** Time spent on requests after the first one. */
    static final long BUDGET_MILLIS = 1_500;
    /** Most requests sent. */
    static final int MAX_REQUESTS = 300;
    /** Longest wait for one answer: the very first one loads the whole path, which takes seconds on a busy host. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private QueryWarmup() {
    }

    /**
     * Runs the warm-up; never fails the start (a failed request ends it).
     *
     * @return the number of requests answered.
     */
    static int run(final Tsdb tsdb, final String host, final int port) {
        SeriesInfo longest = null;
        for (final SeriesInfo info : tsdb.series()) {
            if (longest == null || info.pointCount() > longest.pointCount()) {
                longest = info;
            }
        }
        if (longest == null || longest.pointCount() == 0) {
            return 0;
        }
        final String base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port +
            "/query?series=" + Long.toUnsignedString(longest.seriesId()) + "&start=" + longest.minTimestampMillis() +
            "&end=" + longest.maxTimestampMillis();
        final long start = System.nanoTime();
        long deadline = 0;
        int answered = 0;
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build()) {
            final HttpRequest objects = HttpRequest.newBuilder(URI.create(base)).timeout(REQUEST_TIMEOUT).build();
            final HttpRequest compact = HttpRequest.newBuilder(URI.create(base + "&format=compact"))
                .timeout(REQUEST_TIMEOUT).build();
            while (answered == 0 || (answered < MAX_REQUESTS && System.nanoTime() - deadline < 0)) {
                final HttpResponse<Void> response = client.send(answered % 2 == 0 ? objects : compact,
                    HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() != 200) {
                    LOG.log(System.Logger.Level.INFO, "query warm-up stopped: HTTP " + response.statusCode());
                    break;
                }
                if (answered++ == 0) {
                    deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BUDGET_MILLIS);
                }
            }
        } catch (final IOException ex) {
            LOG.log(System.Logger.Level.INFO, "query warm-up stopped: " + ex);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        LOG.log(System.Logger.Level.INFO, "query path warmed: " + answered + " requests in " +
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
        return answered;
    }
}
