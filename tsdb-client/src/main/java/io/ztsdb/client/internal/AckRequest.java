// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.client.internal;

import java.nio.ByteBuffer;

import io.ztsdb.client.InsertResult;
import io.ztsdb.protocol.MessageType;

/** An insert, insert_batch or ping that its caller waits for; answered by ok with the point counts. */
public final class AckRequest extends SyncRequest {
    private long accepted;
    private long rejected;

    /** @param name the protocol name: "insert", "insert_batch" or "ping". */
    public AckRequest(final String name) {
        super(name, MessageType.OK);
    }

    @Override
    void succeeded(final ByteBuffer buffer, final int offset, final int length, final long points,
        final ResponseReader reader) {
        reader.ok.wrap(buffer, offset, length);
        // An ok without counts acknowledges every point of the request.
        accepted = reader.ok.hasCounts() ? reader.ok.accepted() : points;
        rejected = reader.ok.rejected();
        answered();
    }

    /**
     * @return the counts of the ok answer.
     * @throws io.ztsdb.client.ServerErrorException when the answer was an error.
     */
    public InsertResult result() {
        checkAnswered();
        return new InsertResult(accepted, rejected);
    }
}
