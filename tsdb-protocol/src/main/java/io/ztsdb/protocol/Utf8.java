// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 helpers for the length-prefixed strings of the protocol (not on the point hot path).
 */
final class Utf8 {
    private Utf8() {
    }

    /** Decodes strictly: malformed input is a {@link ErrorCode#MALFORMED_PAYLOAD}. */
    static String decode(final ByteBuffer buffer, final int offset, final int length) {
        final byte[] bytes = new byte[length];
        buffer.get(offset, bytes);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
        } catch (final CharacterCodingException ex) {
            throw new ProtocolException(ErrorCode.MALFORMED_PAYLOAD, "invalid UTF-8: offset=" + offset);
        }
    }

    /** Decodes leniently: malformed input becomes U+FFFD. */
    static String decodeLenient(final ByteBuffer buffer, final int offset, final int length) {
        final byte[] bytes = new byte[length];
        buffer.get(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * The length of a string in UTF-8, without encoding it: unpaired surrogates count as the 1-byte '?' that
     * {@link String#getBytes(java.nio.charset.Charset)} writes for them.
     */
    static int encodedLength(final CharSequence value) {
        int length = 0;
        for (int i = 0, n = value.length(); i < n; i++) {
            final char c = value.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                length += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                length++;
            } else {
                length += 3;
            }
        }
        return length;
    }

    /**
     * Writes a string as UTF-8 after a u16 length; the string is cut (at a character boundary) to at most
     * {@code maxBytes} when {@code truncate}, else an over-long string is an IllegalArgumentException.
     *
     * @return bytes written including the 2-byte length.
     */
    static int putU16Prefixed(
        final ByteBuffer buffer, final int offset, final String value, final int maxBytes, final boolean truncate) {
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int length = bytes.length;
        if (length > maxBytes) {
            if (!truncate) {
                throw new IllegalArgumentException("string longer than " + maxBytes + " bytes in UTF-8: length="
                    + length);
            }
            length = maxBytes;
            while (length > 0 && (bytes[length] & 0xC0) == 0x80) {
                length--;
            }
        }
        LittleEndian.checkRange(buffer, offset, Short.BYTES + length);
        LittleEndian.putShort(buffer, offset, length);
        buffer.put(offset + Short.BYTES, bytes, 0, length);
        return Short.BYTES + length;
    }
}
