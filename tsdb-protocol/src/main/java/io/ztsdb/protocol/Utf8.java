// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Strict UTF-8 helpers for the length-prefixed strings of the protocol (not on the point hot path).
 */
final class Utf8 {
    private Utf8() {
    }

    static String decode(final DirectBuffer buffer, final int offset, final int length) {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
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

    /**
     * Writes a string as UTF-8 after a u16 length; the string is cut (at a character boundary) to at most
     * {@code maxBytes} when {@code truncate}, else an over-long string is an IllegalArgumentException.
     *
     * @return bytes written including the 2-byte length.
     */
    static int putU16Prefixed(
        final MutableDirectBuffer buffer, final int offset, final String value, final int maxBytes,
        final boolean truncate) {
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
        buffer.putShort(offset, (short)length, FrameDescriptor.BYTE_ORDER);
        buffer.putBytes(offset + Short.BYTES, bytes, 0, length);
        return Short.BYTES + length;
    }
}
