// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.runtime;

import io.ztsdb.core.SeriesInfo;
import io.ztsdb.core.Tsdb;
import io.ztsdb.server.http.QueryWarmups;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Warms the query path before the server says it is ready: the number formats of the JSON output
 * ({@link QueryWarmups#numberFormats}), then a few hundred {@code /query} requests over loopback, through the real
 * HTTP stack, for the {@link #SERIES} longest stored series in both JSON forms: the first one, which loads the
 * classes of the whole path, then more until {@link #BUDGET_MILLIS} have passed and at least {@link #MIN_REQUESTS}
 * were answered (at most {@link #MAX_MILLIS}; checked between requests), which gets the hot loops compiled. The
 * first request of a fresh JVM loads and interprets the whole path (HTTP routing, block reads, chunk decoders, JSON
 * encoding) and takes hundreds of times longer than a warm one.
 * <p>
 * <b>Design note:</b> a first client query comes on a new connection, for a series of its own. Every warm-up
 * request therefore comes on a connection of its own ({@link LoopbackGet}): the accept, the set-up of the
 * connection's pipeline and its close run once per connection, and a warm-up over one kept-alive connection left
 * them interpreted. And the JIT compiles only the branches its profile saw taken: values of one series left other
 * value shapes to a deoptimization in the first client query (server CPU of the first query on a new connection,
 * 300 warm-up requests, load 15-20: 22-34 ms with one series over one connection, 5-9 ms with new connections and
 * several series, the same as the queries after it). Skipped on an empty store and when authentication or TLS is on
 * (the loopback client holds no token and does not trust the certificate).
 */
final class QueryWarmup {
    private static final System.Logger LOG = System.getLogger(QueryWarmup.class.getName());
    /** Time spent on requests after the first one. */
    static final long BUDGET_MILLIS = 1_500;
    /**
     * Requests sent even past {@link #BUDGET_MILLIS}, up to {@link #MAX_MILLIS}: on a busy host the budget alone
     * left a dozen requests, too few for the JIT's higher tiers (the first query then cost 20-45 ms of server CPU).
     */
    static final int MIN_REQUESTS = 200;
    /** Longest time spent on requests after the first one. */
    static final long MAX_MILLIS = 6_000;
    /** Series queried, the longest ones: the values of one series take only some branches of the output path. */
    static final int SERIES = 8;
    /** Most requests sent. */
    static final int MAX_REQUESTS = 300;
    /** Longest wait for one answer: the very first one loads the whole path, which takes seconds on a busy host. */
    private static final int REQUEST_TIMEOUT_MILLIS = 10_000;

    private QueryWarmup() {
    }

    /**
     * Runs the warm-up; never fails the start (a failed request ends it).
     *
     * @return the number of requests answered.
     */
    static int run(final Tsdb tsdb, final String host, final int port) {
        final List<String> targets = targets(tsdb);
        if (targets.isEmpty()) {
            return 0;
        }
        final long start = System.nanoTime();
        QueryWarmups.numberFormats();
        final long formatted = System.nanoTime();
        final LoopbackGet client = new LoopbackGet(host, port, REQUEST_TIMEOUT_MILLIS);
        long firstAnswer = 0;
        int answered = 0;
        try {
            while (answered == 0 || more(answered, System.nanoTime() - firstAnswer)) {
                final String target = targets.get(answered % targets.size());
                final int status = client.get(target);
                if (status != 200) {
                    LOG.log(System.Logger.Level.INFO, "query warm-up stopped: HTTP " + status);
                    break;
                }
                if (answered++ == 0) {
                    firstAnswer = System.nanoTime();
                }
            }
        } catch (final IOException ex) {
            LOG.log(System.Logger.Level.INFO, "query warm-up stopped: " + ex);
        }
        LOG.log(System.Logger.Level.INFO, "query path warmed: number formats in "
            + TimeUnit.NANOSECONDS.toMillis(formatted - start) + " ms, " + answered + " requests in "
            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - formatted) + " ms");
        return answered;
    }

    /** Whether to send another request after {@code answered} ones, {@code elapsedNanos} after the first answer. */
    static boolean more(final int answered, final long elapsedNanos) {
        final long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(elapsedNanos);
        return answered < MAX_REQUESTS && (elapsedMillis < BUDGET_MILLIS
            || answered < MIN_REQUESTS && elapsedMillis < MAX_MILLIS);
    }

    /**
     * The requests of the warm-up: the whole range of each of the {@link #SERIES} longest series, in both JSON forms,
     * alternately.
     */
    static List<String> targets(final Tsdb tsdb) {
        final List<SeriesInfo> longest = new ArrayList<>();
        for (final SeriesInfo info : tsdb.series()) {
            if (info.pointCount() > 0) {
                longest.add(info);
            }
        }
        longest.sort(Comparator.comparingLong(SeriesInfo::pointCount).reversed());
        final List<String> targets = new ArrayList<>();
        for (final SeriesInfo info : longest.subList(0, Math.min(SERIES, longest.size()))) {
            final String query = "/query?series=" + Long.toUnsignedString(info.seriesId()) + "&start="
                + info.minTimestampMillis() + "&end=" + info.maxTimestampMillis();
            targets.add(query);
            targets.add(query + "&format=compact");
        }
        return targets;
    }
}
