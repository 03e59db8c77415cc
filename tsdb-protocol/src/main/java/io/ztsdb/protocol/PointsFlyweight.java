// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

import java.nio.ByteBuffer;

import static io.ztsdb.protocol.DataPointDescriptor.LENGTH;
import static io.ztsdb.protocol.DataPointDescriptor.SERIES_ID_OFFSET;
import static io.ztsdb.protocol.DataPointDescriptor.TIMESTAMP_OFFSET;
import static io.ztsdb.protocol.DataPointDescriptor.VALUE_OFFSET;

/**
 * Flyweight over a run of 24-byte data points ({@link DataPointDescriptor}): the payload of insert and
 * insert_batch, and the points of a data response. Index-based accessors, no allocation: walk it with
 * {@code for (int i = 0; i < points.pointCount(); i++)}.
 * <p>
 * Offsets are absolute in the buffer; its position and byte order are ignored, and every point must lie below its
 * limit.
 * <p>
 * <b>Design note:</b> the whole run is checked once in {@code wrap}, and each read checks its index against
 * {@link #pointCount()} before a little-endian load through a byte-buffer view handle. That keeps a walk over a
 * frame at several hundred million points per second (InsertBatchDecodeBenchmark) with no {@code Unsafe}.
 */
public final class PointsFlyweight {
    private ByteBuffer buffer;
    private int offset;
    private int pointCount;

    /** Creates an unwrapped instance; wrap it before use, then reuse it. */
    public PointsFlyweight() {
    }

    /**
     * Wraps {@code pointCount} points starting at {@code offset}.
     *
     * @param buffer     holding the points (or the room for them, when encoding).
     * @param offset     of the first point.
     * @param pointCount number of points.
     * @return this.
     * @throws IndexOutOfBoundsException when the points do not fit below the buffer's limit.
     */
    public PointsFlyweight wrap(final ByteBuffer buffer, final int offset, final int pointCount) {
        if (pointCount < 0 || pointCount > Integer.MAX_VALUE / LENGTH) {
            throw new IllegalArgumentException("pointCount out of range: pointCount=" + pointCount);
        }
        LittleEndian.checkRange(buffer, offset, pointCount * LENGTH);
        this.buffer = buffer;
        this.offset = offset;
        this.pointCount = pointCount;
        return this;
    }

    /**
     * Wraps the payload of an insert_batch (or insert) frame, checking its length.
     *
     * @param buffer        holding the payload.
     * @param offset        of the payload.
     * @param payloadLength in bytes.
     * @return this.
     * @throws ProtocolException {@link ErrorCode#BAD_PAYLOAD_LENGTH} when the length is not a multiple of 24.
     */
    public PointsFlyweight wrapPayload(final ByteBuffer buffer, final int offset, final int payloadLength) {
        if (payloadLength < 0 || payloadLength % LENGTH != 0) {
            throw new ProtocolException(ErrorCode.BAD_PAYLOAD_LENGTH,
                "points payload is not a multiple of " + LENGTH + " bytes: payloadLength=" + payloadLength);
        }
        return wrap(buffer, offset, payloadLength / LENGTH);
    }

    /** {@return the number of points wrapped} */
    public int pointCount() {
        return pointCount;
    }

    /** {@return the length in bytes of the wrapped points} */
    public int encodedLength() {
        return pointCount * LENGTH;
    }

    /**
     * Reads the series id of one point.
     *
     * @param index of the point, 0-based.
     * @return its series id (u64 as a long).
     */
    public long seriesId(final int index) {
        return read(index, SERIES_ID_OFFSET);
    }

    /**
     * Reads the timestamp of one point.
     *
     * @param index of the point, 0-based.
     * @return its timestamp in milliseconds since the epoch.
     */
    public long timestampMillis(final int index) {
        return read(index, TIMESTAMP_OFFSET);
    }

    /**
     * Reads the value of one point.
     *
     * @param index of the point, 0-based.
     * @return its value.
     */
    public double value(final int index) {
        return Double.longBitsToDouble(read(index, VALUE_OFFSET));
    }

    /**
     * The raw IEEE 754 bits of a value, for bit-exact storage (NaN payloads included).
     *
     * @param index of the point, 0-based.
     * @return the value's 64 bits.
     */
    public long valueBits(final int index) {
        return read(index, VALUE_OFFSET);
    }

    private long read(final int index, final int fieldOffset) {
        if (index < 0 || index >= pointCount) {
            throw new IndexOutOfBoundsException("index=" + index + " pointCount=" + pointCount);
        }
        return LittleEndian.getLong(buffer, offset + index * LENGTH + fieldOffset);
    }

    /**
     * Writes one point; {@code index} may be past {@link #pointCount()}, which is not changed, as long as the
     * point lies below the buffer's limit.
     *
     * @param index           of the point, 0-based.
     * @param seriesId        series id.
     * @param timestampMillis timestamp in ms.
     * @param value           value.
     * @return this.
     */
    public PointsFlyweight point(final int index, final long seriesId, final long timestampMillis,
        final double value) {
        return pointBits(index, seriesId, timestampMillis, Double.doubleToRawLongBits(value));
    }

    /**
     * Writes one point with its value given as raw IEEE 754 bits.
     *
     * @param index           of the point, 0-based.
     * @param seriesId        series id.
     * @param timestampMillis timestamp in ms.
     * @param valueBits       the value's 64 bits.
     * @return this.
     */
    public PointsFlyweight pointBits(final int index, final long seriesId, final long timestampMillis,
        final long valueBits) {
        if (index < 0) {
            throw new IndexOutOfBoundsException("index=" + index);
        }
        final int at = offset + index * LENGTH;
        LittleEndian.putLong(buffer, at + SERIES_ID_OFFSET, seriesId);
        LittleEndian.putLong(buffer, at + TIMESTAMP_OFFSET, timestampMillis);
        LittleEndian.putLong(buffer, at + VALUE_OFFSET, valueBits);
        return this;
    }
}
