// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.ztsdb.protocol.FrameDescriptor.BYTE_ORDER;
import static io.ztsdb.protocol.FrameDescriptor.HEADER_LENGTH;
import static io.ztsdb.protocol.FrameDescriptor.MAGIC;
import static io.ztsdb.protocol.FrameDescriptor.MAGIC_OFFSET;
import static io.ztsdb.protocol.FrameDescriptor.PAYLOAD_LENGTH_OFFSET;
import static io.ztsdb.protocol.FrameDescriptor.RESERVED_LENGTH;
import static io.ztsdb.protocol.FrameDescriptor.RESERVED_OFFSET;
import static io.ztsdb.protocol.FrameDescriptor.TYPE_OFFSET;
import static io.ztsdb.protocol.FrameDescriptor.VERSION;
import static io.ztsdb.protocol.FrameDescriptor.VERSION_OFFSET;

/**
 * Flyweight over the 16-byte frame header (layout in {@link FrameDescriptor}). Reusable: call {@link #wrap}
 * for each frame. The setters need a {@link MutableDirectBuffer}.
 */
public final class HeaderFlyweight {
    private DirectBuffer buffer;
    private int offset;

    /** Creates an unwrapped instance; wrap it before use, then reuse it. */
    public HeaderFlyweight() {
    }

    /**
     * Points this flyweight at a header.
     *
     * @param buffer holding the header.
     * @param offset of the header's first byte.
     * @return this.
     */
    public HeaderFlyweight wrap(final DirectBuffer buffer, final int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * Writes magic, version, the type, a zero length and zero reserved bytes.
     *
     * @param type the message type code.
     * @return this.
     */
    public HeaderFlyweight writeDefaults(final int type) {
        final MutableDirectBuffer b = mutable();
        b.putInt(offset + MAGIC_OFFSET, MAGIC, BYTE_ORDER);
        b.putByte(offset + VERSION_OFFSET, VERSION);
        b.putByte(offset + TYPE_OFFSET, (byte)type);
        b.putInt(offset + PAYLOAD_LENGTH_OFFSET, 0, BYTE_ORDER);
        b.setMemory(offset + RESERVED_OFFSET, RESERVED_LENGTH, (byte)0);
        return this;
    }

    /** @return the magic as a little-endian int ({@link FrameDescriptor#MAGIC} when valid). */
    public int magic() {
        return buffer.getInt(offset + MAGIC_OFFSET, BYTE_ORDER);
    }

    /**
     * Sets the magic.
     *
     * @param magic as a little-endian int.
     * @return this.
     */
    public HeaderFlyweight magic(final int magic) {
        mutable().putInt(offset + MAGIC_OFFSET, magic, BYTE_ORDER);
        return this;
    }

    /** @return the version byte, unsigned. */
    public int version() {
        return buffer.getByte(offset + VERSION_OFFSET) & 0xFF;
    }

    /**
     * Sets the version byte.
     *
     * @param version the version.
     * @return this.
     */
    public HeaderFlyweight version(final int version) {
        mutable().putByte(offset + VERSION_OFFSET, (byte)version);
        return this;
    }

    /** @return the message type code, unsigned. */
    public int type() {
        return buffer.getByte(offset + TYPE_OFFSET) & 0xFF;
    }

    /**
     * Sets the message type.
     *
     * @param type the code.
     * @return this.
     */
    public HeaderFlyweight type(final int type) {
        mutable().putByte(offset + TYPE_OFFSET, (byte)type);
        return this;
    }

    /** @return the payload length as an unsigned 32-bit value. */
    public long payloadLength() {
        return buffer.getInt(offset + PAYLOAD_LENGTH_OFFSET, BYTE_ORDER) & 0xFFFF_FFFFL;
    }

    /**
     * Sets the payload length.
     *
     * @param payloadLength bytes after the header.
     * @return this.
     */
    public HeaderFlyweight payloadLength(final int payloadLength) {
        mutable().putInt(offset + PAYLOAD_LENGTH_OFFSET, payloadLength, BYTE_ORDER);
        return this;
    }

    /** @return the length of the header, 16. */
    public int encodedLength() {
        return HEADER_LENGTH;
    }

    private MutableDirectBuffer mutable() {
        return (MutableDirectBuffer)buffer;
    }
}
