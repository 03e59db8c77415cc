// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.paired;

import io.ztsdb.core.Tsdb;
import io.ztsdb.core.TsdbConfig;
import io.ztsdb.core.WalSync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;

/**
 * Paired workload: the calling thread's part of embedded ingest, {@code Tsdb.insertBatch} (WAL record write, head
 * append) of batches of 10,000 points of 1,000 series, WAL policy {@code none} so that no call waits for a force;
 * persistence runs on the maintenance thread, not counted. Each call shifts the timestamps by a day. Units: 10,000
 * points per call.
 */
public final class IngestWork {
    private static final int SERIES = 1000;
    private static final int BATCH = 10_000;
    private static final int PER_SERIES = 100;
    private static final ByteBuffer POINTS = WorkData.points(SERIES, PER_SERIES);
    private static final MemorySegment BATCHES = MemorySegment.ofBuffer(POINTS);
    private static Tsdb tsdb;
    private static int next;

    private IngestWork() {
    }

    /**
     * @param mode  unused.
     * @param calls batches to insert.
     * @return points accepted.
     */
    public static long work(final String mode, final int calls) {
        if (tsdb == null) {
            try {
                tsdb = Tsdb.open(Files.createTempDirectory("ztsdb-paired-ingest"),
                    new TsdbConfig().walSync(WalSync.none()).retention("1d"));
            } catch (final IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        long accepted = 0;
        for (int c = 0; c < calls; c++) {
            final int at = next % (SERIES * PER_SERIES / BATCH) * BATCH;
            if (at == 0) {
                for (int i = 0; i < SERIES * PER_SERIES; i++) {
                    POINTS.putLong(i * 24 + 8, POINTS.getLong(i * 24 + 8) + 86_400_000L);
                }
            }
            next++;
            accepted += tsdb.insertBatch(BATCHES, (long) at * 24, BATCH).acceptedPoints();
        }
        return accepted;
    }
}
