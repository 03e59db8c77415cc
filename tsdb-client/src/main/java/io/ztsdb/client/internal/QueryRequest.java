// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.client.internal;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import io.ztsdb.protocol.MessageType;
import io.ztsdb.protocol.PointsFlyweight;

/** A query, answered by a data frame whose points go to the caller's sink while the frame is valid. */
public final class QueryRequest extends SyncRequest {
    private final Consumer<PointsFlyweight> sink;

    /** @param sink copies the answer's points out (the flyweight is only valid during the call). */
    public QueryRequest(final Consumer<PointsFlyweight> sink) {
        super("query", MessageType.DATA);
        this.sink = sink;
    }

    @Override
    void succeeded(final ByteBuffer buffer, final int offset, final int length, final long points,
        final ResponseReader reader) {
        sink.accept(reader.data.wrap(buffer, offset, length).points());
        answered();
    }

    /** @throws io.ztsdb.client.ServerErrorException when the answer was an error. */
    public void checkResult() {
        checkAnswered();
    }
}
