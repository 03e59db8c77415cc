// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.client.internal;

import java.nio.ByteBuffer;

import io.ztsdb.protocol.ErrorCode;
import io.ztsdb.protocol.MessageType;
import io.ztsdb.protocol.ProtocolException;

/**
 * A request written to the connection and not yet answered. The server answers in request order, so the oldest
 * pending request owns the next response: it checks the response type and turns the payload (or the error frame)
 * into its own result.
 */
public abstract class PendingRequest {
    private final String name;
    private final int answerType;

    /**
     * @param name       the protocol name of the request, for messages ("insert_batch").
     * @param answerType the response type that answers it successfully ({@link MessageType#OK}, ...).
     */
    PendingRequest(final String name, final int answerType) {
        this.name = name;
        this.answerType = answerType;
    }

    /** @return the protocol name of the request. */
    public final String name() {
        return name;
    }

    /**
     * Takes the response frame that belongs to this request.
     *
     * @param type          response type.
     * @param buffer        holding the payload (valid during the call only).
     * @param offset        of the payload.
     * @param length        of the payload.
     * @param points        points the request carried.
     * @param reader        reusable flyweights for the response payloads.
     * @throws ProtocolException {@link ErrorCode#UNEXPECTED_TYPE} when the type does not answer this request, or
     *                           a payload error: the connection can no longer be trusted.
     */
    final void answer(final int type, final ByteBuffer buffer, final int offset, final int length,
        final long points, final ResponseReader reader) {
        if (type == MessageType.ERROR) {
            reader.error.wrap(buffer, offset, length);
            failed(reader.error.code(), reader.error.message(), points);
        } else if (type == answerType) {
            succeeded(buffer, offset, length, points, reader);
        } else {
            throw new ProtocolException(ErrorCode.UNEXPECTED_TYPE, "expected " + MessageType.name(answerType)
                + " but the server sent " + MessageType.name(type));
        }
    }

    /**
     * Reads a successful answer.
     *
     * @param buffer holding the payload (valid during the call only).
     * @param offset of the payload.
     * @param length of the payload.
     * @param points points the request carried.
     * @param reader reusable flyweights.
     */
    abstract void succeeded(ByteBuffer buffer, int offset, int length, long points, ResponseReader reader);

    /**
     * Records an error answer.
     *
     * @param code    the u16 error code.
     * @param message the server's message.
     * @param points  points the request carried (none of them stored).
     */
    abstract void failed(int code, String message, long points);
}
