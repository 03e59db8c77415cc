// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.paired;

import io.ztsdb.core.WalSync;
import io.ztsdb.core.io.DefaultFileOps;
import io.ztsdb.core.wal.WalConfig;
import io.ztsdb.core.wal.WalRecordType;
import io.ztsdb.core.wal.WalWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;

/**
 * Paired workload: {@code WalWriter.append} of 10,000-point records (frame, CRC32C, one write), policy {@code none}.
 * Units: 10,000 points per call.
 */
public final class WalWork {
    private static final int BATCH = 10_000;
    private static final MemorySegment BATCH_SEGMENT = MemorySegment.ofBuffer(WorkData.points(1000, BATCH / 1000));
    private static WalWriter wal;

    private WalWork() {
    }

    /**
     * @param mode  unused.
     * @param calls records to append.
     * @return the log position.
     */
    public static long work(final String mode, final int calls) {
        if (wal == null) {
            try {
                wal = WalWriter.open(Files.createTempDirectory("ztsdb-paired-wal"), DefaultFileOps.INSTANCE,
                    new WalConfig().sync(WalSync.none()), 0);
            } catch (final IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        long position = 0;
        for (int c = 0; c < calls; c++) {
            position = wal.append(WalRecordType.POINTS, BATCH_SEGMENT, 0, BATCH * 24);
        }
        return position;
    }
}
