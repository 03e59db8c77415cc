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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The parse of a line-protocol body into the point batch handed to the engine, series known to the cache (the
 * steady state): {@value #LINES} lines of Telegraf-like container metrics, 3 fields and 3 tags each, nanosecond
 * timestamps. Scores are points (fields) per second.
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
    static final int POINTS = LINES * 3;

    private final SeriesIdCache cache = new SeriesIdCache(64 << 20);
    private final LineProtocolDecoder decoder = new LineProtocolDecoder(cache);
    private final IngestScratch scratch = new IngestScratch.Pool(1).take();

    /** Builds the body and warms the cache with every series. */
    @Setup(Level.Trial)
    public void setUp() {
        final StringBuilder body = new StringBuilder();
        for (int i = 0; i < LINES; i++) {
            body.append("container_cpu,container=c-").append(i % 1000).append(",host=h-").append(i % 1000 / 50)
                .append(",image=nginx usage_user=").append(12.5 + i % 97).append(",usage_system=")
                .append(3.25 + i % 13).append(",throttled=").append(i % 7).append("i ")
                .append(1_704_067_200_000_000_000L + (i / 1000) * 10_000_000_000L).append('\n');
        }
        final byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        scratch.inflated.clear();
        scratch.inflated.append(bytes, 0, bytes.length);
        final List<NewSeries> collected = new ArrayList<>();
        final Map<Long, NewSeries> byHash = new HashMap<>();
        decoder.decode(scratch, LineProtocolDecoder.Pass.COLLECT, 0, Precision.NANOSECONDS, collected, byHash);
        long id = 1L << 63;
        for (final NewSeries series : collected) {
            cache.put(scratch.key.array(), series.keyOffset(), series.keyLength(), series.keyHash(), ++id);
        }
        if (!parse() || scratch.points.count() != POINTS || !decoder.errors().isEmpty()) {
            throw new IllegalStateException("parse failed: " + scratch.points.count() + " " + decoder.errors());
        }
    }

    /** @return the body parsed into points. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public boolean parse() {
        scratch.points.clear();
        scratch.key.clear();
        return decoder.decode(scratch, LineProtocolDecoder.Pass.FAST, 0, Precision.NANOSECONDS, List.of(), Map.of());
    }
}
