// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

import java.nio.ByteBuffer;

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
 * for each frame. The setters need a writable buffer.
 */
public final class HeaderFlyweight {
    private ByteBuffer buffer;
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
    public HeaderFlyweight wrap(final ByteBuffer buffer, final int offset) {
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
        LittleEndian.putInt(buffer, offset + MAGIC_OFFSET, MAGIC);
        LittleEndian.putByte(buffer, offset + VERSION_OFFSET, VERSION);
        LittleEndian.putByte(buffer, offset + TYPE_OFFSET, type);
        LittleEndian.putInt(buffer, offset + PAYLOAD_LENGTH_OFFSET, 0);
        LittleEndian.putZeros(buffer, offset + RESERVED_OFFSET, RESERVED_LENGTH);
        return this;
    }

    /** {@return the magic as a little-endian int ({@link FrameDescriptor#MAGIC} when valid)} */
    public int magic() {
        return LittleEndian.getInt(buffer, offset + MAGIC_OFFSET);
    }

    /**
     * Sets the magic.
     *
     * @param magic as a little-endian int.
     * @return this.
     */
    public HeaderFlyweight magic(final int magic) {
        LittleEndian.putInt(buffer, offset + MAGIC_OFFSET, magic);
        return this;
    }

    /** {@return the version byte, unsigned} */
    public int version() {
        return LittleEndian.getUnsignedByte(buffer, offset + VERSION_OFFSET);
    }

    /**
     * Sets the version byte.
     *
     * @param version the version.
     * @return this.
     */
    public HeaderFlyweight version(final int version) {
        LittleEndian.putByte(buffer, offset + VERSION_OFFSET, version);
        return this;
    }

    /** {@return the message type code, unsigned} */
    public int type() {
        return LittleEndian.getUnsignedByte(buffer, offset + TYPE_OFFSET);
    }

    /**
     * Sets the message type.
     *
     * @param type the code.
     * @return this.
     */
    public HeaderFlyweight type(final int type) {
        LittleEndian.putByte(buffer, offset + TYPE_OFFSET, type);
        return this;
    }

    /** {@return the payload length as an unsigned 32-bit value} */
    public long payloadLength() {
        return (LittleEndian.getInt(buffer, offset + PAYLOAD_LENGTH_OFFSET) & 0xFFFF_FFFFL);
    }

    /**
     * Sets the payload length.
     *
     * @param payloadLength bytes after the header.
     * @return this.
     */
    public HeaderFlyweight payloadLength(final int payloadLength) {
        LittleEndian.putInt(buffer, offset + PAYLOAD_LENGTH_OFFSET, payloadLength);
        return this;
    }

    /** {@return the length of the header, 16} */
    public int encodedLength() {
        return HEADER_LENGTH;
    }
}
