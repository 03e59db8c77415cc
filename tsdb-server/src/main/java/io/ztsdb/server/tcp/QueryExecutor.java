// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.tcp;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.ztsdb.core.SampleCursor;
import io.ztsdb.core.Tsdb;
import io.ztsdb.protocol.Aggregation;
import io.ztsdb.protocol.DataResponseDescriptor;
import io.ztsdb.protocol.ErrorCode;
import io.ztsdb.protocol.FrameDescriptor;
import io.ztsdb.protocol.FrameEncoder;
import io.ztsdb.protocol.PointsFlyweight;
import io.ztsdb.protocol.ProtocolException;
import io.ztsdb.protocol.QueryRequestDescriptor;
import io.ztsdb.protocol.QueryRequestFlyweight;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Answers query (0x10) requests on a worker thread with one data (0x82) frame; a result with more points than
 * the server's query limit is answered with a {@link ErrorCode#QUERY_LIMIT_EXCEEDED} error that says how to
 * narrow it, never with a truncated frame.
 */
final class QueryExecutor {
    /** Points the first answer buffer holds; it doubles as a result grows. */
    private static final int INITIAL_POINTS = 128;
    private static final int POINTS_OFFSET = FrameDescriptor.HEADER_LENGTH + DataResponseDescriptor.POINTS_OFFSET;

    private final Vertx vertx;
    private final Tsdb tsdb;
    private final int maxPoints;

    QueryExecutor(final Vertx vertx, final Tsdb tsdb, final int maxPoints) {
        this.vertx = vertx;
        this.tsdb = tsdb;
        this.maxPoints = maxPoints;
    }

    /**
     * A decoded query request.
     *
     * @param aggregation the reduction per step, null for raw points.
     */
    record Request(long seriesId, long startMillis, long endMillis, long stepMillis,
        io.ztsdb.core.Aggregation aggregation) {
    }

    /**
     * Reads a query payload.
     *
     * @throws ProtocolException when the payload length or fields are invalid.
     */
    static Request decode(final ByteBuffer buffer, final int offset, final int length) {
        if (length != QueryRequestDescriptor.PLAIN_LENGTH && length != QueryRequestDescriptor.EXTENDED_LENGTH) {
            throw new ProtocolException(ErrorCode.BAD_PAYLOAD_LENGTH, "query payload must be "
                + QueryRequestDescriptor.PLAIN_LENGTH + " or " + QueryRequestDescriptor.EXTENDED_LENGTH
                + " bytes: payloadLength=" + length);
        }
        final QueryRequestFlyweight query = new QueryRequestFlyweight().wrap(buffer, offset, length);
        if (query.isExtended()) {
            final Aggregation aggregation = Aggregation.fromCode(query.aggregationCode());
            if (aggregation == null) {
                throw new ProtocolException(ErrorCode.MALFORMED_PAYLOAD, "unknown aggregation code: aggregation="
                    + query.aggregationCode());
            }
            if (aggregation == Aggregation.NONE && query.stepMillis() != 0) {
                throw new ProtocolException(ErrorCode.INVALID_ARGUMENT, "step without aggregation: stepMillis="
                    + query.stepMillis());
            }
            if (query.stepMillis() < 0) {
                throw new ProtocolException(ErrorCode.INVALID_ARGUMENT, "negative step: stepMillis="
                    + query.stepMillis());
            }
        }
        if (query.endMillis() < query.startMillis()) {
            throw new ProtocolException(ErrorCode.INVALID_ARGUMENT, "query end before start: startMillis="
                + query.startMillis() + " endMillis=" + query.endMillis());
        }
        final Aggregation aggregation = query.isExtended() ? Aggregation.fromCode(query.aggregationCode())
            : Aggregation.NONE;
        return new Request(query.seriesId(), query.startMillis(), query.endMillis(),
            query.isExtended() ? query.stepMillis() : 0,
            aggregation == Aggregation.NONE ? null : io.ztsdb.core.Aggregation.parse(aggregation.wireName()));
    }

    /** @return a future of the response frame (data or error), completed on the caller's context. */
    Future<Buffer> execute(final Request request) {
        return vertx.executeBlocking(() -> run(request), false);
    }

    private Buffer run(final Request request) {
        ByteBuffer frame = ByteBuffer.allocate(FrameEncoder.dataLength(INITIAL_POINTS));
        final PointsFlyweight points = new PointsFlyweight().wrap(frame, POINTS_OFFSET, INITIAL_POINTS);
        int count = 0;
        try (SampleCursor cursor = request.aggregation() == null
            ? tsdb.query(request.seriesId(), request.startMillis(), request.endMillis())
            : tsdb.query(request.seriesId(), request.startMillis(), request.endMillis(), request.stepMillis(),
                request.aggregation())) {
            while (cursor.next()) {
                if (count == maxPoints) {
                    return Responses.error(ErrorCode.QUERY_LIMIT_EXCEEDED, "query result has more than "
                        + maxPoints + " points, the server's limit; narrow the time range (startMillis="
                        + request.startMillis() + " endMillis=" + request.endMillis()
                        + ") or raise the server's --max-query-points");
                }
                if (count == points.pointCount()) {
                    final int room = (int)Math.min(2L * count, maxPoints);
                    frame = ByteBuffer.allocate(FrameEncoder.dataLength(room)).put(frame.array());
                    points.wrap(frame, POINTS_OFFSET, room);
                }
                points.point(count, request.seriesId(), cursor.timestampMillis(), cursor.value());
                count++;
            }
        }
        // The points are in place; the encoder writes the header and count around them.
        final FrameEncoder encoder = new FrameEncoder().wrap(frame, 0);
        encoder.beginData(count);
        encoder.endData();
        return Buffer.buffer(encoder.position() == frame.capacity() ? frame.array()
            : Arrays.copyOf(frame.array(), encoder.position()));
    }
}
