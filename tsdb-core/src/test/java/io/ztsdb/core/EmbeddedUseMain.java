// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * Child process of {@link NoJvmFlagsTest}: uses the engine as an embedding application would, and prints what it
 * reads back. {@code java -cp <core classes, deps> io.ztsdb.core.EmbeddedUseMain DIR open|reopen}.
 */
public final class EmbeddedUseMain {
    private static final long T0 = 1_700_000_000_000L;
    private static final int POINTS = 1000;

    private EmbeddedUseMain() {
    }

    public static void main(final String[] args) {
        final Path dir = Path.of(args[0]);
        final boolean first = args[1].equals("open");
        try (Tsdb tsdb = Tsdb.open(dir, new TsdbConfig().shardCount(2))) {
            final long id = tsdb.registerSeries("app.requests", Labels.of("host", "a"));
            if (first) {
                try (Arena arena = Arena.ofConfined()) {
                    final MemorySegment batch = arena.allocate((long) POINTS * PointDescriptor.LENGTH);
                    for (int i = 0; i < POINTS; i++) {
                        final long at = (long) i * PointDescriptor.LENGTH;
                        batch.set(PointDescriptor.LONG, at + PointDescriptor.SERIES_ID_OFFSET, id);
                        batch.set(PointDescriptor.LONG, at + PointDescriptor.TIMESTAMP_OFFSET, T0 + i * 1000L);
                        batch.set(PointDescriptor.DOUBLE, at + PointDescriptor.VALUE_OFFSET, i * 0.5);
                    }
                    System.out.println("inserted " + tsdb.insertBatch(batch, 0, POINTS));
                }
                System.out.println("inserted " + tsdb.insert(id, T0 + POINTS * 1000L, -1.0));
                tsdb.persistNow();
            }
            long count = 0;
            double sum = 0;
            try (SeriesCursor series = tsdb.query(SeriesSelector.parse("app.requests{host=\"a\"}"), T0,
                T0 + POINTS * 1000L, 0, null)) {
                while (series.next()) {
                    try (SampleCursor samples = series.samples()) {
                        while (samples.next()) {
                            count++;
                            sum += samples.value();
                        }
                    }
                }
            }
            System.out.println("read " + count + " points, sum " + sum + ", series " + tsdb.findSeries(id));
        }
    }
}
