// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.core;

import io.ztsdb.core.PointDescriptor;
import io.ztsdb.core.SampleCursor;
import io.ztsdb.core.Tsdb;
import io.ztsdb.core.TsdbConfig;
import io.ztsdb.core.WalSync;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
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
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * In-process read of one whole series through {@link Tsdb#query(long, long, long)}: chunk lookup in the mmap'd
 * blocks (and the head's last open chunk) plus Gorilla decode of every point, folded into a checksum. Target
 * (issue 3): 8,640 points in under 1 ms.
 * <p>
 * Data: series 0 ({@code container_cpu_usage_percent} of container 0) of gen_synthetic.py's {@code points.bin}
 * when {@code -Dztsdb.bench.points=FILE} names one (default {@code /tmp/synth/points.bin}), else a seeded
 * random walk with 0.01 resolution; 86,400 points repeat the 24 h day ten times, shifted in time. The series is
 * written through a {@link Tsdb} whose sealed chunks are persisted into blocks before measuring.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class QueryDecodeBenchmark {
    private static final long SERIES_ID = 0;
    private static final int DAY_POINTS = 8640;

    /** Points in the series. */
    @Param({"8640", "86400"})
    public int points;

    private Path directory;
    private Tsdb tsdb;

    @Setup
    public void setUp() throws Exception {
        directory = Files.createTempDirectory("ztsdb-query-bench");
        tsdb = Tsdb.open(directory, new TsdbConfig().walSync(WalSync.none()).persistIntervalMillis(50));
        final long[][] day = day();
        final long span = day[0][DAY_POINTS - 1] - day[0][0] + 10_000;
        final UnsafeBuffer batch = new UnsafeBuffer(ByteBuffer.allocateDirect(DAY_POINTS * PointDescriptor.LENGTH));
        for (int round = 0; round < points / DAY_POINTS; round++) {
            for (int i = 0; i < DAY_POINTS; i++) {
                batch.putLong(i * 24, SERIES_ID, ByteOrder.LITTLE_ENDIAN);
                batch.putLong(i * 24 + 8, day[0][i] + round * span, ByteOrder.LITTLE_ENDIAN);
                batch.putLong(i * 24 + 16, day[1][i], ByteOrder.LITTLE_ENDIAN);
            }
            tsdb.insertBatch(MemorySegment.ofBuffer(batch.byteBuffer()), 0, DAY_POINTS);
        }
        final long sealed = points - points % 120 - (points % 120 == 0 ? 120 : 0);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (tsdb.storageStats().persistedPoints() < sealed && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (checksum() == 0) {
            throw new IllegalStateException("empty query");
        }
    }

    private static long[][] day() throws IOException {
        final Path file = Path.of(System.getProperty("ztsdb.bench.points", "/tmp/synth/points.bin"));
        final long[][] day = new long[2][DAY_POINTS];
        if (Files.isReadable(file)) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                final ByteBuffer in = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size())
                    .order(ByteOrder.LITTLE_ENDIAN);
                int n = 0;
                for (int at = 0; at + 24 <= in.limit() && n < DAY_POINTS; at += 24) {
                    if (in.getLong(at) == SERIES_ID) {
                        day[0][n] = in.getLong(at + 8);
                        day[1][n] = in.getLong(at + 16);
                        n++;
                    }
                }
                if (n == DAY_POINTS) {
                    return day;
                }
            }
        }
        final SplittableRandom random = new SplittableRandom(42);
        double value = 20;
        for (int i = 0; i < DAY_POINTS; i++) {
            value = Math.max(0, value + random.nextGaussian());
            day[0][i] = 1_704_067_200_000L + i * 10_000L;
            day[1][i] = Double.doubleToRawLongBits(Math.round(value * 100) / 100.0);
        }
        return day;
    }

    /** @return the fold of every timestamp and value bit pattern of the series. */
    @Benchmark
    public long checksum() {
        long sum = 0;
        try (SampleCursor cursor = tsdb.query(SERIES_ID, Long.MIN_VALUE, Long.MAX_VALUE)) {
            while (cursor.next()) {
                sum += cursor.timestampMillis() ^ Double.doubleToRawLongBits(cursor.value());
            }
        }
        return sum;
    }

    @TearDown
    public void tearDown() throws IOException {
        tsdb.close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
