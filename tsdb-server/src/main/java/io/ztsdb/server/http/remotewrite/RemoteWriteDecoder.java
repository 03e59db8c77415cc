// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.remotewrite;

import io.ztsdb.server.ingest.IngestScratch;
import io.ztsdb.server.ingest.NewSeries;

import java.util.List;
import java.util.Map;

/**
 * A decoder of one remote-write request body, run by {@link RemoteWriteHandler} in the passes of
 * {@link WriteRequestDecoder.Pass}: 1.0 ({@link WriteRequestDecoder}) or 2.0 ({@link WriteRequestV2Decoder}).
 */
public interface RemoteWriteDecoder {
    /**
     * Decodes the body in {@code scratch.inflated} and adds its points to {@code scratch.points}.
     *
     * @param pass      what to do with unknown series.
     * @param scratch   the request's buffers: {@code inflated} holds the body.
     * @param collected COLLECT: receives the unknown series.
     * @param newSeries COLLECT: receives the unknown series by key hash; WRITE: the registered ones.
     * @return false when a FAST pass met an unknown series (its points are incomplete: discard them).
     * @throws io.ztsdb.protocol.protobuf.ProtobufFormatException on a malformed body.
     */
    boolean decode(IngestScratch scratch, WriteRequestDecoder.Pass pass, List<NewSeries> collected,
        Map<Long, NewSeries> newSeries);

    /** @return samples of the last pass. */
    int samples();

    /** @return samples of the last pass not written (their series was refused). */
    int refusedSamples();

    /** @return native histogram samples skipped by the last pass. */
    int skippedHistograms();

    /** @return why the first refused series was refused, null when none was. */
    String firstError();

    /** @return the protocol the decoder reads. */
    RemoteWriteProto proto();
}
