// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Direct memory segments for response bodies, reused through a bounded free list: sequential queries take the
 * same few segments again, and at most {@code maxFree} of them are kept when the server is idle (beyond that a
 * returned segment is dropped and the garbage collector frees it).
 * <p>
 * <b>Design note:</b> Netty's default (adaptive) allocator kept about 9 MB more resident after a query load,
 * which took the server past its 180 MB RSS budget; a pool this size keeps at most 4 MiB. Thread-safe.
 */
final class SegmentPool {
    /** The pool of every HTTP response: 64 segments of 64 KiB at most kept. */
    static final SegmentPool RESPONSES = new SegmentPool(ResponseStream.SEGMENT_BYTES, 64);

    private final int segmentBytes;
    private final ArrayBlockingQueue<ByteBuffer> free;
    private final AtomicInteger outstanding = new AtomicInteger();

    SegmentPool(final int segmentBytes, final int maxFree) {
        this.segmentBytes = segmentBytes;
        this.free = new ArrayBlockingQueue<>(maxFree);
    }

    /** @return a segment of the pool's size, position 0, limit at its capacity. */
    ByteBuffer acquire() {
        outstanding.incrementAndGet();
        final ByteBuffer segment = free.poll();
        return segment != null ? segment.clear() : ByteBuffer.allocateDirect(segmentBytes);
    }

    /** Gives a segment back; nothing may use it afterwards. */
    void release(final ByteBuffer segment) {
        outstanding.decrementAndGet();
        free.offer(segment);
    }

    /** @return segments acquired and not released yet. */
    int outstanding() {
        return outstanding.get();
    }
}
