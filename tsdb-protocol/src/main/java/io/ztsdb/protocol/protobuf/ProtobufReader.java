// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol.protobuf;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads protobuf fields from a byte array, each read checked against the end of the current message.
 * <pre>{@code
 * while (reader.hasRemaining()) {
 *     int tag = reader.readTag();
 *     switch (tag >>> 3) {
 *         case 1 -> { int end = reader.enterMessage(); ...; reader.exitMessage(end); }
 *         default -> reader.skip(tag);
 *     }
 * }
 * }</pre>
 * Unknown fields are skipped by the caller with {@link #skip(int)}; malformed input raises
 * {@link ProtobufFormatException}, never an index error.
 */
public final class ProtobufReader {
    private final byte[] buffer;
    private int position;
    private int limit;

    /**
     * Creates a reader of one encoded message in an array.
     *
     * @param buffer the encoded message.
     * @param offset where it starts.
     * @param length its length.
     */
    public ProtobufReader(final byte[] buffer, final int offset, final int length) {
        if (offset < 0 || length < 0 || offset + length > buffer.length) {
            throw new IllegalArgumentException("bad range: offset=" + offset + ", length=" + length + ", capacity=" +
                buffer.length);
        }
        this.buffer = buffer;
        this.position = offset;
        this.limit = offset + length;
    }

    /**
     * Reads another range of the same buffer, e.g. a second pass over an embedded message.
     *
     * @param offset where the range starts.
     * @param length its length.
     */
    public void reset(final int offset, final int length) {
        if (offset < 0 || length < 0 || offset + length > buffer.length) {
            throw new IllegalArgumentException("bad range: offset=" + offset + ", length=" + length + ", capacity=" +
                buffer.length);
        }
        position = offset;
        limit = offset + length;
    }

    /** {@return the end of the current message} */
    public int limit() {
        return limit;
    }

    /** {@return true while the current message has bytes left} */
    public boolean hasRemaining() {
        return position < limit;
    }

    /** {@return the current offset in the buffer} */
    public int position() {
        return position;
    }

    /** {@return the next field tag (field number &lt;&lt; 3 | wire type)} */
    public int readTag() {
        final long tag = readVarint();
        if (tag <= 0 || tag > Integer.MAX_VALUE || (tag >>> 3) == 0) {
            throw new ProtobufFormatException("bad field tag: tag=" + tag + ", offset=" + position);
        }
        return (int) tag;
    }

    /** {@return a varint (up to 64 bits)} */
    public long readVarint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= limit) {
                throw new ProtobufFormatException("truncated varint at offset=" + position);
            }
            final int b = buffer[position++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new ProtobufFormatException("varint longer than 10 bytes at offset=" + position);
    }

    /** {@return a little-endian fixed64 as a double} */
    public double readDouble() {
        return Double.longBitsToDouble(readFixed64());
    }

    /** {@return a little-endian fixed64} */
    public long readFixed64() {
        need(8);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value |= (buffer[position + i] & 0xffL) << (8 * i);
        }
        position += 8;
        return value;
    }

    /** {@return a length-delimited UTF-8 string} */
    public String readString() {
        final int length = readLength();
        try {
            final String value = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(buffer, position, length)).toString();
            position += length;
            return value;
        } catch (final CharacterCodingException ex) {
            throw new ProtobufFormatException("string is not UTF-8 at offset=" + position);
        }
    }

    /**
     * Enters an embedded message (or packed field): reads its length and limits reading to it.
     *
     * @return the limit to restore with {@link #exitMessage(int)}.
     */
    public int enterMessage() {
        final int length = readLength();
        final int outer = limit;
        limit = position + length;
        return outer;
    }

    /**
     * Leaves an embedded message: skips what was not read of it and restores the outer limit.
     *
     * @param outerLimit what {@link #enterMessage()} returned.
     */
    public void exitMessage(final int outerLimit) {
        position = limit;
        limit = outerLimit;
    }

    /**
     * Skips the value of a field with tag {@code tag}.
     *
     * @param tag the tag just read.
     */
    public void skip(final int tag) {
        switch (tag & 7) {
            case WireType.VARINT -> readVarint();
            case WireType.FIXED64 -> {
                need(8);
                position += 8;
            }
            case WireType.LENGTH_DELIMITED -> {
                final int length = readLength();
                position += length;
            }
            case WireType.FIXED32 -> {
                need(4);
                position += 4;
            }
            default -> throw new ProtobufFormatException("unsupported wire type " + (tag & 7) + " at offset=" +
                position);
        }
    }

    /**
     * Checks the wire type of a field.
     *
     * @param tag       the tag just read.
     * @param wireType  the wire type the field must have.
     * @throws ProtobufFormatException when it has another.
     */
    public void expectWireType(final int tag, final int wireType) {
        if ((tag & 7) != wireType) {
            throw new ProtobufFormatException("field " + (tag >>> 3) + " has wire type " + (tag & 7) + ", expected " +
                wireType + " at offset=" + position);
        }
    }

    private int readLength() {
        final long length = readVarint();
        if (length < 0 || length > limit - position) {
            throw new ProtobufFormatException("length past the end of the message: length=" + length + ", offset=" +
                position + ", remaining=" + (limit - position));
        }
        return (int) length;
    }

    private void need(final int bytes) {
        if (limit - position < bytes) {
            throw new ProtobufFormatException("truncated field at offset=" + position + ": needs " + bytes +
                " bytes, remaining=" + (limit - position));
        }
    }
}
