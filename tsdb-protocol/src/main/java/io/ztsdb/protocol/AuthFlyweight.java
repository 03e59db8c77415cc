// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

import java.nio.ByteBuffer;

import static io.ztsdb.protocol.AuthDescriptor.MAX_TOKEN_LENGTH;
import static io.ztsdb.protocol.AuthDescriptor.MIN_LENGTH;
import static io.ztsdb.protocol.AuthDescriptor.RESERVED_OFFSET;
import static io.ztsdb.protocol.AuthDescriptor.SCHEME_BEARER;
import static io.ztsdb.protocol.AuthDescriptor.SCHEME_OFFSET;
import static io.ztsdb.protocol.AuthDescriptor.TOKEN_LENGTH_OFFSET;
import static io.ztsdb.protocol.AuthDescriptor.TOKEN_OFFSET;

/**
 * Flyweight over an auth payload ({@link AuthDescriptor}). {@link #wrap} checks the structure, so the accessors
 * never read past the payload.
 */
public final class AuthFlyweight {
    private ByteBuffer buffer;
    private int offset;

    /** Creates an unwrapped instance; wrap it before use, then reuse it. */
    public AuthFlyweight() {
    }

    /**
     * Wraps and checks an auth payload.
     *
     * @param buffer        holding the payload.
     * @param offset        of the payload.
     * @param payloadLength in bytes.
     * @return this.
     * @throws ProtocolException {@link ErrorCode#BAD_PAYLOAD_LENGTH} when shorter than the fixed fields,
     *                           {@link ErrorCode#MALFORMED_PAYLOAD} for an unknown scheme or a token length that
     *                           does not end at the end of the payload.
     */
    public AuthFlyweight wrap(final ByteBuffer buffer, final int offset, final int payloadLength) {
        if (payloadLength < MIN_LENGTH) {
            throw new ProtocolException(ErrorCode.BAD_PAYLOAD_LENGTH,
                "auth payload must be at least " + MIN_LENGTH + " bytes: payloadLength=" + payloadLength);
        }
        LittleEndian.checkRange(buffer, offset, payloadLength);
        final int scheme = LittleEndian.getUnsignedByte(buffer, offset + SCHEME_OFFSET);
        if (scheme != SCHEME_BEARER) {
            throw new ProtocolException(ErrorCode.MALFORMED_PAYLOAD, "auth: unknown scheme: scheme=" + scheme
                + " (1 = bearer token)");
        }
        final int tokenLength = LittleEndian.getUnsignedShort(buffer, offset + TOKEN_LENGTH_OFFSET);
        if (TOKEN_OFFSET + tokenLength != payloadLength) {
            throw new ProtocolException(ErrorCode.MALFORMED_PAYLOAD, "auth: token length does not end at the end "
                + "of the payload: tokenLength=" + tokenLength + ", payloadLength=" + payloadLength);
        }
        return wrapForEncode(buffer, offset);
    }

    /**
     * Wraps a buffer position for encoding with {@link #token(byte[])}.
     *
     * @param buffer to write to.
     * @param offset of the payload.
     * @return this.
     */
    public AuthFlyweight wrapForEncode(final ByteBuffer buffer, final int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** {@return the scheme code, {@link AuthDescriptor#SCHEME_BEARER}} */
    public int scheme() {
        return LittleEndian.getUnsignedByte(buffer, offset + SCHEME_OFFSET);
    }

    /** {@return the token's length in bytes} */
    public int tokenLength() {
        return LittleEndian.getUnsignedShort(buffer, offset + TOKEN_LENGTH_OFFSET);
    }

    /** {@return the offset of the token's bytes in the buffer} */
    public int tokenOffset() {
        return offset + TOKEN_OFFSET;
    }

    /** {@return a copy of the token's bytes} */
    public byte[] tokenBytes() {
        final byte[] token = new byte[tokenLength()];
        buffer.get(tokenOffset(), token);
        return token;
    }

    /**
     * Writes a bearer token: scheme, reserved byte, length and bytes.
     *
     * @param token the token's bytes, at most {@link AuthDescriptor#MAX_TOKEN_LENGTH}.
     * @return this.
     */
    public AuthFlyweight token(final byte[] token) {
        if (token.length > MAX_TOKEN_LENGTH) {
            throw new IllegalArgumentException("token too long: length=" + token.length);
        }
        LittleEndian.checkRange(buffer, offset, TOKEN_OFFSET + token.length);
        LittleEndian.putByte(buffer, offset + SCHEME_OFFSET, SCHEME_BEARER);
        LittleEndian.putByte(buffer, offset + RESERVED_OFFSET, 0);
        LittleEndian.putShort(buffer, offset + TOKEN_LENGTH_OFFSET, token.length);
        buffer.put(offset + TOKEN_OFFSET, token);
        return this;
    }

    /** {@return the payload length written: the fixed fields plus the token} */
    public int encodedLength() {
        return TOKEN_OFFSET + tokenLength();
    }
}
