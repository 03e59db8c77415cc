// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

/**
 * The u16 error codes carried in an error frame (see docs/protocol.md, "Error codes").
 * <p>
 * A {@linkplain #isFatal() fatal} code means the server could not keep its place in the byte stream: it sends
 * the error frame and then closes the connection. Any other code answers one request, and the connection
 * goes on serving the next one. Codes are never reused; a client must accept codes it does not know.
 */
public enum ErrorCode {
    /** The frame does not start with "ZTSD". Fatal. */
    BAD_MAGIC(0x0001, true),
    /** The version byte is not 0x01. Fatal. */
    UNSUPPORTED_VERSION(0x0002, true),
    /** The type byte is not a known message type. Fatal: the length of an unknown message can't be trusted. */
    UNKNOWN_TYPE(0x0003, true),
    /** The payload length is above the receiver's limit. Fatal: the payload is never read. */
    PAYLOAD_TOO_LONG(0x0004, true),
    /** The payload length does not fit the type: insert not 24, insert_batch not a multiple of 24, ... */
    BAD_PAYLOAD_LENGTH(0x0005, false),
    /** The stream ended inside a frame. Fatal (the peer closed its side). */
    TRUNCATED_FRAME(0x0006, true),
    /** The payload's content is invalid: string lengths past the end, bad UTF-8, unknown aggregation, ... */
    MALFORMED_PAYLOAD(0x0007, false),
    /** A response type (ok, error, data, series) was sent to the server as a request. */
    UNEXPECTED_TYPE(0x0008, false),
    /** A well-formed request with an invalid argument: start &gt; end, negative step, duplicate label, ... */
    INVALID_ARGUMENT(0x0009, false),
    /** The query would return more points than the server's limit; narrow the range or use a step. */
    QUERY_LIMIT_EXCEEDED(0x000A, false),
    /** A named series hashes to an id already taken by a different series. */
    SERIES_COLLISION(0x000B, false),
    /**
     * No valid credential: a request other than auth or ping before a successful auth, or an auth with an unknown
     * token, on a server that runs with authentication. Fatal: the server closes the connection.
     */
    UNAUTHENTICATED(0x000C, true),
    /** The credential is valid but lacks the role the request needs (a read token writing, ...). */
    FORBIDDEN(0x000D, false),
    /** The write would take the server past its series limit (cardinality limit); nothing of it is stored. */
    SERIES_LIMIT_EXCEEDED(0x000E, false),
    /** The server failed while processing a valid request. */
    SERVER_ERROR(0x0100, false),
    /** The points could not be made durable (WAL write or fsync failed): they are not acknowledged. */
    NOT_DURABLE(0x0101, false),
    /** The server is shutting down or over its limits; retry later, possibly on a new connection. */
    UNAVAILABLE(0x0102, false),
    /** The server's disk is full: the request's points are not stored; retry once space is freed. */
    STORAGE_FULL(0x0103, false);

    private static final ErrorCode[] BY_CODE_LOW = new ErrorCode[0x10];
    private static final ErrorCode[] BY_CODE_SERVER = new ErrorCode[0x10];

    static {
        for (final ErrorCode c : values()) {
            if (c.code < 0x100) {
                BY_CODE_LOW[c.code] = c;
            } else {
                BY_CODE_SERVER[c.code - 0x100] = c;
            }
        }
    }

    private final int code;
    private final boolean fatal;

    ErrorCode(final int code, final boolean fatal) {
        this.code = code;
        this.fatal = fatal;
    }

    /**
     * The u16 value on the wire.
     *
     * @return the code.
     */
    public int code() {
        return code;
    }

    /**
     * Whether the server closes the connection after sending this error.
     *
     * @return true when the byte stream cannot be resynchronised.
     */
    public boolean isFatal() {
        return fatal;
    }

    /**
     * Looks a wire code up.
     *
     * @param code the u16 value from an error frame.
     * @return the constant, or null for a code this version does not know.
     */
    public static ErrorCode fromCode(final int code) {
        if (code >= 0 && code < BY_CODE_LOW.length) {
            return BY_CODE_LOW[code];
        }
        if (code >= 0x100 && code < 0x100 + BY_CODE_SERVER.length) {
            return BY_CODE_SERVER[code - 0x100];
        }
        return null;
    }
}
