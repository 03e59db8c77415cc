// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

/**
 * Message type codes carried in the header's type byte.
 * <p>
 * Requests have the high bit clear, responses have it set. A client that never sends {@link #REGISTER_SERIES}
 * never receives {@link #SERIES}, so a client of the id-only subset (insert, query, ping) needs no more.
 */
public final class MessageType {
    /** One data point (payload exactly 24 bytes). */
    public static final int INSERT = 0x01;
    /** n data points (payload a multiple of 24 bytes). */
    public static final int INSERT_BATCH = 0x02;
    /** Register a named series: metric name + labels, answered by {@link #SERIES}. */
    public static final int REGISTER_SERIES = 0x03;
    /** Present a credential (bearer token), answered by {@link #OK}; needed first when the server runs with auth. */
    public static final int AUTH = 0x04;
    /** Range query by series id, plain (24-byte payload) or with step + aggregation (40 bytes). */
    public static final int QUERY = 0x10;
    /** Health check, empty payload, answered by {@link #OK}. */
    public static final int PING = 0x20;
    /** Success: accepted and rejected point counts. */
    public static final int OK = 0x80;
    /** Failure: error code + message. */
    public static final int ERROR = 0x81;
    /** Query result: point count + points. */
    public static final int DATA = 0x82;
    /** Answer to {@link #REGISTER_SERIES}: the series id. */
    public static final int SERIES = 0x83;

    private static final int RESPONSE_BIT = 0x80;

    private MessageType() {
    }

    /**
     * Whether the code is a type this protocol version defines.
     *
     * @param type the type byte as an unsigned int.
     * @return true for a known request or response type.
     */
    public static boolean isKnown(final int type) {
        return switch (type) {
            case INSERT, INSERT_BATCH, REGISTER_SERIES, AUTH, QUERY, PING, OK, ERROR, DATA, SERIES -> true;
            default -> false;
        };
    }

    /**
     * Whether the code is a request type (sent by clients to the server).
     *
     * @param type the type byte as an unsigned int.
     * @return true for a known request type.
     */
    public static boolean isRequest(final int type) {
        return isKnown(type) && (type & RESPONSE_BIT) == 0;
    }

    /**
     * Whether the code is a response type (sent by the server to clients).
     *
     * @param type the type byte as an unsigned int.
     * @return true for a known response type.
     */
    public static boolean isResponse(final int type) {
        return isKnown(type) && (type & RESPONSE_BIT) != 0;
    }

    /**
     * Checks a payload length against the fixed rules of its type: insert 24; insert_batch a multiple of 24;
     * register_series at least 4; auth at least 4; query 24 or 40; ping 0; ok 0 or 8; error at least 4; data 8 + a
     * multiple of 24; series 16. The frame boundary is known, so a violation answers the request and the stream goes
     * on.
     *
     * @param type          a known type code.
     * @param payloadLength from the header.
     * @throws ProtocolException {@link ErrorCode#BAD_PAYLOAD_LENGTH}, or {@link ErrorCode#UNKNOWN_TYPE}.
     */
    public static void checkPayloadLength(final int type, final int payloadLength) {
        final boolean valid = switch (type) {
            case INSERT -> payloadLength == DataPointDescriptor.LENGTH;
            case INSERT_BATCH -> payloadLength % DataPointDescriptor.LENGTH == 0;
            case REGISTER_SERIES -> payloadLength >= RegisterSeriesDescriptor.MIN_LENGTH;
            case AUTH -> payloadLength >= AuthDescriptor.MIN_LENGTH;
            case QUERY -> payloadLength == QueryRequestDescriptor.PLAIN_LENGTH
                || payloadLength == QueryRequestDescriptor.EXTENDED_LENGTH;
            case PING -> payloadLength == 0;
            case OK -> payloadLength == 0 || payloadLength == OkDescriptor.LENGTH;
            case ERROR -> payloadLength >= ErrorDescriptor.MESSAGE_OFFSET;
            case DATA -> payloadLength >= DataResponseDescriptor.POINTS_OFFSET
                && (payloadLength - DataResponseDescriptor.POINTS_OFFSET) % DataPointDescriptor.LENGTH == 0;
            case SERIES -> payloadLength == SeriesResponseDescriptor.LENGTH;
            default -> throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "type=" + name(type));
        };
        if (!valid || payloadLength < 0) {
            throw new ProtocolException(ErrorCode.BAD_PAYLOAD_LENGTH,
                "bad payload length for " + name(type) + ": payloadLength=" + payloadLength);
        }
    }

    /**
     * The protocol name of a type, as written in docs/protocol.md.
     *
     * @param type the type byte as an unsigned int.
     * @return e.g. "insert_batch", or "unknown(0x42)".
     */
    public static String name(final int type) {
        return switch (type) {
            case INSERT -> "insert";
            case INSERT_BATCH -> "insert_batch";
            case REGISTER_SERIES -> "register_series";
            case AUTH -> "auth";
            case QUERY -> "query";
            case PING -> "ping";
            case OK -> "ok";
            case ERROR -> "error";
            case DATA -> "data";
            case SERIES -> "series";
            default -> "unknown(0x" + Integer.toHexString(type) + ")";
        };
    }
}
