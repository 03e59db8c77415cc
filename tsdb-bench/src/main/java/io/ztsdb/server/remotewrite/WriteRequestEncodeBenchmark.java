// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.remotewrite;

import io.ztsdb.core.Labels;
import io.ztsdb.core.SeriesInfo;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The sender's encode path for one request, as a shard runs it: group 10,000 queued samples by series, write the
 * {@code WriteRequest} protobuf with each series' pre-encoded labels, snappy-compress it. Samples arrive as the
 * queue holds them: rounds of one sample per series (the collector's and most scrapers' pattern), values a random
 * walk with 0.01 resolution. The score is per sample; the sender's target is 1 M samples/s in under one core, so
 * the encode path must stay well under 1 µs per sample.
 * <p>
 * In package {@code io.ztsdb.server.remotewrite} (split package on the benchmark's class path) because the
 * encoder is package-private.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m", "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class WriteRequestEncodeBenchmark {
    private static final int SAMPLES = 10_000;
    private static final long FIRST_TIMESTAMP = 1_795_844_630_734L;

    /** Distinct series among the request's samples. */
    @Param({"100", "1000", "10000"})
    public int series;

    private final long[] seriesIds = new long[SAMPLES];
    private final long[] timestamps = new long[SAMPLES];
    private final double[] values = new double[SAMPLES];
    private WriteRequestBuilder builder;

    @Setup
    public void setUp() {
        final SeriesLabelEncoder labels = new SeriesLabelEncoder(id -> new SeriesInfo(id, 0, 0, 0,
            "container.cpu.usage", Labels.of("container_id", "3f9c2a" + id, "pod", "web-" + (id % 97),
            "namespace", "prod")));
        builder = new WriteRequestBuilder(labels);
        final SplittableRandom random = new SplittableRandom(42);
        final double[] walk = new double[series];
        for (int i = 0; i < SAMPLES; i++) {
            final int s = i % series;
            walk[s] += Math.round(random.nextDouble(-1, 1) * 100) / 100.0;
            seriesIds[i] = 1_000_000 + s;
            timestamps[i] = FIRST_TIMESTAMP + (i / series) * 1000L;
            values[i] = walk[s];
        }
        builder.encode(seriesIds, timestamps, values, SAMPLES);   // labels encoded once, as in a running sender
    }

    /** @return the compressed body, so the work is not eliminated. */
    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public byte[] encodeRequest() {
        builder.encode(seriesIds, timestamps, values, SAMPLES);
        return builder.body();
    }
}
