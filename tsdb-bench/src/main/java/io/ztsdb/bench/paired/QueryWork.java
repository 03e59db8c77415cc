// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.paired;

import io.ztsdb.core.SampleCursor;
import io.ztsdb.core.Tsdb;
import io.ztsdb.core.TsdbConfig;
import io.ztsdb.core.WalSync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;

/**
 * Paired workload: {@code Tsdb.query} of one whole series of 8,640 points (a day at 10 s) from blocks and the head,
 * every point read. The database is built in a temporary directory on first use (left for the OS to clean). Units:
 * 8,640 points per call.
 */
public final class QueryWork {
    private static final int POINTS = 8640;
    private static Tsdb tsdb;

    private QueryWork() {
    }

    private static Tsdb open() {
        try {
            final Tsdb opened = Tsdb.open(Files.createTempDirectory("ztsdb-paired-query"),
                new TsdbConfig().walSync(WalSync.none()));
            opened.insertBatch(MemorySegment.ofBuffer(WorkData.points(1, POINTS)), 0, POINTS);
            opened.persistNow();
            return opened;
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @param mode  unused.
     * @param calls queries.
     * @return a checksum of the points read.
     */
    public static long work(final String mode, final int calls) {
        if (tsdb == null) {
            tsdb = open();
        }
        long sum = 0;
        for (int c = 0; c < calls; c++) {
            try (SampleCursor cursor = tsdb.query(0, Long.MIN_VALUE, Long.MAX_VALUE)) {
                while (cursor.next()) {
                    sum += cursor.timestampMillis() ^ Double.doubleToRawLongBits(cursor.value());
                }
            }
        }
        return sum;
    }
}
