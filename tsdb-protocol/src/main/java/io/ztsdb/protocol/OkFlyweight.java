// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

import java.nio.ByteBuffer;

import static io.ztsdb.protocol.OkDescriptor.ACCEPTED_OFFSET;
import static io.ztsdb.protocol.OkDescriptor.LENGTH;
import static io.ztsdb.protocol.OkDescriptor.REJECTED_OFFSET;

/**
 * Flyweight over an ok payload ({@link OkDescriptor}).
 */
public final class OkFlyweight {
    private ByteBuffer buffer;
    private int offset;
    private int length;

    /** Creates an unwrapped instance; wrap it before use, then reuse it. */
    public OkFlyweight() {
    }

    /**
     * Wraps an ok payload.
     *
     * @param buffer        holding the payload.
     * @param offset        of the payload.
     * @param payloadLength 8, or 0 for an ok without counts.
     * @return this.
     * @throws ProtocolException {@link ErrorCode#BAD_PAYLOAD_LENGTH} for any other length.
     */
    public OkFlyweight wrap(final ByteBuffer buffer, final int offset, final int payloadLength) {
        if (payloadLength != LENGTH && payloadLength != 0) {
            throw new ProtocolException(ErrorCode.BAD_PAYLOAD_LENGTH,
                "ok payload must be 0 or 8 bytes: payloadLength=" + payloadLength);
        }
        this.buffer = buffer;
        this.offset = offset;
        this.length = payloadLength;
        return this;
    }

    /** {@return whether the counts are present (false for an empty payload)} */
    public boolean hasCounts() {
        return length == LENGTH;
    }

    /** {@return the accepted point count (u32), 0 when absent} */
    public long accepted() {
        return hasCounts() ? (LittleEndian.getInt(buffer, offset + ACCEPTED_OFFSET) & 0xFFFF_FFFFL) : 0;
    }

    /**
     * Writes the number of points the server accepted.
     *
     * @param accepted point count.
     * @return this.
     */
    public OkFlyweight accepted(final long accepted) {
        LittleEndian.putInt(buffer, offset + ACCEPTED_OFFSET, (int)accepted);
        return this;
    }

    /** {@return the rejected point count (u32), 0 when absent} */
    public long rejected() {
        return hasCounts() ? (LittleEndian.getInt(buffer, offset + REJECTED_OFFSET) & 0xFFFF_FFFFL) : 0;
    }

    /**
     * Writes the number of points the server rejected.
     *
     * @param rejected point count.
     * @return this.
     */
    public OkFlyweight rejected(final long rejected) {
        LittleEndian.putInt(buffer, offset + REJECTED_OFFSET, (int)rejected);
        return this;
    }
}
