// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.tcp;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.ztsdb.core.Labels;
import io.ztsdb.core.SeriesCollisionException;
import io.ztsdb.core.SeriesInfo;
import io.ztsdb.core.Tsdb;
import io.ztsdb.protocol.ErrorCode;
import io.ztsdb.protocol.ProtocolException;
import io.ztsdb.protocol.RegisterSeriesDecoder;

import java.nio.ByteBuffer;

/**
 * Answers register_series (0x03) with a series (0x83) frame: the stable id of metric name + labels, registered
 * durably (the registry file is fsynced) on a worker thread before the answer is sent.
 */
final class SeriesRegistrar {
    private final Vertx vertx;
    private final Tsdb tsdb;
    private final RegisterSeriesDecoder decoder = new RegisterSeriesDecoder();

    SeriesRegistrar(final Vertx vertx, final Tsdb tsdb) {
        this.vertx = vertx;
        this.tsdb = tsdb;
    }

    /** A decoded, validated registration. */
    record Request(String metric, Labels labels) {
    }

    /**
     * Reads and validates a register_series payload, copying its strings (the buffer is reused).
     *
     * @throws ProtocolException {@code MALFORMED_PAYLOAD} for a bad structure or UTF-8,
     *                           {@code INVALID_ARGUMENT} for a bad metric or label name, an empty value or a
     *                           duplicate key.
     */
    Request decode(final ByteBuffer buffer, final int offset, final int length) {
        decoder.wrap(buffer, offset, length);
        final String metric = decoder.metricName();
        final String[] pairs = new String[decoder.labelCount() * 2];
        int i = 0;
        while (decoder.nextLabel()) {
            pairs[i++] = decoder.labelKey();
            pairs[i++] = decoder.labelValue();
        }
        try {
            return new Request(Labels.checkMetricName(metric), Labels.of(pairs));
        } catch (final IllegalArgumentException ex) {
            throw new ProtocolException(ErrorCode.INVALID_ARGUMENT, "cannot register series: " + ex.getMessage());
        }
    }

    /** @return a future of the response frame (series or error), completed on the caller's context. */
    Future<Buffer> execute(final Request request) {
        return vertx.executeBlocking(() -> run(request), false);
    }

    private Buffer run(final Request request) {
        try {
            final long id = Tsdb.seriesId(request.metric(), request.labels());
            // Informational: two racing first registrations may both say created.
            final SeriesInfo known = tsdb.findSeries(id);
            final boolean created = known == null || !known.isNamed();
            tsdb.registerSeries(request.metric(), request.labels());
            return Responses.series(id, created);
        } catch (final SeriesCollisionException ex) {
            return Responses.error(ErrorCode.SERIES_COLLISION, ex.getMessage());
        } catch (final IllegalArgumentException ex) {
            return Responses.error(ErrorCode.INVALID_ARGUMENT, "cannot register series: " + ex.getMessage());
        } catch (final IllegalStateException ex) {
            return Responses.error(ErrorCode.UNAVAILABLE, "database unavailable: " + ex.getMessage());
        } catch (final RuntimeException ex) {
            return Responses.error(ErrorCode.SERVER_ERROR, "series not registered: " + ex.getMessage()
                + "; the registration may be retried");
        }
    }
}
