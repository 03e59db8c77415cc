// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.core;

import io.ztsdb.bench.data.BenchmarkDatasets;
import io.ztsdb.core.TsdbConfig;
import io.ztsdb.core.head.Head;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * Ingest into the off-heap head, one thread: batches of wire records (24 bytes, little-endian) from the synthetic
 * container dataset, time-major as a scraper sends them. When the dataset is used up its timestamps are shifted
 * by its span and it is replayed, so every point is new. A fresh head per iteration bounds memory.
 * Read the {@code points} secondary result (points/s); {@code -prof gc} gives the allocation per batch.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class HeadAppendBenchmark {
    /** Points per appendBatch call. */
    @Param({"10000"})
    public int batchPoints;

    private UnsafeBuffer records;
    private MemorySegment batches;
    private int recordCount;
    private long spanMillis;
    private int position;
    private Head head;

    /** Points appended, reported as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Points {
        /** Points appended. */
        public long points;

        /** Resets the counter per iteration. */
        @Setup(Level.Iteration)
        public void reset() {
            points = 0;
        }
    }

    /** Loads the synthetic dataset. */
    @Setup(Level.Trial)
    public void load() {
        final ByteBuffer data = BenchmarkDatasets.syntheticRecords();
        records = new UnsafeBuffer(data);
        batches = MemorySegment.ofBuffer(data);
        recordCount = data.remaining() / BenchmarkDatasets.RECORD_LENGTH;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < recordCount; i++) {
            final long t = records.getLong(i * 24 + 8, ByteOrder.LITTLE_ENDIAN);
            min = Math.min(min, t);
            max = Math.max(max, t);
        }
        spanMillis = max - min + 10_000;
        System.out.println("records=" + recordCount + " spanMillis=" + spanMillis);
    }

    /** A fresh head per iteration. */
    @Setup(Level.Iteration)
    public void openHead() {
        head = new Head(TsdbConfig.SHARD_COUNT_DEFAULT, TsdbConfig.CHUNK_MAX_SAMPLES_DEFAULT,
            TsdbConfig.CHUNK_MAX_BYTES_DEFAULT, TsdbConfig.CHUNK_MAX_SPAN_MILLIS_DEFAULT);
    }

    /** Frees the head, after printing its size. */
    @TearDown(Level.Iteration)
    public void closeHead() {
        System.out.println(" head: " + head.stats());
        head.close();
    }

    /**
     * Appends one batch.
     *
     * @return points accepted.
     */
    @Benchmark
    public int appendBatch(final Points points) {
        if (position + batchPoints > recordCount) {
            shiftTimestamps();
            position = 0;
        }
        final int accepted = head.appendBatch(batches, position * BenchmarkDatasets.RECORD_LENGTH, batchPoints);
        position += batchPoints;
        points.points += accepted;
        return accepted;
    }

    private void shiftTimestamps() {
        for (int i = 0; i < recordCount; i++) {
            final int at = i * BenchmarkDatasets.RECORD_LENGTH + 8;
            records.putLong(at, records.getLong(at, ByteOrder.LITTLE_ENDIAN) + spanMillis, ByteOrder.LITTLE_ENDIAN);
        }
    }
}
