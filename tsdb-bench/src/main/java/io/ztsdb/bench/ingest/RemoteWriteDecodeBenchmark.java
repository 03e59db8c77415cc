// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.ingest;

import io.ztsdb.protocol.prometheus.WriteRequestEncoder;
import io.ztsdb.protocol.snappy.SnappyBlock;
import io.ztsdb.server.http.remotewrite.WriteRequestDecoder;
import io.ztsdb.server.ingest.IngestScratch;
import io.ztsdb.server.ingest.MetricMetadataStore;
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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The receive path of {@code POST /api/v1/write} without the network and the engine: snappy decompression of a
 * request and its decode into the point batch handed to the engine, series known to the cache (the steady state).
 * The request is what Prometheus sends: {@value #SERIES} series of 5 labels (container metrics of the synthetic set)
 * with {@value #SAMPLES_PER_SERIES} samples each. Scores are samples per second ({@code -prof gc}: bytes per
 * sample).
 * <pre>
 * java -jar tsdb-bench/target/benchmarks.jar RemoteWriteDecodeBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class RemoteWriteDecodeBenchmark {
    static final int SERIES = 1000;
    static final int SAMPLES_PER_SERIES = 10;
    static final int SAMPLES = SERIES * SAMPLES_PER_SERIES;
    private static final long T0 = 1_704_067_200_000L;
    private static final String[] METRICS = {"container_cpu_usage_percent", "container_memory_usage_bytes",
        "container_network_receive_bytes_per_second", "container_network_transmit_bytes_per_second",
        "container_fs_reads_bytes_total"};

    private final SeriesIdCache cache = new SeriesIdCache(64 << 20);
    private final WriteRequestDecoder decoder = new WriteRequestDecoder(cache, new MetricMetadataStore(16));
    private final IngestScratch scratch = new IngestScratch.Pool(1).take();
    private byte[] compressed;

    /** @return the metric name of series {@code s}: container metrics, in turn. */
    static String metric(final int s) {
        return METRICS[s % METRICS.length];
    }

    /** Builds the request and warms the cache with every series, as the first request of a sender would. */
    @Setup(Level.Trial)
    public void setUp() {
        final WriteRequestEncoder encoder = new WriteRequestEncoder();
        for (int s = 0; s < SERIES; s++) {
            encoder.beginSeries().label("__name__", METRICS[s % METRICS.length])
                .label("container", String.format("c-%04d", s / METRICS.length))
                .label("host", String.format("h-%03d", s / 50)).label("image", "nginx")
                .label("instance", "10.0.0.1:9100").label("job", "cadvisor");
            for (int i = 0; i < SAMPLES_PER_SERIES; i++) {
                encoder.sample(T0 + i * 10_000L, 12.5 + s * 0.25 + i);
            }
            encoder.endSeries();
        }
        compressed = encoder.toSnappy();
        decode();
        final List<NewSeries> collected = new ArrayList<>();
        final Map<Long, NewSeries> byHash = new HashMap<>();
        scratch.key.clear();
        scratch.points.clear();
        decoder.decode(scratch, WriteRequestDecoder.Pass.COLLECT, collected, byHash);
        long id = 1L << 63;
        for (final NewSeries series : collected) {
            cache.put(scratch.key.array(), series.keyOffset(), series.keyLength(), series.keyHash(), ++id);
        }
        if (!decode() || scratch.points.count() != SAMPLES) {
            throw new IllegalStateException("decode failed: " + scratch.points.count() + " points");
        }
    }

    /** @return the request: decompressed and decoded into points. */
    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public boolean decompressAndDecode() {
        return decode();
    }

    private boolean decode() {
        scratch.points.clear();
        scratch.key.clear();
        final int length = SnappyBlock.uncompressedLength(compressed, 0, compressed.length);
        scratch.inflated.ensureCapacity(length);
        scratch.inflated.length(SnappyBlock.decompress(compressed, 0, compressed.length, scratch.inflated.array(), 0));
        return decoder.decode(scratch, WriteRequestDecoder.Pass.FAST, List.of(), Map.of());
    }
}
