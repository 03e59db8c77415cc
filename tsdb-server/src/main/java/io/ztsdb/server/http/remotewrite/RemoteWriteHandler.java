// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.remotewrite;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.ztsdb.core.Tsdb;
import io.ztsdb.core.WriteResult;
import io.ztsdb.protocol.protobuf.ProtobufFormatException;
import io.ztsdb.protocol.snappy.SnappyBlock;
import io.ztsdb.protocol.snappy.SnappyFormatException;
import io.ztsdb.server.ingest.BodyReader;
import io.ztsdb.server.ingest.IngestForwarder;
import io.ztsdb.server.ingest.IngestReplies;
import io.ztsdb.server.ingest.IngestScratch;
import io.ztsdb.server.ingest.IngestWorkers;
import io.ztsdb.server.ingest.MetricMetadataStore;
import io.ztsdb.server.ingest.NewSeries;
import io.ztsdb.server.ingest.SeriesIdCache;
import io.ztsdb.server.ingest.SeriesRegistration;
import io.ztsdb.server.stats.IngestStats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /api/v1/write}, remote write 1.0 and 2.0 as the specifications ask, by the {@code Content-Type}
 * ({@link RemoteWriteProto}): 204 once every sample is durable in the WAL (and in the forwarder's queue when the
 * server forwards); 400 with a text body for a malformed body or refused samples (the sender must not retry; the
 * valid samples of the request are written); 413 for a body over the limit; 415 for another encoding or message;
 * 5xx only when a retry can succeed (engine closing, WAL failure). 2.0 answers (204 and 400 for refused samples)
 * carry the {@code X-Prometheus-Remote-Write-*-Written} counts.
 * <p>
 * The event loop reads the body; an {@link IngestWorkers} thread decompresses, decodes and writes it, registering
 * the new series of a request first (one fsync for all).
 */
public final class RemoteWriteHandler implements Handler<RoutingContext> {
    /** Largest compressed body accepted. */
    public static final int MAX_BODY_BYTES = 32 << 20;
    /** Largest decompressed body accepted. */
    public static final int MAX_DECODED_BYTES = 128 << 20;
    private static final long CACHE_KEY_BYTES = 256L << 20;

    private final IngestForwarder forwarder;
    private final Tsdb tsdb;
    private final IngestStats stats;
    private final MetricMetadataStore metadata;
    private final SeriesIdCache cache = new SeriesIdCache(CACHE_KEY_BYTES);
    private final SeriesRegistration registration;
    private final IngestScratch.Pool pool = new IngestScratch.Pool(16);
    private final WriteRequestV2Decoder.Resources v2;
    private final IngestWorkers workers;

    /**
     * @param vertx     whose {@link IngestWorkers} decode and write the requests.
     * @param tsdb      the engine.
     * @param stats     counters of this protocol.
     * @param metadata  receives the metric metadata the senders report.
     * @param forwarder gets every written batch; a request is acknowledged once its queue has it durably.
     */
    public RemoteWriteHandler(final Vertx vertx, final Tsdb tsdb, final IngestStats stats,
        final MetricMetadataStore metadata, final IngestForwarder forwarder) {
        this.forwarder = forwarder;
        this.tsdb = tsdb;
        this.stats = stats;
        this.metadata = metadata;
        this.registration = new SeriesRegistration(tsdb);
        this.v2 = new WriteRequestV2Decoder.Resources(metadata);
        this.workers = new IngestWorkers(vertx);
    }

    @Override
    public void handle(final RoutingContext ctx) {
        final String encoding = ctx.request().getHeader("Content-Encoding");
        final String type = ctx.request().getHeader("Content-Type");
        if (encoding != null && !encoding.trim().equalsIgnoreCase("snappy")) {
            refuse(ctx, 415, "unsupported Content-Encoding " + encoding + ": remote write 1.0 bodies are snappy "
                + "block-compressed (Content-Encoding: snappy)");
            return;
        }
        final RemoteWriteProto proto;
        try {
            proto = RemoteWriteProto.of(type);
        } catch (final IllegalArgumentException unsupported) {
            refuse(ctx, 415, unsupported.getMessage());
            return;
        }
        final IngestScratch scratch = pool.take();
        BodyReader.read(ctx.request(), MAX_BODY_BYTES, scratch.body).onComplete(read -> {
            if (read.failed()) {
                pool.give(scratch);
                IngestReplies.bodyFailed(ctx, read.cause(), stats);
            } else {
                ingest(ctx, scratch, proto == RemoteWriteProto.V2 ? new WriteRequestV2Decoder(cache, v2)
                    : new WriteRequestDecoder(cache, metadata));
            }
        });
    }

    private void refuse(final RoutingContext ctx, final int status, final String message) {
        stats.rejected("unsupported_format", 1);
        IngestReplies.text(ctx, status, message);
    }

    private void ingest(final RoutingContext ctx, final IngestScratch scratch, final RemoteWriteDecoder decoder) {
        stats.request(scratch.body.length());
        workers.submit(() -> decodeAndWrite(scratch, decoder), (result, failure) -> {
            if (failure instanceof SnappyFormatException || failure instanceof ProtobufFormatException) {
                stats.rejected("malformed_body", 1);
                IngestReplies.text(ctx, 400, "malformed remote-write request (snappy-compressed protobuf "
                    + decoder.proto().message() + " expected): " + failure.getMessage() + "; nothing was written");
            } else if (failure != null) {
                IngestReplies.engineFailed(ctx, failure, stats);
            } else {
                if (decoder.proto() == RemoteWriteProto.V2) {
                    RemoteWriteV2Headers.written(ctx.response(), result.acceptedPoints());
                }
                answer(ctx, result, decoder.refusedSamples(), decoder.skippedHistograms(), decoder.firstError());
            }
        });
    }

    /** On an ingest worker: decodes the body (registering its new series), starts the write, frees the scratch. */
    private CompletableFuture<WriteResult> decodeAndWrite(final IngestScratch scratch,
        final RemoteWriteDecoder decoder) {
        try {
            inflate(scratch);
            if (!decoder.decode(scratch, WriteRequestDecoder.Pass.FAST, null, null)) {
                registerAndDecode(scratch, decoder);
            }
            return forwarder.store(tsdb, scratch.points);
        } finally {
            pool.give(scratch);
        }
    }

    private void inflate(final IngestScratch scratch) {
        final byte[] body = scratch.body.array();
        final int length = SnappyBlock.uncompressedLength(body, 0, scratch.body.length());
        if (length > MAX_DECODED_BYTES) {
            throw new SnappyFormatException("decompressed body too large: " + length + " bytes, the limit is "
                + MAX_DECODED_BYTES);
        }
        scratch.inflated.ensureCapacity(length);
        scratch.inflated.length(SnappyBlock.decompress(body, 0, scratch.body.length(), scratch.inflated.array(), 0));
    }

    /** Lists the request's new series, registers them, then decodes with their ids. */
    private void registerAndDecode(final IngestScratch scratch, final RemoteWriteDecoder decoder) {
        scratch.points.clear();
        scratch.key.clear();
        final List<NewSeries> collected = new ArrayList<>();
        final Map<Long, NewSeries> byHash = new HashMap<>();
        decoder.decode(scratch, WriteRequestDecoder.Pass.COLLECT, collected, byHash);
        stats.seriesCreated(registration.register(collected));
        for (final NewSeries series : collected) {
            if (series.id() != 0) {
                cache.put(scratch.key.array(), series.keyOffset(), series.keyLength(), series.keyHash(), series.id());
            }
        }
        decoder.decode(scratch, WriteRequestDecoder.Pass.WRITE, null, byHash);
    }

    private void answer(final RoutingContext ctx, final WriteResult result, final int refused, final int histograms,
        final String firstError) {
        stats.points(result.acceptedPoints());
        stats.rejected("out_of_order", result.rejectedPoints());
        stats.rejected("invalid_series", refused);
        stats.rejected("native_histogram", histograms);
        final int notWritten = refused + result.rejectedPoints();
        if (notWritten == 0 && histograms == 0) {
            ctx.response().setStatusCode(204).end();
            return;
        }
        final StringBuilder message = new StringBuilder();
        message.append(notWritten).append(" of ").append(notWritten + result.acceptedPoints())
            .append(" samples refused, the other ").append(result.acceptedPoints()).append(" were written");
        if (result.rejectedPoints() > 0) {
            message.append("; ").append(result.rejectedPoints())
                .append(" out of order (older than the newest sample of their series)");
        }
        if (firstError != null) {
            message.append("; ").append(refused).append(" of refused series, the first: ").append(firstError);
        }
        if (histograms > 0) {
            message.append("; ").append(histograms).append(" native histograms skipped (not supported)");
        }
        IngestReplies.text(ctx, 400, message.toString());
    }
}
