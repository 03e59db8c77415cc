// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.client.internal;

import java.nio.ByteBuffer;

import io.ztsdb.client.InsertResult;
import io.ztsdb.client.ServerErrorException;
import io.ztsdb.protocol.MessageType;

/**
 * Every insert_batch sent without waiting: one object stands for all of them in the pending queue (each entry
 * with its own point count), and totals their answers until the next flush. Error answers are counted, and the
 * first one is kept for the report.
 */
public final class PipelinedBatches extends PendingRequest {
    private long accepted;
    private long rejected;
    private int failedRequests;
    private long failedPoints;
    private int firstErrorCode;
    private String firstErrorMessage;

    /** Creates an empty tally. */
    public PipelinedBatches() {
        super("insert_batch", MessageType.OK);
    }

    @Override
    void succeeded(final ByteBuffer buffer, final int offset, final int length, final long points,
        final ResponseReader reader) {
        reader.ok.wrap(buffer, offset, length);
        accepted += reader.ok.hasCounts() ? reader.ok.accepted() : points;
        rejected += reader.ok.rejected();
    }

    @Override
    void failed(final int code, final String message, final long points) {
        if (failedRequests == 0) {
            firstErrorCode = code;
            firstErrorMessage = message;
        }
        failedRequests++;
        failedPoints += points;
    }

    /**
     * Returns the totals since the last call and starts over.
     *
     * @return accepted and rejected points of the batches answered with ok.
     * @throws ServerErrorException when any batch was answered with an error: it reports the first and counts all.
     */
    public InsertResult takeResult() {
        final InsertResult result = new InsertResult(accepted, rejected);
        final int failed = failedRequests;
        accepted = 0;
        rejected = 0;
        failedRequests = 0;
        if (failed > 0) {
            final long points = failedPoints;
            failedPoints = 0;
            throw new ServerErrorException("pipelined insert_batch", firstErrorCode, firstErrorMessage, failed, points);
        }
        return result;
    }
}
