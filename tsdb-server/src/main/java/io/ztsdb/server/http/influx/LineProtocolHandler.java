// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.influx;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.ztsdb.core.Tsdb;
import io.ztsdb.core.WriteResult;
import io.ztsdb.server.ingest.BodyReader;
import io.ztsdb.server.ingest.IngestForwarder;
import io.ztsdb.server.ingest.IngestReplies;
import io.ztsdb.server.ingest.IngestScratch;
import io.ztsdb.server.ingest.IngestWorkers;
import io.ztsdb.server.ingest.NewSeries;
import io.ztsdb.server.ingest.SeriesIdCache;
import io.ztsdb.server.ingest.SeriesRegistration;
import io.ztsdb.server.stats.IngestStats;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;

/**
 * {@code POST /write?db=&precision=} (InfluxDB 1.x) and {@code POST /api/v2/write?org=&bucket=&precision=}
 * (InfluxDB 2.x): 204 once every point is durable (in the WAL, and in the forwarder's queue when the server
 * forwards); 400 naming the bad lines (the good lines are written: a partial write, as InfluxDB answers it), 413
 * over the size limit, 5xx when a retry can succeed. Bodies may be gzip-encoded.
 * The database, bucket and organisation are required as InfluxDB requires them, and otherwise not used: ztsdb has
 * one namespace.
 */
public final class LineProtocolHandler implements Handler<RoutingContext> {
    /** Largest body accepted, as sent. */
    public static final int MAX_BODY_BYTES = 32 << 20;
    /** Largest body accepted, decompressed. */
    public static final int MAX_DECODED_BYTES = 128 << 20;
    private static final long CACHE_KEY_BYTES = 256L << 20;

    private final IngestForwarder forwarder;
    private final Tsdb tsdb;
    private final IngestStats stats;
    private final SeriesIdCache cache = new SeriesIdCache(CACHE_KEY_BYTES);
    private final SeriesRegistration registration;
    private final IngestScratch.Pool pool = new IngestScratch.Pool(16);
    private final IngestWorkers workers;

    /**
     * @param vertx     whose {@link IngestWorkers} decode and write the requests.
     * @param tsdb      the engine.
     * @param stats     counters of this protocol.
     * @param forwarder gets every written batch; a request is acknowledged once its queue has it durably.
     */
    public LineProtocolHandler(final Vertx vertx, final Tsdb tsdb, final IngestStats stats,
        final IngestForwarder forwarder) {
        this.forwarder = forwarder;
        this.tsdb = tsdb;
        this.stats = stats;
        this.registration = new SeriesRegistration(tsdb);
        this.workers = new IngestWorkers(vertx);
    }

    /** {@code GET|HEAD /ping}: what InfluxDB clients call to check the server. */
    public static void ping(final RoutingContext ctx) {
        ctx.response().setStatusCode(204).putHeader("X-Influxdb-Version", "ztsdb").end();
    }

    @Override
    public void handle(final RoutingContext ctx) {
        final boolean v2 = ctx.request().path().startsWith("/api/v2/");
        final String target = ctx.request().getParam(v2 ? "bucket" : "db");
        if (target == null || target.isEmpty()) {
            error(ctx, v2, 400, v2 ? "bucket is required" : "database is required");
            return;
        }
        final Precision precision = Precision.parse(ctx.request().getParam("precision"));
        if (precision == null) {
            error(ctx, v2, 400, "invalid precision " + ctx.request().getParam("precision")
                + ": use ns, us, ms, s (or n, u, m, h)");
            return;
        }
        final String encoding = ctx.request().getHeader("Content-Encoding");
        final boolean gzip = encoding != null && encoding.trim().equalsIgnoreCase("gzip");
        if (encoding != null && !gzip && !encoding.trim().equalsIgnoreCase("identity")) {
            error(ctx, v2, 415, "unsupported Content-Encoding " + encoding + ": use gzip or none");
            return;
        }
        final long now = System.currentTimeMillis();
        final IngestScratch scratch = pool.take();
        BodyReader.read(ctx.request(), MAX_BODY_BYTES, scratch.body).onComplete(read -> {
            if (read.failed()) {
                pool.give(scratch);
                IngestReplies.bodyFailed(ctx, read.cause(), stats);
            } else {
                ingest(ctx, scratch, v2, gzip, now, precision);
            }
        });
    }

    private void ingest(final RoutingContext ctx, final IngestScratch scratch, final boolean v2, final boolean gzip,
        final long now, final Precision precision) {
        stats.request(scratch.body.length());
        final LineProtocolDecoder decoder = new LineProtocolDecoder(cache);
        workers.submit(() -> decodeAndWrite(scratch, gzip, decoder, now, precision), (result, failure) -> {
            if (failure instanceof BadGzipException) {
                stats.rejected("malformed_body", 1);
                error(ctx, v2, 400, "cannot decompress the gzip body: " + failure.getMessage());
            } else if (failure != null) {
                IngestReplies.engineFailed(ctx, failure, stats);
            } else {
                stats.rejected("bad_line", decoder.badLines());
                stats.rejected("string_field", decoder.stringFields());
                stats.points(result.acceptedPoints());
                stats.rejected("out_of_order", result.rejectedPoints());
                answer(ctx, v2, result, decoder.errors(), decoder.badLines());
            }
        });
    }

    /** On an ingest worker: decodes the body (registering its new series), starts the write, frees the scratch. */
    private CompletableFuture<WriteResult> decodeAndWrite(final IngestScratch scratch, final boolean gzip,
        final LineProtocolDecoder decoder, final long now, final Precision precision) {
        try {
            try {
                inflate(scratch, gzip);
            } catch (final IOException ex) {
                throw new BadGzipException(ex.getMessage());
            }
            if (!decoder.decode(scratch, LineProtocolDecoder.Pass.FAST, now, precision, null, null)) {
                registerAndDecode(scratch, decoder, now, precision);
            }
            return forwarder.store(tsdb, scratch.points);
        } finally {
            pool.give(scratch);
        }
    }

    /** Lists the request's new series, registers them, then decodes with their ids. */
    private void registerAndDecode(final IngestScratch scratch, final LineProtocolDecoder decoder, final long now,
        final Precision precision) {
        scratch.points.clear();
        scratch.key.clear();
        final List<NewSeries> collected = new ArrayList<>();
        final Map<Long, NewSeries> byHash = new HashMap<>();
        decoder.decode(scratch, LineProtocolDecoder.Pass.COLLECT, now, precision, collected, byHash);
        stats.seriesCreated(registration.register(collected));
        for (final NewSeries series : collected) {
            if (series.id() != 0) {
                cache.put(scratch.key.array(), series.keyOffset(), series.keyLength(), series.keyHash(), series.id());
            }
        }
        decoder.decode(scratch, LineProtocolDecoder.Pass.WRITE, now, precision, null, byHash);
    }

    private static void inflate(final IngestScratch scratch, final boolean gzip) throws IOException {
        if (!gzip) {
            scratch.inflated.swap(scratch.body);
            return;
        }
        scratch.inflated.clear();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(scratch.body.array(), 0,
            scratch.body.length()), 64 << 10)) {
            while (true) {
                final int at = scratch.inflated.length();
                if (at >= MAX_DECODED_BYTES) {
                    throw new IOException("decompressed body larger than " + MAX_DECODED_BYTES + " bytes");
                }
                final byte[] into = scratch.inflated.ensureCapacity(Math.min(MAX_DECODED_BYTES, at + (64 << 10)));
                final int n = in.read(into, at, Math.min(into.length, MAX_DECODED_BYTES) - at);
                if (n < 0) {
                    return;
                }
                scratch.inflated.length(at + n);
            }
        }
    }

    private static void answer(final RoutingContext ctx, final boolean v2, final WriteResult result,
        final List<String> errors, final int badLines) {
        if (badLines == 0 && result.rejectedPoints() == 0) {
            ctx.response().setStatusCode(204).putHeader("X-Influxdb-Version", "ztsdb").end();
            return;
        }
        final StringBuilder message = new StringBuilder();
        if (badLines > 0) {
            message.append(String.join("\n", errors));
            if (badLines > errors.size()) {
                message.append("\n... ").append(badLines - errors.size()).append(" more bad lines");
            }
        }
        if (result.rejectedPoints() > 0) {
            message.append(message.isEmpty() ? "" : "\n").append(result.rejectedPoints())
                .append(" points out of order (older than the newest point of their series)");
        }
        final boolean partial = result.acceptedPoints() > 0;
        error(ctx, v2, 400, (partial ? "partial write: " : "") + message + (partial ? " dropped=" + badLines : ""));
    }

    /** @return the first line of a message, short and without control characters, for a header. */
    private static String headerValue(final String message) {
        final StringBuilder sb = new StringBuilder(Math.min(message.length(), 200));
        for (int i = 0; i < message.length() && sb.length() < 200; i++) {
            final char c = message.charAt(i);
            if (c == '\n') {
                break;
            }
            sb.append(c < ' ' || c == 127 ? ' ' : c);
        }
        return sb.toString();
    }

    private static void error(final RoutingContext ctx, final boolean v2, final int status, final String message) {
        final JsonObject body = v2 ? new JsonObject().put("code", status == 400 ? "invalid" : "internal error")
            .put("message", message) : new JsonObject().put("error", message);
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
            .putHeader("X-Influxdb-Error", headerValue(message))
            .end(body.encode());
    }

    /** A gzip body that does not decompress: answered with 400, nothing written. */
    private static final class BadGzipException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadGzipException(final String message) {
            super(message);
        }
    }
}
