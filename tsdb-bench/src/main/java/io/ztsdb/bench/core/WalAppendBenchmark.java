// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.core;

import io.ztsdb.core.WalSync;
import io.ztsdb.core.io.DefaultFileOps;
import io.ztsdb.core.wal.WalConfig;
import io.ztsdb.core.wal.WalRecordType;
import io.ztsdb.core.wal.WalWriter;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * WAL append throughput in points/s (one op = one point; a batch of {@code batchPoints} 24-byte points is one
 * record). {@code appendDurable}: 4 threads append and wait for the group-commit fsync (the default policy).
 * {@code appendNoSync}: append only. {@code naiveWriteAndForce}: the baseline without group commit, each
 * thread writes its batch and forces the file itself under a lock. Segments are deleted between iterations so
 * the disk does not fill. Data directory: system property {@code ztsdb.bench.dir} (default: the temp dir).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@State(Scope.Benchmark)
public class WalAppendBenchmark {
    /** Points per WAL record. */
    @Param({"10000"})
    public int batchPoints;

    private Path dir;
    private WalWriter durable;
    private WalWriter noSync;
    private FileChannel naive;
    private final Object naiveLock = new Object();

    /** Per-thread batch buffer (writers never share their input). */
    @State(Scope.Thread)
    public static class Batch {
        UnsafeBuffer buffer;
        MemorySegment segment;

        /** Fills a batch of container-like points. */
        @Setup(Level.Trial)
        public void setUp(final WalAppendBenchmark benchmark) {
            buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(benchmark.batchPoints * 24));
            segment = MemorySegment.ofBuffer(buffer.byteBuffer());
            for (int i = 0; i < benchmark.batchPoints; i++) {
                buffer.putLong(i * 24, i % 1000, ByteOrder.LITTLE_ENDIAN);
                buffer.putLong(i * 24 + 8, 1_704_067_200_000L + i / 1000 * 10_000L, ByteOrder.LITTLE_ENDIAN);
                buffer.putDouble(i * 24 + 16, Math.sin(i) * 100, ByteOrder.LITTLE_ENDIAN);
            }
        }
    }

    /** Opens the writers. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        final Path base = Path.of(System.getProperty("ztsdb.bench.dir", System.getProperty("java.io.tmpdir")));
        dir = Files.createTempDirectory(base, "wal-bench");
        durable = WalWriter.open(dir.resolve("durable"), DefaultFileOps.INSTANCE, new WalConfig(), 0);
        noSync = WalWriter.open(dir.resolve("nosync"), DefaultFileOps.INSTANCE,
            new WalConfig().sync(WalSync.none()), 0);
        naive = FileChannel.open(dir.resolve("naive.log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    /** Deletes the segments written by the last iteration. */
    @Setup(Level.Iteration)
    public void trim() throws IOException {
        durable.deleteSegmentsBefore(durable.rotate());
        noSync.deleteSegmentsBefore(noSync.rotate());
        naive.truncate(0);
        naive.position(0);
    }

    /** Closes the writers and deletes the directory. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        durable.close();
        noSync.close();
        naive.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Append a batch and wait until it is durable (group commit shared by the 4 threads). */
    @Benchmark
    @Threads(4)
    @OperationsPerInvocation(10000)
    public long appendDurable(final Batch batch) {
        final long position = durable.append(WalRecordType.POINTS, batch.segment, 0, batchPoints * 24);
        durable.awaitDurable(position);
        return position;
    }

    /** Append a batch, no force (policy {@code none}). */
    @Benchmark
    @Threads(4)
    @OperationsPerInvocation(10000)
    public long appendNoSync(final Batch batch) {
        return noSync.append(WalRecordType.POINTS, batch.segment, 0, batchPoints * 24);
    }

    /** Baseline: each thread writes its batch and calls fdatasync itself, no group commit. */
    @Benchmark
    @Threads(4)
    @OperationsPerInvocation(10000)
    public long naiveWriteAndForce(final Batch batch) throws IOException {
        synchronized (naiveLock) {
            final ByteBuffer bytes = batch.buffer.byteBuffer().duplicate().clear();
            while (bytes.hasRemaining()) {
                naive.write(bytes);
            }
            naive.force(false);
            return naive.position();
        }
    }
}
