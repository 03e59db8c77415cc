// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.client.internal;

import java.nio.ByteBuffer;

import io.ztsdb.protocol.MessageType;

/** A register_series, answered by a series frame carrying the id. */
public final class RegisterRequest extends SyncRequest {
    private long seriesId;

    /** Creates the request. */
    public RegisterRequest() {
        super("register_series", MessageType.SERIES);
    }

    @Override
    void succeeded(final ByteBuffer buffer, final int offset, final int length, final long points,
        final ResponseReader reader) {
        seriesId = reader.series.wrap(buffer, offset, length).seriesId();
        answered();
    }

    /**
     * @return the registered series id.
     * @throws io.ztsdb.client.ServerErrorException when the answer was an error.
     */
    public long seriesId() {
        checkAnswered();
        return seriesId;
    }
}
