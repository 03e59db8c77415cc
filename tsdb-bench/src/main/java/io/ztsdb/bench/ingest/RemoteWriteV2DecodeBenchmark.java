// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.ingest;

import io.ztsdb.protocol.prometheus.WriteRequestEncoder;
import io.ztsdb.protocol.protobuf.ProtobufWriter;
import io.ztsdb.protocol.protobuf.WireType;
import io.ztsdb.protocol.snappy.SnappyBlock;
import io.ztsdb.server.http.remotewrite.RemoteWriteDecoder;
import io.ztsdb.server.http.remotewrite.WriteRequestDecoder;
import io.ztsdb.server.http.remotewrite.WriteRequestV2Decoder;
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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Remote write 2.0 decoding next to 1.0 on the same samples: snappy decompression and the decode into the point
 * batch, series known to the cache (the steady state), {@value RemoteWriteDecodeBenchmark#SERIES} series of 5 labels
 * as in {@link RemoteWriteDecodeBenchmark}. The 2.0 request carries what Prometheus' 2.0 sender puts in every request:
 * the symbol table and each series' metadata (type, help, unit); the 1.0 request carries labels and samples. Scores
 * are requests per second (times 1,000 x {@code samplesPerSeries} for samples per second; {@code -prof gc}: bytes
 * per request). {@link #main} times both by the thread's CPU time in alternated rounds of one JVM, in samples per
 * CPU-second, for a figure that holds on a shared machine.
 * <pre>
 * java -jar tsdb-bench/target/benchmarks.jar RemoteWriteV2DecodeBenchmark -prof gc
 * java -cp tsdb-bench/target/benchmarks.jar io.ztsdb.bench.ingest.RemoteWriteV2DecodeBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class RemoteWriteV2DecodeBenchmark {
    private static final long T0 = 1_704_067_200_000L;
    private static final int SERIES = RemoteWriteDecodeBenchmark.SERIES;

    /** The protocol of the request. */
    @Param({"V1", "V2"})
    public String proto;
    /** Samples per series in one request (Prometheus sends mostly 1). */
    @Param({"1", "10"})
    public int samplesPerSeries;

    private final SeriesIdCache cache = new SeriesIdCache(64 << 20);
    private final IngestScratch scratch = new IngestScratch.Pool(1).take();
    private RemoteWriteDecoder decoder;
    private byte[] compressed;
    private int samples;

    /** Builds the request and warms the cache with every series, as the first request of a sender would. */
    @Setup(Level.Trial)
    public void setUp() {
        samples = SERIES * samplesPerSeries;
        final MetricMetadataStore metadata = new MetricMetadataStore(1000);
        decoder = proto.equals("V1") ? new WriteRequestDecoder(cache, metadata)
            : new WriteRequestV2Decoder(cache, new WriteRequestV2Decoder.Resources(metadata));
        final byte[] protobuf = proto.equals("V1") ? v1(samplesPerSeries) : v2(samplesPerSeries);
        compressed = SnappyBlock.compress(protobuf, 0, protobuf.length);
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
        if (!decode() || scratch.points.count() != samples) {
            throw new IllegalStateException("decode failed: " + scratch.points.count() + " points");
        }
    }

    /** @return the labels of series {@code s}, as name/value pairs. */
    private static String[] labels(final int s) {
        return new String[] {"__name__", RemoteWriteDecodeBenchmark.metric(s), "container",
            String.format("c-%04d", s / 5), "host", String.format("h-%03d", s / 50), "image", "nginx", "instance",
            "10.0.0.1:9100", "job", "cadvisor"};
    }

    private static double value(final int s, final int i) {
        return 12.5 + s * 0.25 + i;
    }

    private static byte[] v1(final int samplesPerSeries) {
        final WriteRequestEncoder encoder = new WriteRequestEncoder();
        for (int s = 0; s < SERIES; s++) {
            encoder.beginSeries();
            final String[] labels = labels(s);
            for (int k = 0; k < labels.length; k += 2) {
                encoder.label(labels[k], labels[k + 1]);
            }
            for (int i = 0; i < samplesPerSeries; i++) {
                encoder.sample(T0 + i * 10_000L, value(s, i));
            }
            encoder.endSeries();
        }
        return encoder.toByteArray();
    }

    /** @return a 2.0 request of the same samples, symbols first, metadata on every series. */
    private static byte[] v2(final int samplesPerSeries) {
        final Map<String, Integer> symbols = new LinkedHashMap<>();
        symbols.put("", 0);
        final ProtobufWriter series = new ProtobufWriter();
        for (int s = 0; s < SERIES; s++) {
            final int mark = series.beginMessage(5);
            final int refs = series.beginMessage(1);
            for (final String label : labels(s)) {
                series.varint(symbols.computeIfAbsent(label, l -> symbols.size()));
            }
            series.endMessage(refs);
            for (int i = 0; i < samplesPerSeries; i++) {
                final int sample = series.beginMessage(2);
                series.doubleField(1, value(s, i)).int64Field(2, T0 + i * 10_000L);
                series.endMessage(sample);
            }
            final int metadata = series.beginMessage(5);
            series.int64Field(1, 2).int64Field(3, symbols.computeIfAbsent("Usage of the container's resource.",
                l -> symbols.size())).int64Field(4, symbols.computeIfAbsent("bytes", l -> symbols.size()));
            series.endMessage(metadata);
            series.endMessage(mark);
        }
        final ProtobufWriter request = new ProtobufWriter();
        for (final String symbol : symbols.keySet()) {
            if (symbol.isEmpty()) {
                request.varint(WireType.tag(4, WireType.LENGTH_DELIMITED)).varint(0);
            } else {
                request.stringField(4, symbol);
            }
        }
        request.raw(series.buffer(), 0, series.length());
        return request.toByteArray();
    }

    /** @return the request: decompressed and decoded into points. */
    @Benchmark
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

    /**
     * Samples per CPU-second of 1.0 and 2.0 for 1 and 10 samples per series, in alternated rounds of about 1 s
     * (median of 15 after 10 of warm-up), and the compressed and decompressed request sizes.
     *
     * @param args samples per series to run (default: 1 and 10).
     */
    public static void main(final String[] args) {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final int[] perSeriesRuns = args.length == 0 ? new int[] {1, 10}
            : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        for (final int perSeries : perSeriesRuns) {
            final RemoteWriteV2DecodeBenchmark[] pair = {new RemoteWriteV2DecodeBenchmark(),
                new RemoteWriteV2DecodeBenchmark()};
            final double[][] rates = new double[2][25];
            for (int p = 0; p < 2; p++) {
                pair[p].proto = p == 0 ? "V1" : "V2";
                pair[p].samplesPerSeries = perSeries;
                pair[p].setUp();
            }
            boolean sink = false;
            for (int round = 0; round < 25; round++) {
                for (int p = 0; p < 2; p++) {
                    final long start = threads.getCurrentThreadCpuTime();
                    long calls = 0;
                    while (threads.getCurrentThreadCpuTime() - start < 1_000_000_000L) {
                        for (int i = 0; i < 20; i++) {
                            sink ^= pair[p].decode();
                        }
                        calls += 20;
                    }
                    rates[p][round] = calls * pair[p].samples / ((threads.getCurrentThreadCpuTime() - start) / 1e9);
                }
            }
            for (int p = 0; p < 2; p++) {
                final double[] measured = Arrays.copyOfRange(rates[p], 10, 25);
                Arrays.sort(measured);
                System.out.printf("%s, %d sample(s) per series: %.2f M samples per CPU-second; request %d bytes "
                    + "compressed, %d decompressed%n", pair[p].proto, perSeries, measured[7] / 1e6,
                    pair[p].compressed.length, pair[p].scratch.inflated.length());
            }
            if (sink) {
                System.out.print("");
            }
        }
    }
}
