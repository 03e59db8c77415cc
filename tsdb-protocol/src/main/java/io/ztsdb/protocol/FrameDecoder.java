// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

import java.nio.ByteBuffer;

import static io.ztsdb.protocol.FrameDescriptor.HEADER_LENGTH;
import static io.ztsdb.protocol.FrameDescriptor.MAGIC_OFFSET;
import static io.ztsdb.protocol.FrameDescriptor.MAX_PAYLOAD_LENGTH_DEFAULT;
import static io.ztsdb.protocol.FrameDescriptor.MAX_PAYLOAD_LENGTH_LIMIT;
import static io.ztsdb.protocol.FrameDescriptor.PAYLOAD_LENGTH_OFFSET;
import static io.ztsdb.protocol.FrameDescriptor.TYPE_OFFSET;
import static io.ztsdb.protocol.FrameDescriptor.VERSION;
import static io.ztsdb.protocol.FrameDescriptor.VERSION_OFFSET;

/**
 * Transport-agnostic frame reassembler: feed it the bytes of a stream in chunks of any size, and it calls the
 * {@link FrameHandler} once per complete frame.
 * <p>
 * The header is validated as its bytes arrive (magic byte by byte, then version, type and payload length
 * against the limit), before any payload byte is buffered. A frame that lies whole inside a fed chunk is
 * handed over in place, without a copy; only frames split across chunks are copied into a reused
 * accumulator, which grows (up to header + limit) only for a frame larger than any seen before.
 * <p>
 * Errors are fatal to the stream: {@link #feed} throws a {@link ProtocolException} (bad magic, unsupported
 * version, unknown type, payload too long), after which the decoder refuses input until {@link #reset()}.
 * The caller answers with an error frame and closes the connection. At end of stream,
 * {@link #hasPartialFrame()} tells a truncated frame apart from a clean close.
 * <p>
 * An exception thrown by the handler propagates out of {@link #feed} and the rest of that chunk is not decoded;
 * a {@link ProtocolException} from the handler also fails the decoder. Treat either as the end of the stream or
 * {@link #reset()}.
 * <p>
 * Not thread-safe: one decoder per connection, fed from one thread.
 */
public final class FrameDecoder {
    private static final int INITIAL_CAPACITY = 4096;
    private static final byte[] MAGIC_BYTES = {'Z', 'T', 'S', 'D'};

    private final FrameHandler handler;
    private int maxPayloadLength;
    private ByteBuffer accumulator = ByteBuffer.allocate(INITIAL_CAPACITY);
    private int buffered;
    private int frameLength;
    private int frameType;
    private long streamOffset;
    private ProtocolException failure;

    /**
     * Creates a decoder with the default payload limit ({@link FrameDescriptor#MAX_PAYLOAD_LENGTH_DEFAULT}).
     *
     * @param handler receives complete frames.
     */
    public FrameDecoder(final FrameHandler handler) {
        this(handler, MAX_PAYLOAD_LENGTH_DEFAULT);
    }

    /**
     * Creates a decoder.
     *
     * @param handler          receives complete frames.
     * @param maxPayloadLength largest accepted payload in bytes; longer frames are rejected from their header.
     */
    public FrameDecoder(final FrameHandler handler, final int maxPayloadLength) {
        if (maxPayloadLength < 0 || maxPayloadLength > MAX_PAYLOAD_LENGTH_LIMIT) {
            throw new IllegalArgumentException("maxPayloadLength out of range: maxPayloadLength=" + maxPayloadLength);
        }
        this.handler = handler;
        this.maxPayloadLength = maxPayloadLength;
    }

    /** {@return the payload limit in bytes} */
    public int maxPayloadLength() {
        return maxPayloadLength;
    }

    /**
     * Changes the payload limit for the frames whose header is not read yet (a server accepts only small frames
     * before a client has authenticated).
     *
     * @param maxPayloadLength largest accepted payload in bytes.
     * @return this.
     */
    public FrameDecoder maxPayloadLength(final int maxPayloadLength) {
        if (maxPayloadLength < 0 || maxPayloadLength > MAX_PAYLOAD_LENGTH_LIMIT) {
            throw new IllegalArgumentException("maxPayloadLength out of range: maxPayloadLength=" + maxPayloadLength);
        }
        this.maxPayloadLength = maxPayloadLength;
        return this;
    }

    /**
     * Feeds the next bytes of the stream.
     *
     * @param buffer holding the bytes; read at absolute offsets, its position and limit are left alone.
     * @param offset of the first byte.
     * @param length number of bytes, below the buffer's limit.
     * @throws ProtocolException     on malformed input; the decoder is then failed until {@link #reset()}.
     * @throws IllegalStateException when fed after a failure.
     */
    public void feed(final ByteBuffer buffer, final int offset, final int length) {
        LittleEndian.checkRange(buffer, offset, length);
        if (failure != null) {
            throw new IllegalStateException("decoder failed earlier, reset() it or close the stream", failure);
        }
        try {
            int position = offset;
            final int end = offset + length;
            while (position < end) {
                position = buffered == 0 ? decodeInPlace(buffer, position, end) : accumulate(buffer, position, end);
            }
        } catch (final ProtocolException ex) {
            failure = ex;
            throw ex;
        }
    }

    /**
     * Whether bytes of an incomplete frame are held: true at end of stream means a truncated frame.
     *
     * @return true when a frame has started but not completed.
     */
    public boolean hasPartialFrame() {
        return buffered > 0;
    }

    /** {@return the number of bytes of the incomplete frame held} */
    public int bufferedBytes() {
        return buffered;
    }

    /** {@return the number of stream bytes consumed into complete frames so far} */
    public long streamOffset() {
        return streamOffset;
    }

    /**
     * A {@link ErrorCode#TRUNCATED_FRAME} exception describing the partial frame, for the caller to report at
     * end of stream.
     *
     * @return the exception (not thrown).
     */
    public ProtocolException truncatedFrameException() {
        return new ProtocolException(ErrorCode.TRUNCATED_FRAME,
            "stream ended inside a frame: bufferedBytes=" + buffered
            + (frameLength > 0 ? " frameLength=" + frameLength : " (inside the header)"), streamOffset);
    }

    /** Drops any partial frame and the failed state; the accumulator is kept for reuse. */
    public void reset() {
        buffered = 0;
        frameLength = 0;
        frameType = 0;
        streamOffset = 0;
        failure = null;
    }

    private int decodeInPlace(final ByteBuffer buffer, final int position, final int end) {
        final int available = end - position;
        if (available < HEADER_LENGTH) {
            checkHeaderPrefix(buffer, position, available);
            accumulator.put(0, buffer, position, available);
            buffered = available;
            return end;
        }
        final int payloadLength = checkHeader(buffer, position);
        final int type = LittleEndian.getUnsignedByte(buffer, position + TYPE_OFFSET);
        final int length = HEADER_LENGTH + payloadLength;
        if (available >= length) {
            streamOffset += length;
            handler.onFrame(type, buffer, position + HEADER_LENGTH, payloadLength);
            return position + length;
        }
        ensureCapacity(length);
        accumulator.put(0, buffer, position, available);
        buffered = available;
        frameLength = length;
        frameType = type;
        return end;
    }

    private int accumulate(final ByteBuffer buffer, final int position, final int end) {
        int at = position;
        if (frameLength == 0) {
            final int headerBytes = Math.min(HEADER_LENGTH - buffered, end - at);
            accumulator.put(buffered, buffer, at, headerBytes);
            buffered += headerBytes;
            at += headerBytes;
            if (buffered < HEADER_LENGTH) {
                checkHeaderPrefix(accumulator, 0, buffered);
                return at;
            }
            final int payloadLength = checkHeader(accumulator, 0);
            frameType = LittleEndian.getUnsignedByte(accumulator, TYPE_OFFSET);
            frameLength = HEADER_LENGTH + payloadLength;
            ensureCapacity(frameLength);
        }
        final int bytes = Math.min(frameLength - buffered, end - at);
        accumulator.put(buffered, buffer, at, bytes);
        buffered += bytes;
        at += bytes;
        if (buffered == frameLength) {
            final int length = frameLength;
            buffered = 0;
            frameLength = 0;
            streamOffset += length;
            handler.onFrame(frameType, accumulator, HEADER_LENGTH, length - HEADER_LENGTH);
        }
        return at;
    }

    private void checkHeaderPrefix(final ByteBuffer buffer, final int offset, final int available) {
        final int magicBytes = Math.min(available, MAGIC_BYTES.length);
        for (int i = 0; i < magicBytes; i++) {
            if (buffer.get(offset + MAGIC_OFFSET + i) != MAGIC_BYTES[i]) {
                throw badMagic(buffer, offset, magicBytes);
            }
        }
        if (available > VERSION_OFFSET) {
            checkVersion(LittleEndian.getUnsignedByte(buffer, offset + VERSION_OFFSET));
        }
        if (available > TYPE_OFFSET) {
            checkType(LittleEndian.getUnsignedByte(buffer, offset + TYPE_OFFSET));
        }
    }

    private int checkHeader(final ByteBuffer buffer, final int offset) {
        checkHeaderPrefix(buffer, offset, PAYLOAD_LENGTH_OFFSET);
        final long payloadLength = LittleEndian.getInt(buffer, offset + PAYLOAD_LENGTH_OFFSET) & 0xFFFF_FFFFL;
        if (payloadLength > maxPayloadLength) {
            throw new ProtocolException(ErrorCode.PAYLOAD_TOO_LONG,
                "payloadLength=" + payloadLength + " maxPayloadLength=" + maxPayloadLength, streamOffset);
        }
        return (int)payloadLength;
    }

    private void checkVersion(final int version) {
        if (version != VERSION) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION,
                "version=" + version + " supported=" + VERSION, streamOffset);
        }
    }

    private void checkType(final int type) {
        if (!MessageType.isKnown(type)) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "type=0x" + Integer.toHexString(type),
                streamOffset);
        }
    }

    private ProtocolException badMagic(final ByteBuffer buffer, final int offset, final int length) {
        final StringBuilder hex = new StringBuilder();
        for (int i = 0; i < length; i++) {
            hex.append(String.format("%02x", LittleEndian.getUnsignedByte(buffer, offset + i)));
        }
        return new ProtocolException(ErrorCode.BAD_MAGIC, "expected 5a545344 (\"ZTSD\"), got " + hex, streamOffset);
    }

    private void ensureCapacity(final int length) {
        if (accumulator.capacity() < length) {
            final int capacity = (int)Math.min(Math.max(2L * accumulator.capacity(), length),
                (long)HEADER_LENGTH + maxPayloadLength);
            final ByteBuffer grown = ByteBuffer.allocate(Math.max(capacity, length));
            grown.put(0, accumulator, 0, buffered);
            accumulator = grown;
        }
    }
}
