// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.ingest;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The buffers of one ingest request (body, decompressed body, key, points), taken from a pool for the request and
 * given back after it, so that steady ingest allocates no buffers. Buffers that grew past the retention bound for
 * one large request are dropped rather than pooled, which bounds what idle pools hold.
 */
public final class IngestScratch {
    private static final int RETAINED_BYTES = 8 << 20;

    /** The body as received. */
    public final ByteArray body = new ByteArray(64 << 10);
    /** The body after decompression. */
    public final ByteArray inflated = new ByteArray(64 << 10);
    /** A series key being built. */
    public final ByteArray key = new ByteArray(1024);
    /** The points decoded. */
    public final PointBuffer points = new PointBuffer(4096);

    private IngestScratch() {
    }

    /** A pool of scratch buffers, shared by the threads of one endpoint. */
    public static final class Pool {
        private final ConcurrentLinkedQueue<IngestScratch> free = new ConcurrentLinkedQueue<>();
        private final int maxPooled;

        /** @param maxPooled most idle scratch sets kept. */
        public Pool(final int maxPooled) {
            this.maxPooled = maxPooled;
        }

        /** @return an empty scratch set. */
        public IngestScratch take() {
            final IngestScratch scratch = free.poll();
            return scratch == null ? new IngestScratch() : scratch;
        }

        /** Gives a scratch set back; it must not be used afterwards. */
        public void give(final IngestScratch scratch) {
            scratch.body.clear();
            scratch.inflated.clear();
            scratch.key.clear();
            scratch.points.clear();
            final boolean small = scratch.body.capacity() <= RETAINED_BYTES
                && scratch.inflated.capacity() <= RETAINED_BYTES && scratch.points.capacityBytes() <= RETAINED_BYTES
                && scratch.key.capacity() <= RETAINED_BYTES;
            if (small && free.size() < maxPooled) {
                free.offer(scratch);
            }
        }
    }
}
