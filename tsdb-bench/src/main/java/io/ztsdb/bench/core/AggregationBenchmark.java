// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.core;

import io.ztsdb.core.PointDescriptor;
import io.ztsdb.core.Aggregation;
import io.ztsdb.bench.data.ArraySampleCursor;
import io.ztsdb.core.SampleCursor;
import io.ztsdb.core.Tsdb;
import io.ztsdb.core.query.StepAggregationCursor;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Step aggregation of one day of one series at 1 s resolution ({@value #POINTS} points) into 1-minute
 * buckets. Scores are input points per second.
 * <ul>
 *   <li>{@code aggregateDecoded}: {@link StepAggregationCursor} over already decoded samples (arrays): the
 *       cost of the aggregation alone.</li>
 *   <li>{@code queryThroughTsdb}: {@link Tsdb#query(long, long, long, long, Aggregation)}: decode of the
 *       Gorilla head chunks + aggregation, the embedded query path.</li>
 *   <li>{@code rawDecodeBaseline}: the raw query without aggregation, same series: the decode alone.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class AggregationBenchmark {
    static final int POINTS = 86_400;
    static final long STEP_MILLIS = 60_000;
    static final long START_MILLIS = 1_700_000_000_000L;

    @Param({"avg", "rate"})
    public String agg;

    private final long[] timestamps = new long[POINTS];
    private final double[] values = new double[POINTS];
    private final ArraySampleCursor arrays = new ArraySampleCursor();
    private final StepAggregationCursor aggregator = new StepAggregationCursor();
    private Aggregation aggregation;
    private Path directory;
    private Tsdb tsdb;
    private long seriesId;

    /** One day of a counter-like series with jitter, seeded; stored into a fresh {@link Tsdb} too. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        aggregation = Aggregation.parse(agg);
        final SplittableRandom random = new SplittableRandom(SeriesFixtures.SEED);
        double counter = 0;
        for (int i = 0; i < POINTS; i++) {
            timestamps[i] = START_MILLIS + i * 1000L + random.nextInt(5);
            counter += random.nextInt(5000);
            values[i] = counter;
        }
        directory = Files.createTempDirectory("ztsdb-aggregation-bench");
        tsdb = Tsdb.open(directory);
        seriesId = tsdb.registerSeries("container.net.rx.bytes", io.ztsdb.core.Labels.of("container_id", "a"));
        // One durable batch: inserting point by point would wait for one fsync per point.
        final UnsafeBuffer batch = new UnsafeBuffer(new byte[POINTS * PointDescriptor.LENGTH]);
        for (int i = 0; i < POINTS; i++) {
            batch.putLong(i * PointDescriptor.LENGTH, seriesId, ByteOrder.LITTLE_ENDIAN);
            batch.putLong(i * PointDescriptor.LENGTH + 8, timestamps[i], ByteOrder.LITTLE_ENDIAN);
            batch.putDouble(i * PointDescriptor.LENGTH + 16, values[i], ByteOrder.LITTLE_ENDIAN);
        }
        tsdb.insertBatch(MemorySegment.ofArray(batch.byteArray()), 0, POINTS);
    }

    /** Closes the database and deletes its directory. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        tsdb.close();
        try (var files = Files.walk(directory)) {
            for (final Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** @return a checksum of the 1,440 buckets. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public double aggregateDecoded() {
        return drain(aggregator.reset(arrays.reset(timestamps, values), START_MILLIS, STEP_MILLIS, aggregation));
    }

    /** @return a checksum of the 1,440 buckets, decoded from the head. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public double queryThroughTsdb() {
        return drain(tsdb.query(seriesId, START_MILLIS, START_MILLIS + POINTS * 1000L, STEP_MILLIS, aggregation));
    }

    /** @return a checksum of the raw samples, decoded from the head. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public double rawDecodeBaseline() {
        return drain(tsdb.query(seriesId, START_MILLIS, START_MILLIS + POINTS * 1000L));
    }

    private static double drain(final SampleCursor cursor) {
        double sum = 0;
        try (cursor) {
            while (cursor.next()) {
                sum += cursor.value() + cursor.timestampMillis();
            }
        }
        return sum;
    }
}
