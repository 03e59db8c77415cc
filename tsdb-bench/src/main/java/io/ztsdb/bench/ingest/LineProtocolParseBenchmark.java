// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.ingest;

import io.ztsdb.server.http.influx.LineProtocolDecoder;
import io.ztsdb.server.http.influx.Precision;
import io.ztsdb.server.ingest.IngestScratch;
import io.ztsdb.server.ingest.NewSeries;
import io.ztsdb.server.ingest.SeriesIdCache;
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
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The parse of a line-protocol body into the point batch handed to the engine, series known to the cache (the
 * steady state). Two bodies ({@link #shape}): {@code telegraf}, {@value #LINES} lines of Telegraf-like container
 * metrics, 3 fields (two floats, one integer) and 3 tags each, nanosecond timestamps; {@code synthetic}, the lines
 * {@code scripts/bench/http-ingest.sh} sends (the synthetic set's series, one field {@code value}, millisecond
 * timestamps, about 107 bytes a line), {@value #POINTS} lines of 1,000 series at 15 timestamps. Scores are points
 * (fields) per second; the target is the line-protocol ingest, 3 M points/s on two cores end to end.
 * <pre>
 * java -jar tsdb-bench/target/benchmarks.jar LineProtocolParseBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class LineProtocolParseBenchmark {
    static final int LINES = 5000;
    /** Points of either body. */
    static final int POINTS = LINES * 3;

    /** {@code telegraf} or {@code synthetic}. */
    @Param({"telegraf", "synthetic"})
    public String shape = "telegraf";

    private final SeriesIdCache cache = new SeriesIdCache(64 << 20);
    private final LineProtocolDecoder decoder = new LineProtocolDecoder(cache);
    private final IngestScratch scratch = new IngestScratch.Pool(1).take();
    private Precision precision;

    /** Builds the body and warms the cache with every series. */
    @Setup(Level.Trial)
    public void setUp() {
        final byte[] bytes = switch (shape) {
            case "telegraf" -> telegraf();
            case "synthetic" -> synthetic();
            default -> throw new IllegalArgumentException("shape: telegraf or synthetic, not " + shape);
        };
        precision = shape.equals("telegraf") ? Precision.NANOSECONDS : Precision.MILLISECONDS;
        scratch.inflated.clear();
        scratch.inflated.append(bytes, 0, bytes.length);
        final List<NewSeries> collected = new ArrayList<>();
        final Map<Long, NewSeries> byHash = new HashMap<>();
        decoder.decode(scratch, LineProtocolDecoder.Pass.COLLECT, 0, precision, collected, byHash);
        long id = 1L << 63;
        for (final NewSeries series : collected) {
            cache.put(scratch.key.array(), series.keyOffset(), series.keyLength(), series.keyHash(), ++id);
        }
        if (!parse() || scratch.points.count() != POINTS || !decoder.errors().isEmpty()) {
            throw new IllegalStateException("parse failed: " + scratch.points.count() + " " + decoder.errors());
        }
    }

    private static byte[] telegraf() {
        final StringBuilder body = new StringBuilder();
        for (int i = 0; i < LINES; i++) {
            body.append("container_cpu,container=c-").append(i % 1000).append(",host=h-").append(i % 1000 / 50)
                .append(",image=nginx usage_user=").append(12.5 + i % 97).append(",usage_system=")
                .append(3.25 + i % 13).append(",throttled=").append(i % 7).append("i ")
                .append(1_704_067_200_000_000_000L + (i / 1000) * 10_000_000_000L).append('\n');
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The synthetic set's names and value forms, as {@code HttpIngestLoad} writes them (no data file needed). */
    private static byte[] synthetic() {
        final String[] metrics = {"container_cpu_usage_percent", "container_memory_usage_bytes",
            "container_network_receive_bytes_per_second", "container_network_transmit_bytes_per_second",
            "container_fs_reads_per_second", "container_fs_writes_per_second", "container_cpu_throttled_periods",
            "container_memory_cache_bytes", "container_restarts", "container_open_files"};
        final Random random = new Random(42);
        final StringBuilder body = new StringBuilder();
        for (int i = 0; i < POINTS; i++) {
            final int series = i % 1000;
            final double value = switch (series % 4) {
                case 0 -> Math.round(random.nextDouble() * 100 * 1e8) / 1e8;
                case 1 -> (double) (long) (random.nextDouble() * 4e9);
                case 2 -> Math.round(random.nextDouble() * 1e6) / 10.0;
                default -> 0.0;
            };
            body.append(metrics[series % metrics.length]).append(",container=c-")
                .append(String.format("%04d", series / metrics.length)).append(",host=h-")
                .append(String.format("%03d", series / 100)).append(",image=nginx value=").append(value).append(' ')
                .append(1_704_067_200_000L + (i / 1000) * 10_000L).append('\n');
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @return the body parsed into points. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public boolean parse() {
        scratch.points.clear();
        scratch.key.clear();
        return decoder.decode(scratch, LineProtocolDecoder.Pass.FAST, 0, precision, List.of(), Map.of());
    }
}
