// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.client;

import io.ztsdb.protocol.ErrorCode;

/**
 * The server answered a request with an error frame: carries the server's u16 error code and message.
 * <p>
 * For pipelined batches ({@link TsdbClient#sendBatch(WriteBatch)}, {@link TsdbClient#add(long, long, double)})
 * the exception is thrown by {@link TsdbClient#flush()} and reports the first error; {@link #failedRequests()}
 * and {@link #failedPoints()} count every batch that was answered with an error since the last flush.
 */
public final class ServerErrorException extends ClientException {
    private static final long serialVersionUID = 1L;

    /** The u16 error code from the error frame. */
    private final int code;
    /** The message from the error frame. */
    private final String serverMessage;
    /** Requests answered with an error. */
    private final int failedRequests;
    /** Points in the failed requests. */
    private final long failedPoints;

    /**
     * Creates the exception.
     *
     * @param request        what was asked, e.g. "insert_batch".
     * @param code           the u16 error code from the frame.
     * @param serverMessage  the message from the frame.
     * @param failedRequests requests answered with an error (1 for a synchronous call).
     * @param failedPoints   points in those requests (0 when none were sent).
     */
    public ServerErrorException(final String request, final int code, final String serverMessage,
        final int failedRequests, final long failedPoints) {
        super(request + " failed: server error " + codeName(code) + " (0x" + Integer.toHexString(code) + "): "
            + serverMessage + (failedRequests > 1 ? " [failedRequests=" + failedRequests + " failedPoints="
            + failedPoints + "]" : ""));
        this.code = code;
        this.serverMessage = serverMessage;
        this.failedRequests = failedRequests;
        this.failedPoints = failedPoints;
    }

    private static String codeName(final int code) {
        final ErrorCode errorCode = ErrorCode.fromCode(code);
        return errorCode == null ? "UNKNOWN" : errorCode.name();
    }

    /** {@return the u16 error code as sent by the server} */
    public int code() {
        return code;
    }

    /** {@return the code as a constant, or null when this client version does not know it} */
    public ErrorCode errorCode() {
        return ErrorCode.fromCode(code);
    }

    /** {@return the server's message} */
    public String serverMessage() {
        return serverMessage;
    }

    /** {@return the number of requests answered with an error that this exception reports} */
    public int failedRequests() {
        return failedRequests;
    }

    /** {@return the number of points in the failed requests (none of them were stored)} */
    public long failedPoints() {
        return failedPoints;
    }
}
