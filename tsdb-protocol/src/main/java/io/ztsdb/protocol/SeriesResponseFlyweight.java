// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.ztsdb.protocol.FrameDescriptor.BYTE_ORDER;
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
    private DirectBuffer buffer;
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
    public SeriesResponseFlyweight wrap(final DirectBuffer buffer, final int offset, final int payloadLength) {
        if (payloadLength != LENGTH) {
            throw new ProtocolException(ErrorCode.BAD_PAYLOAD_LENGTH,
                "series payload must be 16 bytes: payloadLength=" + payloadLength);
        }
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** @return the series id. */
    public long seriesId() {
        return buffer.getLong(offset + SERIES_ID_OFFSET, BYTE_ORDER);
    }

    /**
     * @param seriesId the series id.
     * @return this.
     */
    public SeriesResponseFlyweight seriesId(final long seriesId) {
        ((MutableDirectBuffer)buffer).putLong(offset + SERIES_ID_OFFSET, seriesId, BYTE_ORDER);
        return this;
    }

    /** @return the flags byte, unsigned. */
    public int flags() {
        return buffer.getByte(offset + FLAGS_OFFSET) & 0xFF;
    }

    /**
     * Sets the flags and zeroes the reserved bytes.
     *
     * @param flags the flags byte.
     * @return this.
     */
    public SeriesResponseFlyweight flags(final int flags) {
        final MutableDirectBuffer b = (MutableDirectBuffer)buffer;
        b.putByte(offset + FLAGS_OFFSET, (byte)flags);
        b.setMemory(offset + RESERVED_OFFSET, RESERVED_LENGTH, (byte)0);
        return this;
    }

    /** @return whether the registration created the series. */
    public boolean created() {
        return (flags() & FLAG_CREATED) != 0;
    }
}
