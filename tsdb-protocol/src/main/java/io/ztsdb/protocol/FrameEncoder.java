// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

import java.nio.ByteBuffer;
import java.util.Map;

import static io.ztsdb.protocol.FrameDescriptor.HEADER_LENGTH;

/**
 * Appends frames to a buffer: reserve the header, write the body, patch the length. Each message method
 * appends one whole frame at {@link #position()} and advances it, so many frames can be batched into one
 * write. For bodies written by hand: {@link #beginFrame(int)} returns the payload offset, then
 * {@link #endFrame(int)} patches the length.
 * <p>
 * Frames are written at absolute offsets below the buffer's limit; its position and byte order are left alone. The
 * buffer must be large enough: every frame has a fixed length but for register_series, auth and error, whose lengths
 * {@link #registerSeriesLength(String, Map)}, {@link #authLength(byte[])} and {@link #errorLength(String)} tell in
 * advance, and data, whose
 * length is {@link #dataLength(int)}. A frame that does not fit throws {@link IndexOutOfBoundsException}.
 * Reusable and allocation-free for every message but those carrying strings. Not thread-safe.
 */
public final class FrameEncoder {
    private final HeaderFlyweight header = new HeaderFlyweight();
    private final PointsFlyweight points = new PointsFlyweight();
    private final QueryRequestFlyweight query = new QueryRequestFlyweight();
    private final OkFlyweight ok = new OkFlyweight();
    private final ErrorFlyweight error = new ErrorFlyweight();
    private final DataResponseFlyweight data = new DataResponseFlyweight();
    private final SeriesResponseFlyweight series = new SeriesResponseFlyweight();
    private final RegisterSeriesEncoder register = new RegisterSeriesEncoder();
    private final AuthFlyweight auth = new AuthFlyweight();
    private ByteBuffer buffer;
    private int position;
    private int frameOffset = -1;

    /** Creates an unwrapped instance; wrap it before use, then reuse it. */
    public FrameEncoder() {
    }

    /**
     * Points the encoder at a buffer.
     *
     * @param buffer to append frames to.
     * @param offset where the first frame starts.
     * @return this.
     */
    public FrameEncoder wrap(final ByteBuffer buffer, final int offset) {
        this.buffer = buffer;
        this.position = offset;
        this.frameOffset = -1;
        return this;
    }

    /** {@return the offset just past the last complete frame} */
    public int position() {
        return position;
    }

    /** {@return the buffer frames are appended to} */
    public ByteBuffer buffer() {
        return buffer;
    }

    /**
     * The length of a register_series frame.
     *
     * @param metricName metric name.
     * @param labels     label names to values.
     * @return header + payload length in bytes.
     */
    public static int registerSeriesLength(final String metricName, final Map<String, String> labels) {
        return HEADER_LENGTH + RegisterSeriesEncoder.encodedLength(metricName, labels);
    }

    /**
     * The length of an auth frame.
     *
     * @param token the token's bytes.
     * @return header + payload length in bytes.
     */
    public static int authLength(final byte[] token) {
        return HEADER_LENGTH + AuthDescriptor.TOKEN_OFFSET + token.length;
    }

    /**
     * The largest length of an error frame with this message (the message is cut to 65,535 UTF-8 bytes).
     *
     * @param message the message.
     * @return header + payload length in bytes.
     */
    public static int errorLength(final String message) {
        return HEADER_LENGTH + ErrorFlyweight.encodedLength(message);
    }

    /**
     * The length of a data frame.
     *
     * @param pointCount number of points.
     * @return header + payload length in bytes.
     */
    public static int dataLength(final int pointCount) {
        return HEADER_LENGTH + DataResponseDescriptor.POINTS_OFFSET + pointCount * DataPointDescriptor.LENGTH;
    }

    /**
     * Writes a header with a zero length at {@link #position()} and starts a frame.
     *
     * @param type the message type code.
     * @return the offset of the payload, where the body goes.
     */
    public int beginFrame(final int type) {
        if (frameOffset >= 0) {
            throw new IllegalStateException("frame already begun: frameOffset=" + frameOffset);
        }
        LittleEndian.checkRange(buffer, position, HEADER_LENGTH);
        header.wrap(buffer, position).writeDefaults(type);
        frameOffset = position;
        return position + HEADER_LENGTH;
    }

    /**
     * Patches the payload length of the begun frame and moves {@link #position()} past it.
     *
     * @param payloadLength bytes written after the header.
     * @return the whole frame's length.
     */
    public int endFrame(final int payloadLength) {
        if (frameOffset < 0) {
            throw new IllegalStateException("no frame begun");
        }
        if (payloadLength < 0) {
            throw new IllegalArgumentException("payloadLength must be >= 0: payloadLength=" + payloadLength);
        }
        header.wrap(buffer, frameOffset).payloadLength(payloadLength);
        position = frameOffset + HEADER_LENGTH + payloadLength;
        frameOffset = -1;
        return HEADER_LENGTH + payloadLength;
    }

    /**
     * Appends an insert (0x01) frame of one point.
     *
     * @param seriesId        series id.
     * @param timestampMillis timestamp in ms.
     * @param value           value.
     * @return this.
     */
    public FrameEncoder insert(final long seriesId, final long timestampMillis, final double value) {
        final int payload = beginFrame(MessageType.INSERT);
        points.wrap(buffer, payload, 1).point(0, seriesId, timestampMillis, value);
        endFrame(DataPointDescriptor.LENGTH);
        return this;
    }

    /**
     * Begins an insert_batch (0x02) frame; write {@code pointCount} points with the returned flyweight, then
     * call {@link #endFrame(int)} with {@code pointCount * 24}, or use {@link #endInsertBatch()}.
     *
     * @param pointCount number of points the frame will carry.
     * @return a flyweight over the points area (reused).
     */
    public PointsFlyweight beginInsertBatch(final int pointCount) {
        final int payload = beginFrame(MessageType.INSERT_BATCH);
        return points.wrap(buffer, payload, pointCount);
    }

    /**
     * Ends a frame begun by {@link #beginInsertBatch(int)}.
     *
     * @return this.
     */
    public FrameEncoder endInsertBatch() {
        endFrame(points.encodedLength());
        return this;
    }

    /**
     * Appends a plain query (0x10) frame (24-byte payload).
     *
     * @param seriesId    series id.
     * @param startMillis inclusive start in ms.
     * @param endMillis   inclusive end in ms.
     * @return this.
     */
    public FrameEncoder query(final long seriesId, final long startMillis, final long endMillis) {
        final int payload = beginFrame(MessageType.QUERY);
        query.wrap(buffer, payload, QueryRequestDescriptor.PLAIN_LENGTH)
            .seriesId(seriesId).startMillis(startMillis).endMillis(endMillis);
        endFrame(QueryRequestDescriptor.PLAIN_LENGTH);
        return this;
    }

    /**
     * Appends an extended query (0x10) frame with step and aggregation (40-byte payload).
     *
     * @param seriesId    series id.
     * @param startMillis inclusive start in ms.
     * @param endMillis   inclusive end in ms.
     * @param stepMillis  bucket width in ms; 0 = one bucket over the whole range.
     * @param aggregation aggregation per bucket.
     * @return this.
     */
    public FrameEncoder query(final long seriesId, final long startMillis, final long endMillis,
        final long stepMillis, final Aggregation aggregation) {
        final int payload = beginFrame(MessageType.QUERY);
        query.wrap(buffer, payload, QueryRequestDescriptor.EXTENDED_LENGTH)
            .seriesId(seriesId).startMillis(startMillis).endMillis(endMillis)
            .stepMillis(stepMillis).aggregation(aggregation);
        endFrame(QueryRequestDescriptor.EXTENDED_LENGTH);
        return this;
    }

    /**
     * Appends a ping (0x20) frame, empty payload.
     *
     * @return this.
     */
    public FrameEncoder ping() {
        beginFrame(MessageType.PING);
        endFrame(0);
        return this;
    }

    /**
     * Appends a register_series (0x03) frame. Labels are written in the map's iteration order.
     *
     * @param metricName metric name.
     * @param labels     label names to values.
     * @return this.
     */
    public FrameEncoder registerSeries(final String metricName, final Map<String, String> labels) {
        final int payload = beginFrame(MessageType.REGISTER_SERIES);
        register.wrap(buffer, payload).metricName(metricName);
        for (final Map.Entry<String, String> label : labels.entrySet()) {
            register.label(label.getKey(), label.getValue());
        }
        endFrame(register.encodedLength());
        return this;
    }

    /**
     * Appends an auth (0x04) frame carrying a bearer token.
     *
     * @param token the token's bytes (at most 65,535).
     * @return this.
     */
    public FrameEncoder auth(final byte[] token) {
        final int payload = beginFrame(MessageType.AUTH);
        endFrame(auth.wrapForEncode(buffer, payload).token(token).encodedLength());
        return this;
    }

    /**
     * Appends an ok (0x80) frame.
     *
     * @param accepted points accepted.
     * @param rejected points rejected.
     * @return this.
     */
    public FrameEncoder ok(final long accepted, final long rejected) {
        final int payload = beginFrame(MessageType.OK);
        ok.wrap(buffer, payload, OkDescriptor.LENGTH).accepted(accepted).rejected(rejected);
        endFrame(OkDescriptor.LENGTH);
        return this;
    }

    /**
     * Appends an error (0x81) frame.
     *
     * @param code    the u16 error code.
     * @param message human-readable detail (cut to 65,535 UTF-8 bytes).
     * @return this.
     */
    public FrameEncoder error(final int code, final String message) {
        final int payload = beginFrame(MessageType.ERROR);
        endFrame(error.wrapForEncode(buffer, payload).code(code).message(message).encodedLength());
        return this;
    }

    /**
     * Appends an error (0x81) frame.
     *
     * @param code    the error code.
     * @param message human-readable detail.
     * @return this.
     */
    public FrameEncoder error(final ErrorCode code, final String message) {
        return error(code.code(), message);
    }

    /**
     * Begins a data (0x82) frame: writes the count; fill the points through the returned flyweight, then call
     * {@link #endData()}.
     *
     * @param pointCount number of points.
     * @return a flyweight over the points area (reused).
     */
    public PointsFlyweight beginData(final int pointCount) {
        final int payload = beginFrame(MessageType.DATA);
        return data.wrapForEncode(buffer, payload, pointCount).points();
    }

    /**
     * Ends a frame begun by {@link #beginData(int)}.
     *
     * @return this.
     */
    public FrameEncoder endData() {
        endFrame(data.encodedLength());
        return this;
    }

    /**
     * Appends a series (0x83) frame, the answer to register_series.
     *
     * @param seriesId the series id.
     * @param created  whether the registration created it.
     * @return this.
     */
    public FrameEncoder series(final long seriesId, final boolean created) {
        final int payload = beginFrame(MessageType.SERIES);
        series.wrap(buffer, payload, SeriesResponseDescriptor.LENGTH)
            .seriesId(seriesId).flags(created ? SeriesResponseDescriptor.FLAG_CREATED : 0);
        endFrame(SeriesResponseDescriptor.LENGTH);
        return this;
    }
}
