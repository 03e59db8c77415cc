// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.prometheus;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.ztsdb.core.promql.ErrorType;
import io.ztsdb.core.promql.GoQuote;
import io.ztsdb.core.promql.LabelSet;
import io.ztsdb.core.promql.PromqlEngine;
import io.ztsdb.core.promql.PromqlException;
import io.ztsdb.core.promql.QueryResult;
import io.ztsdb.protocol.ProtocolException;
import io.ztsdb.protocol.prometheus.ReadRequest;
import io.ztsdb.protocol.prometheus.ReadRequestDecoder;
import io.ztsdb.protocol.prometheus.ReadResponseEncoder;
import io.ztsdb.protocol.prometheus.RemoteMatcher;
import io.ztsdb.protocol.snappy.SnappyBlock;

import java.util.List;

/**
 * {@code POST /api/v1/read}: Prometheus' remote read, SAMPLES responses only. The snappy-compressed
 * {@code ReadRequest} is decoded, each query's matchers select series as a PromQL selector would (name mapping
 * included), and their raw samples in the query's range go back in a snappy-compressed {@code ReadResponse}.
 * Errors are HTTP 400 with a text body, as Prometheus' handler answers them.
 */
final class RemoteReadHandler {
    /** Largest decompressed request accepted. */
    static final int MAX_REQUEST_BYTES = 32 << 20;
    private static final System.Logger LOG = System.getLogger(RemoteReadHandler.class.getName());

    private final Vertx vertx;
    private final PromqlEngine engine;
    private final long maxSamples;

    /**
     * @param maxSamples most samples in one response (Prometheus' {@code --storage.remote.read-sample-limit}).
     */
    RemoteReadHandler(final Vertx vertx, final PromqlEngine engine, final long maxSamples) {
        this.vertx = vertx;
        this.engine = engine;
        this.maxSamples = maxSamples;
    }

    void handle(final RoutingContext ctx) {
        final Buffer body = ctx.body().buffer();
        final byte[] compressed = body == null ? new byte[0] : body.getBytes();
        vertx.executeBlocking(() -> respond(compressed), false).onComplete(result -> {
            if (result.succeeded()) {
                ctx.response().setStatusCode(200).putHeader("Content-Type", "application/x-protobuf")
                    .putHeader("Content-Encoding", "snappy").end(Buffer.buffer(result.result()));
            } else if (result.cause() instanceof ProtocolException || result.cause() instanceof PromqlException) {
                ctx.response().setStatusCode(400).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end(result.cause().getMessage() + "\n");
            } else {
                LOG.log(System.Logger.Level.WARNING, "remote read failed", result.cause());
                ctx.response().setStatusCode(500).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end(String.valueOf(result.cause().getMessage()) + "\n");
            }
        });
    }

    private byte[] respond(final byte[] compressed) {
        final byte[] protobuf = SnappyBlock.decompress(compressed, 0, compressed.length, MAX_REQUEST_BYTES);
        final ReadRequest request = ReadRequestDecoder.decode(protobuf, 0, protobuf.length);
        if (!request.acceptsSamples()) {
            throw new PromqlException(ErrorType.BAD_DATA, "server does not support any of the " +
                "requested response types: " + request.acceptedResponseTypes() + "; supported: [SAMPLES]");
        }
        final ReadResponseEncoder encoder = new ReadResponseEncoder();
        long budget = maxSamples;
        for (final ReadRequest.Query query : request.queries()) {
            final List<QueryResult.Series> series = engine.readSeries(selector(query.matchers()),
                query.startTimestampMillis(), query.endTimestampMillis(), budget);
            encoder.beginResult();
            for (final QueryResult.Series s : series) {
                budget -= s.size();
                encoder.beginSeries();
                final LabelSet labels = s.labels();
                for (int i = 0; i < labels.size(); i++) {
                    encoder.label(labels.name(i), labels.value(i));
                }
                for (int i = 0; i < s.size(); i++) {
                    encoder.sample(s.timestampMillis(i), s.value(i));
                }
                encoder.endSeries();
            }
            encoder.endResult();
        }
        return encoder.toSnappy();
    }

    /** @return the matchers as PromQL selector text, e.g. {@code {__name__="up",job=~"a|b"}}. */
    static String selector(final List<RemoteMatcher> matchers) {
        final StringBuilder sb = new StringBuilder("{");
        for (final RemoteMatcher m : matchers) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(m.name()).append(m.type().operator());
            GoQuote.appendQuoted(sb, m.value());
        }
        return sb.append('}').toString();
    }
}
