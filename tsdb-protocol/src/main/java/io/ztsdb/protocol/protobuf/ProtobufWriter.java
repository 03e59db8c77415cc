// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol.protobuf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes protobuf fields into a growable byte array. Embedded messages are opened with
 * {@link #beginMessage(int)} and closed with {@link #endMessage(int)}, which writes their length in front of them
 * (shifting the content when the length needs more than one byte), so the caller never computes sizes.
 * Reusable: {@link #reset()} keeps the array.
 */
public final class ProtobufWriter {
    private byte[] buffer;
    private int position;

    /** Creates a writer with a 4 KiB array. */
    public ProtobufWriter() {
        this(4096);
    }

    /**
     * Creates a writer.
     *
     * @param initialCapacity first size of the array.
     */
    public ProtobufWriter(final int initialCapacity) {
        this.buffer = new byte[Math.max(16, initialCapacity)];
    }

    /**
     * Empties the writer, keeping its array.
     *
     * @return this writer.
     */
    public ProtobufWriter reset() {
        position = 0;
        return this;
    }

    /** {@return bytes written} */
    public int length() {
        return position;
    }

    /** {@return the array holding {@link #length()} bytes (not a copy)} */
    public byte[] buffer() {
        return buffer;
    }

    /** {@return a copy of the bytes written} */
    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, position);
    }

    /**
     * Writes a varint field (skipped when 0, as proto3 does).
     *
     * @param number the field number.
     * @param value  the value.
     * @return this writer.
     */
    public ProtobufWriter int64Field(final int number, final long value) {
        if (value != 0) {
            varint(WireType.tag(number, WireType.VARINT));
            varint(value);
        }
        return this;
    }

    /**
     * Writes a double field (skipped when +0.0, as proto3 does).
     *
     * @param number the field number.
     * @param value  the value.
     * @return this writer.
     */
    public ProtobufWriter doubleField(final int number, final double value) {
        final long bits = Double.doubleToRawLongBits(value);
        if (bits != 0) {
            varint(WireType.tag(number, WireType.FIXED64));
            ensure(8);
            for (int i = 0; i < 8; i++) {
                buffer[position++] = (byte) (bits >>> (8 * i));
            }
        }
        return this;
    }

    /**
     * Writes a string field as UTF-8 (skipped when empty, as proto3 does).
     *
     * @param number the field number.
     * @param value  the value.
     * @return this writer.
     */
    public ProtobufWriter stringField(final int number, final String value) {
        if (!value.isEmpty()) {
            final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            varint(WireType.tag(number, WireType.LENGTH_DELIMITED));
            varint(bytes.length);
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buffer, position, bytes.length);
            position += bytes.length;
        }
        return this;
    }

    /**
     * Copies bytes that already hold encoded fields (a pre-encoded part of a message, such as a series' labels).
     *
     * @param source encoded fields.
     * @param offset where they start.
     * @param length how many bytes.
     * @return this.
     */
    public ProtobufWriter raw(final byte[] source, final int offset, final int length) {
        ensure(length);
        System.arraycopy(source, offset, buffer, position, length);
        position += length;
        return this;
    }

    /**
     * Opens an embedded message field.
     *
     * @param number the field number.
     * @return the mark to pass to {@link #endMessage(int)}.
     */
    public int beginMessage(final int number) {
        varint(WireType.tag(number, WireType.LENGTH_DELIMITED));
        ensure(1);
        position++;
        return position;
    }

    /**
     * Closes the embedded message opened at {@code mark}: writes its length before it.
     *
     * @param mark what {@link #beginMessage(int)} returned.
     * @return this writer.
     */
    public ProtobufWriter endMessage(final int mark) {
        final int length = position - mark;
        final int size = varintSize(length);
        if (size > 1) {
            ensure(size - 1);
            System.arraycopy(buffer, mark, buffer, mark + size - 1, length);
            position += size - 1;
        }
        int p = mark - 1;
        long v = length;
        while ((v & ~0x7fL) != 0) {
            buffer[p++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        buffer[p] = (byte) v;
        return this;
    }

    /**
     * Writes a raw varint.
     *
     * @param value the value.
     * @return this writer.
     */
    public ProtobufWriter varint(final long value) {
        ensure(10);
        long v = value;
        while ((v & ~0x7fL) != 0) {
            buffer[position++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        buffer[position++] = (byte) v;
        return this;
    }

    private static int varintSize(final long value) {
        int size = 1;
        long v = value;
        while ((v & ~0x7fL) != 0) {
            size++;
            v >>>= 7;
        }
        return size;
    }

    private void ensure(final int bytes) {
        if (position + bytes > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + bytes));
        }
    }
}
