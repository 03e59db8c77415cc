// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.examples.core;

import io.ztsdb.core.Aggregation;
import io.ztsdb.core.Labels;
import io.ztsdb.core.PointDescriptor;
import io.ztsdb.core.SampleCursor;
import io.ztsdb.core.SeriesCursor;
import io.ztsdb.core.SeriesInfo;
import io.ztsdb.core.SeriesSelector;
import io.ztsdb.core.Tsdb;
import io.ztsdb.core.WriteResult;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * The ztsdb storage engine inside an application: open a data directory, register a named series, insert a batch
 * and a single point, query raw and per minute, close, open again (what a restart does) and read the same points
 * back. Every run appends after what the earlier runs stored, so a second run finds the first run's points.
 * <p>
 * {@code java -cp 'target/embedded-core.jar:target/lib/*' io.ztsdb.examples.core.EmbeddedCoreExample [data-dir]}:
 * Java 22 or later, no JVM flags.
 */
public final class EmbeddedCoreExample {
    /** 2023-11-14T22:13:20Z: the first run's first sample; later runs continue after the newest one stored. */
    private static final long FIRST_TIMESTAMP_MILLIS = 1_700_000_000_000L;
    private static final long INTERVAL_MILLIS = 1_000;
    private static final int BATCH_POINTS = 100;
    private static final String METRIC = "example.room.temperature";
    private static final Labels LABELS = Labels.of("room", "kitchen", "sensor", "t1");

    private EmbeddedCoreExample() {
    }

    public static void main(final String[] args) {
        final Path dir = Path.of(args.length > 0 ? args[0] : "ztsdb-example-data");
        final long seriesId;
        final long firstNew;
        try (Tsdb tsdb = Tsdb.open(dir)) { // creates the directory, or recovers its blocks and WAL
            seriesId = tsdb.registerSeries(METRIC, LABELS); // the same id every time for the same name and labels
            final SeriesInfo before = tsdb.findSeries(seriesId);
            System.out.println("opened: " + METRIC + LABELS + " holds " + before.pointCount() + " points");
            firstNew = before.pointCount() == 0 ? FIRST_TIMESTAMP_MILLIS
                : before.maxTimestampMillis() + INTERVAL_MILLIS;

            // A batch: 24-byte little-endian records (series id, timestamp ms, value) as PointDescriptor lays out.
            try (Arena arena = Arena.ofConfined()) {
                final MemorySegment batch = arena.allocate((long) BATCH_POINTS * PointDescriptor.LENGTH);
                for (int i = 0; i < BATCH_POINTS; i++) {
                    final long at = (long) i * PointDescriptor.LENGTH;
                    batch.set(PointDescriptor.LONG, at + PointDescriptor.SERIES_ID_OFFSET, seriesId);
                    batch.set(PointDescriptor.LONG, at + PointDescriptor.TIMESTAMP_OFFSET,
                        firstNew + i * INTERVAL_MILLIS);
                    batch.set(PointDescriptor.DOUBLE, at + PointDescriptor.VALUE_OFFSET, 20.0 + (i % 8) * 0.25);
                }
                print("inserted a batch", tsdb.insertBatch(batch, 0, BATCH_POINTS)); // durable on return
            }
            print("inserted one point", tsdb.insert(seriesId, firstNew + BATCH_POINTS * INTERVAL_MILLIS, 25.5));
            // A point an hour older than the newest of its series: rejected and counted, not an exception.
            print("inserted a late point", tsdb.insert(seriesId, firstNew - 3_600_000L, 0.0));

            printRange(tsdb, seriesId, "before the restart");
            printPerMinute(tsdb, firstNew);
        }
        try (Tsdb tsdb = Tsdb.open(dir)) { // a restart: what was acknowledged is there
            printRange(tsdb, seriesId, "after the restart");
            System.out.println("series: " + tsdb.series().size() + ", label values of room: "
                + tsdb.labelValues("room"));
        }
    }

    private static void print(final String what, final WriteResult result) {
        System.out.println(what + ": " + result.acceptedPoints() + " accepted, " + result.rejectedPoints()
            + " rejected");
    }

    private static void printRange(final Tsdb tsdb, final long seriesId, final String when) {
        long count = 0;
        double sum = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        try (SampleCursor samples = tsdb.query(seriesId, Long.MIN_VALUE, Long.MAX_VALUE)) {
            while (samples.next()) {
                count++;
                sum += samples.value();
                first = Math.min(first, samples.timestampMillis());
                last = Math.max(last, samples.timestampMillis());
            }
        }
        System.out.println(when + ": " + count + " points from " + first + " to " + last + ", sum " + sum);
    }

    /** The newest run's points through a selector, reduced to the maximum of each minute. */
    private static void printPerMinute(final Tsdb tsdb, final long fromMillis) {
        final SeriesSelector selector = SeriesSelector.parse(METRIC + "{room=\"kitchen\"}");
        try (SeriesCursor series = tsdb.query(selector, fromMillis, fromMillis + BATCH_POINTS * INTERVAL_MILLIS,
            60_000L, Aggregation.MAX)) {
            while (series.next()) {
                final StringBuilder line = new StringBuilder(series.metric()).append(series.labels())
                    .append(" max per minute:");
                final SampleCursor samples = series.samples();
                while (samples.next()) {
                    line.append(' ').append(samples.value());
                }
                System.out.println(line);
            }
        }
    }
}
