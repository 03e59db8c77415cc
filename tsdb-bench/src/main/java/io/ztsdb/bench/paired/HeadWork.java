// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.paired;

import io.ztsdb.core.head.Head;

import java.lang.foreign.MemorySegment;

/**
 * Paired workload: {@code Head.appendBatch} of 1,000 container-like series, 1,000 points each (time-major, batches
 * of 10,000), into a fresh head of 8 shards per call. Units: 1,000,000 points per call.
 */
public final class HeadWork {
    private static final int SERIES = 1000;
    private static final int POINTS = SERIES * 1000;
    private static final int BATCH = 10_000;
    private static final MemorySegment POINTS_SEGMENT = MemorySegment.ofBuffer(WorkData.points(SERIES, 1000));

    private HeadWork() {
    }

    /**
     * @param mode  unused.
     * @param calls heads to fill.
     * @return points accepted.
     */
    public static long work(final String mode, final int calls) {
        long accepted = 0;
        for (int c = 0; c < calls; c++) {
            try (Head head = new Head(8, 120, 1024, 7_200_000L)) {
                for (int at = 0; at < POINTS; at += BATCH) {
                    accepted += head.appendBatch(POINTS_SEGMENT, (long) at * 24, BATCH);
                }
            }
        }
        return accepted;
    }
}
