// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.ingest;

import io.ztsdb.core.Tsdb;
import io.ztsdb.core.WriteResult;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.CompletableFuture;

/**
 * Receives every batch of points the server ingests, right after the engine took it, to send it further (the
 * remote-write sender). Every ingest path (binary protocol, collector, HTTP) calls it with the same points it gave
 * the engine and acknowledges its client only when the returned future completes, so an acknowledged point is
 * durable in the engine and in the forwarder's queue alike.
 */
public interface IngestForwarder {
    /** Forwards nothing: returns the engine's future unchanged. */
    IngestForwarder NONE = (batch, offset, pointCount, stored) -> stored;

    /**
     * Takes a copy of the points before it returns.
     *
     * @param batch      the points, {@link io.ztsdb.core.PointDescriptor} records.
     * @param offset     where the first point starts.
     * @param pointCount number of points.
     * @param stored     the engine's future for the same points.
     * @return a future completed with the engine's result once the points are durable in the engine and queued
     *     durably for forwarding; a forwarding failure does not fail it (it is counted by the forwarder).
     */
    CompletableFuture<WriteResult> forward(MemorySegment batch, long offset, int pointCount,
        CompletableFuture<WriteResult> stored);

    /**
     * Gives decoded points to the engine and then to this forwarder, as every HTTP ingest path does with a body.
     *
     * @param tsdb   the engine.
     * @param points the decoded points; both the engine and the forwarder copy them before this returns.
     * @return the engine's result once the points are durable (and queued for forwarding); at once for no points.
     */
    default CompletableFuture<WriteResult> store(final Tsdb tsdb, final PointBuffer points) {
        final int count = points.count();
        return count == 0 ? CompletableFuture.completedFuture(new WriteResult(0, 0))
            : forward(points.segment(), 0, count, tsdb.insertBatchAsync(points.segment(), 0, count));
    }
}
