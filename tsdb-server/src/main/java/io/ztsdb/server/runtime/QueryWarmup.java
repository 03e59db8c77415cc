// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.runtime;

import io.ztsdb.core.SeriesInfo;
import io.ztsdb.core.Tsdb;
import io.ztsdb.server.http.QueryWarmups;
import io.ztsdb.server.security.HttpAccessRules;

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
 * were answered (at most {@link #MAX_MILLIS}; checked between requests), which gets the hot loops compiled. Then
 * {@link #ROUNDS} rounds (fewer when they have taken {@link #ROUNDS_MAX_MILLIS}) of a wait for the JIT compilers to
 * fall quiet, {@link #ROUND_QUERIES} more queries and {@link #ROUND_CONNECTIONS} new connections with one
 * {@value HttpAccessRules#HEALTH_PATH} request each, and a last wait for the compilers.
 * The first request of a fresh JVM loads and interprets the whole path (HTTP routing, block reads, chunk decoders,
 * JSON encoding) and takes hundreds of times longer than a warm one.
 * <p>
 * <b>Design note:</b> a first client query comes on a new connection, for a series of its own. Every warm-up
 * request therefore comes on a connection of its own ({@link LoopbackGet}): the accept, the set-up of the
 * connection's pipeline and its close run once per connection, and a warm-up over one kept-alive connection left
 * them interpreted. A few hundred connections were still too few: the code that runs once per connection or
 * request (Netty's accept, pipeline and close, Vert.x's connection and response, the guard) stayed mostly
 * interpreted: 30-40 % of the event loops' samples in the interpreter, 2-3 ms of event-loop and acceptor CPU for a
 * lone {@code curl} of {@value HttpAccessRules#HEALTH_PATH} (0.2 ms in a back-to-back series). The interpreter
 * asks for a compilation every 128 calls of a method, and the JIT raises its thresholds with the length of its
 * queue: with the two compiler threads of a 2-core host flooded by the warm-up, methods called a thousand times
 * and more were never queued ({@code HttpConnectionGuard.onConnection} after 1,500 connections). The rounds give
 * them more calls once the queue has drained; the last wait keeps the compilers' backlog from running beside the
 * first client query. Every round still sets the compilers working (100-300 ms of compiler CPU a round, measured
 * over six), so the JIT does not converge within a warm-up of seconds; four rounds instead of two took the queries
 * after start from 3.8-4.5 ms to 3.3-3.9 ms (curl on a new connection, 8,640 points, median of the 9 after the
 * first, six restarts each, alternated, load 1.9) and the first one from a median of 4.9 to 4.0 ms, for about
 * 1.5 s more of start. What the rounds cannot reach in seconds, the launcher's ahead-of-time cache brings (JDK 25:
 * the method profiles of a training run of this warm-up, {@code tsvdb aot-training}): with it the first query took
 * 2.9-3.4 ms, without it 3.9-8.6 ms, four restarts each, alternated. And the JIT compiles only the branches its
 * profile saw taken:
 * values of one series left other value shapes to a deoptimization in the first client query (server CPU of the
 * first query on a new connection, 300 warm-up requests, load 15-20: 22-34 ms with one series over one connection,
 * 5-9 ms with new connections and several series, the same as the queries after it). Skipped on an empty store and
 * when authentication or TLS is on (the loopback client holds no token and does not trust the certificate).
 */
final class QueryWarmup {
    private static final System.Logger LOG = System.getLogger(QueryWarmup.class.getName());
    /** Time spent on requests after the first one. */
    static final long BUDGET_MILLIS = 1_000;
    /**
     * Requests sent even past {@link #BUDGET_MILLIS}, up to {@link #MAX_MILLIS}: on a busy host the budget alone
     * left a dozen requests, too few for the JIT's higher tiers (the first query then cost 20-45 ms of server CPU).
     */
    static final int MIN_REQUESTS = 150;
    /** Longest time spent on requests after the first one. */
    static final long MAX_MILLIS = 6_000;
    /** Series queried, the longest ones: the values of one series take only some branches of the output path. */
    static final int SERIES = 8;
    /** Most requests sent. */
    static final int MAX_REQUESTS = 300;
    /**
     * Rounds after the queries, each a wait for the JIT compilers to fall quiet, then {@link #ROUND_QUERIES} queries
     * and {@link #ROUND_CONNECTIONS} {@value HttpAccessRules#HEALTH_PATH} requests, each on a new connection.
     */
    static final int ROUNDS = 4;
    /** No round starts after the rounds have taken this long (a busy host: each round waits for its time limits). */
    static final long ROUNDS_MAX_MILLIS = 5_000;
    /** Queries of one round. */
    static final int ROUND_QUERIES = 100;
    /** Connections of one round. */
    static final int ROUND_CONNECTIONS = 640;
    /** Longest time spent on the queries, or the connections, of one round. */
    static final long ROUND_MILLIS = 500;
    /** The JIT compilers count as quiet after this long of (almost) no work ({@link CompilerActivity}). */
    static final long JIT_QUIET_MILLIS = 50;
    /** Longest wait for the JIT compilers to fall quiet, each time. */
    static final long JIT_WAIT_MILLIS = 1_000;
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
        int queries = 0;
        int connections = 0;
        int rounds = 0;
        long jitMillis = 0;
        try {
            queries = queries(client, targets);
            final long roundsStart = System.nanoTime();
            for (; moreRounds(rounds, System.nanoTime() - roundsStart); rounds++) {
                jitMillis += CompilerActivity.awaitQuiet(JIT_QUIET_MILLIS, JIT_WAIT_MILLIS);
                queries += send(client, targets, queries, ROUND_QUERIES, ROUND_MILLIS);
                connections += send(client, List.of(HttpAccessRules.HEALTH_PATH), 0, ROUND_CONNECTIONS, ROUND_MILLIS);
            }
        } catch (final IOException ex) {
            LOG.log(System.Logger.Level.INFO, "query warm-up stopped: " + ex.getMessage());
        }
        jitMillis += CompilerActivity.awaitQuiet(JIT_QUIET_MILLIS, JIT_WAIT_MILLIS);
        LOG.log(System.Logger.Level.INFO, "query path warmed: number formats in "
            + TimeUnit.NANOSECONDS.toMillis(formatted - start) + " ms, " + queries + " requests and " + connections
            + " connections in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - formatted) + " ms (" + rounds
            + " rounds, " + jitMillis + " ms of them waiting for the JIT)");
        return queries;
    }

    /** The first queries: until {@link #more} says enough. */
    private static int queries(final LoopbackGet client, final List<String> targets) throws IOException {
        send(client, targets, 0, 1, REQUEST_TIMEOUT_MILLIS);
        final long firstAnswer = System.nanoTime();
        int answered = 1;
        while (more(answered, System.nanoTime() - firstAnswer)) {
            answered += send(client, targets, answered, 1, REQUEST_TIMEOUT_MILLIS);
        }
        return answered;
    }

    /**
     * Sends up to {@code count} requests, each on a new connection, for at most {@code maxMillis} (checked between
     * requests): {@code targets} in turn from index {@code offset}.
     *
     * @return the number of requests answered.
     * @throws IOException when one fails or is not answered with HTTP 200.
     */
    static int send(final LoopbackGet client, final List<String> targets, final int offset, final int count,
        final long maxMillis) throws IOException {
        final long start = System.nanoTime();
        final long max = TimeUnit.MILLISECONDS.toNanos(maxMillis);
        int answered = 0;
        while (answered < count && (answered == 0 || System.nanoTime() - start < max)) {
            final int status = client.get(targets.get((offset + answered) % targets.size()));
            if (status != 200) {
                throw new IOException("HTTP " + status);
            }
            answered++;
        }
        return answered;
    }

    /** Whether to send another request after {@code answered} ones, {@code elapsedNanos} after the first answer. */
    static boolean more(final int answered, final long elapsedNanos) {
        final long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(elapsedNanos);
        return answered < MAX_REQUESTS && (elapsedMillis < BUDGET_MILLIS
            || answered < MIN_REQUESTS && elapsedMillis < MAX_MILLIS);
    }

    /** Whether to start another round after {@code rounds} ones that took {@code elapsedNanos}. */
    static boolean moreRounds(final int rounds, final long elapsedNanos) {
        return rounds < ROUNDS && TimeUnit.NANOSECONDS.toMillis(elapsedNanos) < ROUNDS_MAX_MILLIS;
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
