// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

import java.nio.ByteBuffer;

import static io.ztsdb.protocol.SeriesResponseDescriptor.FLAGS_OFFSET;
import static io.ztsdb.protocol.SeriesResponseDescriptor.FLAG_CREATED;
import static io.ztsdb.protocol.SeriesResponseDescriptor.LENGTH;
import static io.ztsdb.protocol.SeriesResponseDescriptor.RESERVED_LENGTH;
import static io.ztsdb.protocol.SeriesResponseDescriptor.RESERVED_OFFSET;
import static io.ztsdb.protocol.SeriesResponseDescriptor.SERIES_ID_OFFSET;

/**
 * Flyweight over a series payload ({@link SeriesResponseDescriptor}).
 */
public final class SeriesResponseFlyweight {
    private ByteBuffer buffer;
    private int offset;

    /** Creates an unwrapped instance; wrap it before use, then reuse it. */
    public SeriesResponseFlyweight() {
    }

    /**
     * Wraps a series payload.
     *
     * @param buffer        holding the payload.
     * @param offset        of the payload.
     * @param payloadLength must be 16.
     * @return this.
     * @throws ProtocolException {@link ErrorCode#BAD_PAYLOAD_LENGTH} for any other length.
     */
    public SeriesResponseFlyweight wrap(final ByteBuffer buffer, final int offset, final int payloadLength) {
        if (payloadLength != LENGTH) {
            throw new ProtocolException(ErrorCode.BAD_PAYLOAD_LENGTH,
                "series payload must be 16 bytes: payloadLength=" + payloadLength);
        }
        this.buffer = buffer;
        this.offset = offset;
        return this;
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
    public SeriesResponseFlyweight seriesId(final long seriesId) {
        LittleEndian.putLong(buffer, offset + SERIES_ID_OFFSET, seriesId);
        return this;
    }

    /** {@return the flags byte, unsigned} */
    public int flags() {
        return LittleEndian.getUnsignedByte(buffer, offset + FLAGS_OFFSET);
    }

    /**
     * Sets the flags and zeroes the reserved bytes.
     *
     * @param flags the flags byte.
     * @return this.
     */
    public SeriesResponseFlyweight flags(final int flags) {
        LittleEndian.putByte(buffer, offset + FLAGS_OFFSET, flags);
        LittleEndian.putZeros(buffer, offset + RESERVED_OFFSET, RESERVED_LENGTH);
        return this;
    }

    /** {@return whether the registration created the series} */
    public boolean created() {
        return (flags() & FLAG_CREATED) != 0;
    }
}
