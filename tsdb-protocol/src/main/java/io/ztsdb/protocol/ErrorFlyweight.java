// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

import java.nio.ByteBuffer;

import static io.ztsdb.protocol.ErrorDescriptor.CODE_OFFSET;
import static io.ztsdb.protocol.ErrorDescriptor.MAX_MESSAGE_LENGTH;
import static io.ztsdb.protocol.ErrorDescriptor.MESSAGE_LENGTH_OFFSET;
import static io.ztsdb.protocol.ErrorDescriptor.MESSAGE_OFFSET;

/**
 * Flyweight over an error payload ({@link ErrorDescriptor}).
 */
public final class ErrorFlyweight {
    private ByteBuffer buffer;
    private int offset;

    /** Creates an unwrapped instance; wrap it before use, then reuse it. */
    public ErrorFlyweight() {
    }

    /**
     * Wraps an error payload for decoding, checking that the message length matches the payload length.
     *
     * @param buffer        holding the payload.
     * @param offset        of the payload.
     * @param payloadLength in bytes.
     * @return this.
     * @throws ProtocolException {@link ErrorCode#BAD_PAYLOAD_LENGTH} when the lengths disagree.
     */
    public ErrorFlyweight wrap(final ByteBuffer buffer, final int offset, final int payloadLength) {
        if (payloadLength < MESSAGE_OFFSET
            || MESSAGE_OFFSET + LittleEndian.getUnsignedShort(buffer, offset + MESSAGE_LENGTH_OFFSET)
            != payloadLength) {
            throw new ProtocolException(ErrorCode.BAD_PAYLOAD_LENGTH,
                "error payload length does not match its message length: payloadLength=" + payloadLength);
        }
        return wrapForEncode(buffer, offset);
    }

    /**
     * Wraps a buffer position for encoding with {@link #code(int)} and {@link #message(String)}.
     *
     * @param buffer to write to.
     * @param offset of the payload.
     * @return this.
     */
    public ErrorFlyweight wrapForEncode(final ByteBuffer buffer, final int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** {@return the u16 error code; see {@link ErrorCode#fromCode(int)}} */
    public int code() {
        return LittleEndian.getUnsignedShort(buffer, offset + CODE_OFFSET);
    }

    /**
     * Writes the error code.
     *
     * @param code the u16 error code.
     * @return this.
     */
    public ErrorFlyweight code(final int code) {
        LittleEndian.putShort(buffer, offset + CODE_OFFSET, code);
        return this;
    }

    /** {@return the message length in bytes} */
    public int messageLength() {
        return LittleEndian.getUnsignedShort(buffer, offset + MESSAGE_LENGTH_OFFSET);
    }

    /**
     * The message, decoded leniently (malformed UTF-8 becomes U+FFFD: an error is never lost to its text).
     *
     * @return the message.
     */
    public String message() {
        return Utf8.decodeLenient(buffer, offset + MESSAGE_OFFSET, messageLength());
    }

    /**
     * Writes the message, cut at a character boundary to 65,535 UTF-8 bytes.
     *
     * @param message the message.
     * @return this.
     */
    public ErrorFlyweight message(final String message) {
        Utf8.putU16Prefixed(buffer, offset + MESSAGE_LENGTH_OFFSET, message, MAX_MESSAGE_LENGTH, true);
        return this;
    }

    /**
     * The largest payload length an error with this message takes: 4 + its UTF-8 length, at most 65,535.
     *
     * @param message the message.
     * @return the payload length in bytes.
     */
    public static int encodedLength(final String message) {
        return MESSAGE_OFFSET + Math.min(Utf8.encodedLength(message), MAX_MESSAGE_LENGTH);
    }

    /** {@return the payload length: 4 + message length} */
    public int encodedLength() {
        return MESSAGE_OFFSET + messageLength();
    }
}
