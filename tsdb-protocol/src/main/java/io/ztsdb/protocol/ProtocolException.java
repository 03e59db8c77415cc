// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

/**
 * Malformed protocol input: the root exception of this module. Carries the {@link ErrorCode} to answer with
 * and, where known, the offset in the byte stream of the frame that failed.
 */
public class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Value of {@link #streamOffset()} when the offset is not known. */
    public static final long UNKNOWN_OFFSET = -1;

    /** The error code to answer with. */
    private final ErrorCode errorCode;
    /** Offset in the byte stream of the frame that failed, or {@link #UNKNOWN_OFFSET}. */
    private final long streamOffset;

    /**
     * Creates an exception with an unknown stream offset.
     *
     * @param errorCode what went wrong.
     * @param message   detail, with name=value pairs.
     */
    public ProtocolException(final ErrorCode errorCode, final String message) {
        this(errorCode, message, UNKNOWN_OFFSET);
    }

    /**
     * Creates an exception.
     *
     * @param errorCode    what went wrong.
     * @param message      detail, with name=value pairs.
     * @param streamOffset offset in the stream of the first byte of the failing frame, or {@link #UNKNOWN_OFFSET}.
     */
    public ProtocolException(final ErrorCode errorCode, final String message, final long streamOffset) {
        super(errorCode + ": " + message + (streamOffset >= 0 ? " (streamOffset=" + streamOffset + ")" : ""));
        this.errorCode = errorCode;
        this.streamOffset = streamOffset;
    }

    /**
     * The code to put in the error frame.
     *
     * @return the error code.
     */
    public ErrorCode errorCode() {
        return errorCode;
    }

    /**
     * Offset in the byte stream of the first byte of the failing frame.
     *
     * @return the offset, or {@link #UNKNOWN_OFFSET}.
     */
    public long streamOffset() {
        return streamOffset;
    }

    /**
     * Whether the connection must be closed after answering (see {@link ErrorCode#isFatal()}).
     *
     * @return true when the stream cannot be resynchronised.
     */
    public boolean isFatal() {
        return errorCode.isFatal();
    }
}
