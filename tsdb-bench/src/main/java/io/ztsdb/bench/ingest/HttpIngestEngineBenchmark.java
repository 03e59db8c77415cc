// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.ingest;

import io.ztsdb.core.PointDescriptor;
import io.ztsdb.core.Tsdb;
import io.ztsdb.core.TsdbConfig;
import io.ztsdb.core.WalSync;
import io.ztsdb.core.WriteResult;
import io.ztsdb.protocol.prometheus.WriteRequestEncoder;
import io.ztsdb.protocol.snappy.SnappyBlock;
import io.ztsdb.server.http.influx.LineProtocolDecoder;
import io.ztsdb.server.http.influx.Precision;
import io.ztsdb.server.http.remotewrite.WriteRequestDecoder;
import io.ztsdb.server.ingest.IngestScratch;
import io.ztsdb.server.ingest.MetricMetadataStore;
import io.ztsdb.server.ingest.NewSeries;
import io.ztsdb.server.ingest.SeriesIdCache;
import io.ztsdb.server.ingest.SeriesRegistration;
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
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The HTTP ingest handlers' work per request without the network, into a real engine in a temp directory: the body
 * decoded (remote write: snappy decompression and protobuf; line protocol: the parse), series resolved by the cache
 * of label bytes (known series, the steady state; they were registered through the handlers' registration), and
 * the batch written with {@code insertBatchAsync} and waited for under the WAL policy {@code walSync}
 * ({@code fsync}: acknowledged as the server acknowledges). Each invocation moves the batch's timestamps forward
 * so every sample is accepted. Scores are samples (points) per second, the targets 4 M (remote write) and
 * 3 M (line protocol). Data directory: system property {@code ztsdb.bench.dir} (default: the temp dir).
 * <pre>
 * java -jar tsdb-bench/target/benchmarks.jar HttpIngestEngineBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class HttpIngestEngineBenchmark {
    static final int SERIES = 1000;
    static final int STAMPS = 10;
    static final int SAMPLES = SERIES * STAMPS;
    private static final long T0 = 1_704_067_200_000L;
    private static final long STEP_MILLIS = 10_000L;
    private static final ValueLayout.OfLong TIMESTAMP = ValueLayout.JAVA_LONG_UNALIGNED
        .withOrder(PointDescriptor.BYTE_ORDER);

    /** WAL policy: {@code fsync} (the server's default) or {@code none}. */
    @Param({"fsync"})
    public String walSync;

    private Path dir;
    private Tsdb tsdb;
    private final SeriesIdCache rwCache = new SeriesIdCache(64 << 20);
    private final SeriesIdCache lpCache = new SeriesIdCache(64 << 20);
    private final WriteRequestDecoder rwDecoder = new WriteRequestDecoder(rwCache, new MetricMetadataStore(16));
    private final LineProtocolDecoder lpDecoder = new LineProtocolDecoder(lpCache);
    private final IngestScratch scratch = new IngestScratch.Pool(1).take();
    private byte[] remoteWriteBody;
    private byte[] lineBody;
    private long round;

    /** Opens the engine, builds one request of each protocol and registers their series as the handlers do. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        final String base = System.getProperty("ztsdb.bench.dir", System.getProperty("java.io.tmpdir"));
        dir = Files.createTempDirectory(Path.of(base), "http-ingest-bench");
        tsdb = Tsdb.open(dir, new TsdbConfig().walSync(WalSync.parse(walSync)));
        final WriteRequestEncoder encoder = new WriteRequestEncoder();
        final StringBuilder lines = new StringBuilder();
        for (int s = 0; s < SERIES; s++) {
            encoder.beginSeries().label("__name__", "rw_" + RemoteWriteDecodeBenchmark.metric(s))
                .label("container", String.format("c-%04d", s / 5)).label("host", String.format("h-%03d", s / 50))
                .label("instance", "10.0.0.1:9100").label("job", "cadvisor");
            for (int i = 0; i < STAMPS; i++) {
                encoder.sample(T0 + i * STEP_MILLIS, 12.5 + s * 0.25 + i);
            }
            encoder.endSeries();
        }
        for (int i = 0; i < STAMPS; i++) {
            for (int s = 0; s < SERIES; s++) {
                lines.append("lp_").append(RemoteWriteDecodeBenchmark.metric(s)).append(",container=c-")
                    .append(s / 5).append(",host=h-").append(s / 50).append(",job=telegraf value=")
                    .append(12.5 + s * 0.25 + i).append(' ').append(T0 + i * STEP_MILLIS).append('\n');
            }
        }
        remoteWriteBody = encoder.toSnappy();
        lineBody = lines.toString().getBytes(StandardCharsets.UTF_8);
        final SeriesRegistration registration = new SeriesRegistration(tsdb);
        inflateRemoteWrite();
        final Map<Long, NewSeries> rwSeries = new HashMap<>();
        final List<NewSeries> rwNew = new ArrayList<>();
        rwDecoder.decode(scratch, WriteRequestDecoder.Pass.COLLECT, rwNew, rwSeries);
        register(registration, rwNew, rwCache);
        inflateLine();
        final Map<Long, NewSeries> lpSeries = new HashMap<>();
        final List<NewSeries> lpNew = new ArrayList<>();
        lpDecoder.decode(scratch, LineProtocolDecoder.Pass.COLLECT, 0, Precision.MILLISECONDS, lpNew, lpSeries);
        register(registration, lpNew, lpCache);
        if (remoteWrite() != SAMPLES || lineProtocol() != SAMPLES) {
            throw new IllegalStateException("samples refused in the first round");
        }
    }

    private void register(final SeriesRegistration registration, final List<NewSeries> series,
        final SeriesIdCache cache) {
        registration.register(series);
        for (final NewSeries s : series) {
            cache.put(scratch.key.array(), s.keyOffset(), s.keyLength(), s.keyHash(), s.id());
        }
        scratch.key.clear();
        scratch.points.clear();
    }

    /** Closes the engine and deletes its directory. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        tsdb.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** @return samples accepted: one remote-write request decompressed, decoded and written durably. */
    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public int remoteWrite() {
        inflateRemoteWrite();
        if (!rwDecoder.decode(scratch, WriteRequestDecoder.Pass.FAST, List.of(), Map.of())) {
            throw new IllegalStateException("unknown series");
        }
        return write();
    }

    /** @return points accepted: one line-protocol body parsed and written durably. */
    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public int lineProtocol() {
        inflateLine();
        if (!lpDecoder.decode(scratch, LineProtocolDecoder.Pass.FAST, 0, Precision.MILLISECONDS, List.of(),
            Map.of())) {
            throw new IllegalStateException("unknown series");
        }
        return write();
    }

    private void inflateRemoteWrite() {
        scratch.points.clear();
        scratch.key.clear();
        final int length = SnappyBlock.uncompressedLength(remoteWriteBody, 0, remoteWriteBody.length);
        scratch.inflated.ensureCapacity(length);
        scratch.inflated.length(SnappyBlock.decompress(remoteWriteBody, 0, remoteWriteBody.length,
            scratch.inflated.array(), 0));
    }

    private void inflateLine() {
        scratch.points.clear();
        scratch.key.clear();
        scratch.inflated.clear();
        scratch.inflated.append(lineBody, 0, lineBody.length);
    }

    /** Moves the batch past the previous one (the request is the same bytes each time), then writes it. */
    private int write() {
        final int count = scratch.points.count();
        final MemorySegment points = scratch.points.segment();
        final long shift = round++ * STAMPS * STEP_MILLIS;
        for (int i = 0; i < count; i++) {
            final long at = (long) i * PointDescriptor.LENGTH + PointDescriptor.TIMESTAMP_OFFSET;
            points.set(TIMESTAMP, at, points.get(TIMESTAMP, at) + shift);
        }
        final WriteResult result = tsdb.insertBatchAsync(points, 0, count).join();
        return result.acceptedPoints();
    }
}
