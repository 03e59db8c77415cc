// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

import java.nio.ByteBuffer;

import static io.ztsdb.protocol.QueryRequestDescriptor.AGGREGATION_OFFSET;
import static io.ztsdb.protocol.QueryRequestDescriptor.END_OFFSET;
import static io.ztsdb.protocol.QueryRequestDescriptor.EXTENDED_LENGTH;
import static io.ztsdb.protocol.QueryRequestDescriptor.PLAIN_LENGTH;
import static io.ztsdb.protocol.QueryRequestDescriptor.RESERVED_LENGTH;
import static io.ztsdb.protocol.QueryRequestDescriptor.RESERVED_OFFSET;
import static io.ztsdb.protocol.QueryRequestDescriptor.SERIES_ID_OFFSET;
import static io.ztsdb.protocol.QueryRequestDescriptor.START_OFFSET;
import static io.ztsdb.protocol.QueryRequestDescriptor.STEP_OFFSET;

/**
 * Flyweight over a query payload, plain (24 bytes) or extended (40 bytes); see {@link QueryRequestDescriptor}.
 */
public final class QueryRequestFlyweight {
    private ByteBuffer buffer;
    private int offset;
    private int length;

    /** Creates an unwrapped instance; wrap it before use, then reuse it. */
    public QueryRequestFlyweight() {
    }

    /**
     * Wraps a query payload of the given length.
     *
     * @param buffer        holding the payload.
     * @param offset        of the payload.
     * @param payloadLength 24 (plain) or 40 (extended).
     * @return this.
     * @throws ProtocolException {@link ErrorCode#BAD_PAYLOAD_LENGTH} for any other length.
     */
    public QueryRequestFlyweight wrap(final ByteBuffer buffer, final int offset, final int payloadLength) {
        if (payloadLength != PLAIN_LENGTH && payloadLength != EXTENDED_LENGTH) {
            throw new ProtocolException(ErrorCode.BAD_PAYLOAD_LENGTH,
                "query payload must be " + PLAIN_LENGTH + " or " + EXTENDED_LENGTH + " bytes: payloadLength="
                + payloadLength);
        }
        this.buffer = buffer;
        this.offset = offset;
        this.length = payloadLength;
        return this;
    }

    /** {@return the payload length, 24 or 40} */
    public int encodedLength() {
        return length;
    }

    /** {@return whether this is the 40-byte form with step and aggregation} */
    public boolean isExtended() {
        return length == EXTENDED_LENGTH;
    }

    /** {@return the series id} */
    public long seriesId() {
        return LittleEndian.getLong(buffer, offset + SERIES_ID_OFFSET);
    }

    /**
     * Writes the series id.
     *
     * @param seriesId the series id.
     * @return this.
     */
    public QueryRequestFlyweight seriesId(final long seriesId) {
        LittleEndian.putLong(buffer, offset + SERIES_ID_OFFSET, seriesId);
        return this;
    }

    /** {@return the inclusive range start in ms} */
    public long startMillis() {
        return LittleEndian.getLong(buffer, offset + START_OFFSET);
    }

    /**
     * Writes the start of the range.
     *
     * @param startMillis inclusive range start in ms.
     * @return this.
     */
    public QueryRequestFlyweight startMillis(final long startMillis) {
        LittleEndian.putLong(buffer, offset + START_OFFSET, startMillis);
        return this;
    }

    /** {@return the inclusive range end in ms} */
    public long endMillis() {
        return LittleEndian.getLong(buffer, offset + END_OFFSET);
    }

    /**
     * Writes the end of the range.
     *
     * @param endMillis inclusive range end in ms.
     * @return this.
     */
    public QueryRequestFlyweight endMillis(final long endMillis) {
        LittleEndian.putLong(buffer, offset + END_OFFSET, endMillis);
        return this;
    }

    /** {@return the step in ms; 0 for the plain form} */
    public long stepMillis() {
        return isExtended() ? LittleEndian.getLong(buffer, offset + STEP_OFFSET) : 0;
    }

    /**
     * Sets the step; also zeroes the reserved bytes. Extended form only.
     *
     * @param stepMillis step in ms.
     * @return this.
     */
    public QueryRequestFlyweight stepMillis(final long stepMillis) {
        requireExtended();
        LittleEndian.putLong(buffer, offset + STEP_OFFSET, stepMillis);
        LittleEndian.putZeros(buffer, offset + RESERVED_OFFSET, RESERVED_LENGTH);
        return this;
    }

    /** {@return the raw aggregation byte, unsigned; 0 (none) for the plain form} */
    public int aggregationCode() {
        return isExtended() ? LittleEndian.getUnsignedByte(buffer, offset + AGGREGATION_OFFSET)
            : Aggregation.NONE.code();
    }

    /**
     * The aggregation, validated.
     *
     * @return the aggregation; {@link Aggregation#NONE} for the plain form.
     * @throws ProtocolException {@link ErrorCode#MALFORMED_PAYLOAD} for an unknown code.
     */
    public Aggregation aggregation() {
        final int code = aggregationCode();
        final Aggregation aggregation = Aggregation.fromCode(code);
        if (aggregation == null) {
            throw new ProtocolException(ErrorCode.MALFORMED_PAYLOAD, "unknown aggregation: code=" + code);
        }
        return aggregation;
    }

    /**
     * Sets the aggregation. Extended form only.
     *
     * @param aggregation the aggregation.
     * @return this.
     */
    public QueryRequestFlyweight aggregation(final Aggregation aggregation) {
        requireExtended();
        LittleEndian.putByte(buffer, offset + AGGREGATION_OFFSET, aggregation.code());
        return this;
    }

    private void requireExtended() {
        if (!isExtended()) {
            throw new IllegalStateException("step and aggregation need the extended form: length=" + length);
        }
    }
}
