// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

import java.nio.ByteBuffer;

import static io.ztsdb.protocol.DataResponseDescriptor.POINTS_OFFSET;
import static io.ztsdb.protocol.DataResponseDescriptor.POINT_COUNT_OFFSET;
import static io.ztsdb.protocol.DataResponseDescriptor.RESERVED_OFFSET;

/**
 * Flyweight over a data payload ({@link DataResponseDescriptor}); the points are read through {@link #points()}.
 */
public final class DataResponseFlyweight {
    private final PointsFlyweight points = new PointsFlyweight();
    private ByteBuffer buffer;
    private int offset;

    /** Creates an unwrapped instance; wrap it before use, then reuse it. */
    public DataResponseFlyweight() {
    }

    /**
     * Wraps a data payload for decoding, checking that the count matches the payload length.
     *
     * @param buffer        holding the payload.
     * @param offset        of the payload.
     * @param payloadLength in bytes.
     * @return this.
     * @throws ProtocolException {@link ErrorCode#BAD_PAYLOAD_LENGTH} when they disagree.
     */
    public DataResponseFlyweight wrap(final ByteBuffer buffer, final int offset, final int payloadLength) {
        if (payloadLength < POINTS_OFFSET) {
            throw new ProtocolException(ErrorCode.BAD_PAYLOAD_LENGTH,
                "data payload shorter than 8 bytes: payloadLength=" + payloadLength);
        }
        final long count = (LittleEndian.getInt(buffer, offset + POINT_COUNT_OFFSET) & 0xFFFF_FFFFL);
        if (POINTS_OFFSET + count * DataPointDescriptor.LENGTH != payloadLength) {
            throw new ProtocolException(ErrorCode.BAD_PAYLOAD_LENGTH,
                "data payload length does not match its point count: pointCount=" + count
                + " payloadLength=" + payloadLength);
        }
        this.buffer = buffer;
        this.offset = offset;
        points.wrap(buffer, offset + POINTS_OFFSET, (int)count);
        return this;
    }

    /**
     * Wraps a buffer position for encoding: writes the count and zeroes the reserved bytes; then fill the
     * points through {@link #points()}.
     *
     * @param buffer     to write to.
     * @param offset     of the payload.
     * @param pointCount number of points that will follow.
     * @return this.
     */
    public DataResponseFlyweight wrapForEncode(final ByteBuffer buffer, final int offset,
        final int pointCount) {
        LittleEndian.putInt(buffer, offset + POINT_COUNT_OFFSET, pointCount);
        LittleEndian.putInt(buffer, offset + RESERVED_OFFSET, 0);
        this.buffer = buffer;
        this.offset = offset;
        points.wrap(buffer, offset + POINTS_OFFSET, pointCount);
        return this;
    }

    /** {@return the number of points} */
    public int pointCount() {
        return points.pointCount();
    }

    /** {@return the points (the same reused flyweight on every call)} */
    public PointsFlyweight points() {
        return points;
    }

    /** {@return the payload length: 8 + 24 x point count} */
    public int encodedLength() {
        return POINTS_OFFSET + points.encodedLength();
    }

    /** {@return the offset of the payload in its buffer} */
    public int offset() {
        return offset;
    }

    /** {@return the wrapped buffer} */
    public ByteBuffer buffer() {
        return buffer;
    }
}
