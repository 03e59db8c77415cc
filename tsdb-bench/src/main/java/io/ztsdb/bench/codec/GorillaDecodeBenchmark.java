// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.codec;

import io.ztsdb.core.codec.GorillaDecoder;
import fi.iki.yak.ts.compression.gorilla.GorillaDecompressor;
import fi.iki.yak.ts.compression.gorilla.LongArrayInput;
import fi.iki.yak.ts.compression.gorilla.Pair;
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

import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

/**
 * Gorilla decoding throughput, ztsdb vs {@code fi.iki.yak:compression-gorilla:2.1.1}, on the same chunks of the
 * same dataset, each decoded by its own encoder's output. Read the {@code points} secondary result: samples
 * decoded per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class GorillaDecodeBenchmark {
    /** Dataset: {@code synthetic} (container metrics) or {@code nab}. */
    @Param({"synthetic", "nab"})
    public String dataset;

    /** Samples per chunk, as the head seals them. */
    @Param({"120"})
    public int chunkSamples;

    private CodecBenchmarkData data;
    private MemorySegment ztsdbChunks;
    private int[] ztsdbEnds;
    private long[][] yakChunks;
    private final GorillaDecoder decoder = new GorillaDecoder();
    private final long[] timestamps = new long[0xFFFF];
    private final double[] values = new double[0xFFFF];

    /** Loads and encodes the dataset with both codecs, and checks both round-trip it. */
    @Setup(Level.Trial)
    public void setUp() {
        data = new CodecBenchmarkData(dataset, chunkSamples);
        ztsdbChunks = CodecBenchmarkData.allocate(data.ztsdbCapacity());
        ztsdbEnds = data.encodeZtsdb(ztsdbChunks);
        yakChunks = data.encodeYak();
        data.verify(ztsdbChunks, ztsdbEnds, yakChunks);
    }

    /**
     * ztsdb: decodes every chunk into reused arrays with {@link GorillaDecoder#decode(long[], double[], int)},
     * the path of the query cursor.
     *
     * @return a checksum of all timestamps and value bits.
     */
    @Benchmark
    public long ztsdb(final GorillaEncodeBenchmark.Points points) {
        final GorillaDecoder decoder = this.decoder;
        final int[] ends = ztsdbEnds;
        final long[] timestamps = this.timestamps;
        final double[] values = this.values;
        long checksum = 0;
        int start = 0;
        for (int c = 0; c < ends.length; c++) {
            decoder.wrap(ztsdbChunks, start, ends[c] - start);
            final int count = decoder.decode(timestamps, values, 0);
            for (int i = 0; i < count; i++) {
                checksum += timestamps[i] ^ Double.doubleToRawLongBits(values[i]);
            }
            start = ends[c];
        }
        points.points += data.pointCount;
        return checksum;
    }

    /**
     * ztsdb: decodes every chunk one sample at a time with {@link GorillaDecoder#next()}.
     *
     * @return a checksum of all timestamps and value bits.
     */
    @Benchmark
    public long ztsdbNext(final GorillaEncodeBenchmark.Points points) {
        final GorillaDecoder decoder = this.decoder;
        final int[] ends = ztsdbEnds;
        long checksum = 0;
        int start = 0;
        for (int c = 0; c < ends.length; c++) {
            decoder.wrap(ztsdbChunks, start, ends[c] - start);
            while (decoder.next()) {
                checksum += decoder.timestampMillis() ^ decoder.valueBits();
            }
            start = ends[c];
        }
        points.points += data.pointCount;
        return checksum;
    }

    /**
     * yak: decodes every chunk with its {@code GorillaDecompressor} (one {@code Pair} per sample, its API).
     *
     * @return a checksum of all timestamps and value bits.
     */
    @Benchmark
    public long yak(final GorillaEncodeBenchmark.Points points) {
        long checksum = 0;
        for (final long[] chunk : yakChunks) {
            final GorillaDecompressor decompressor = new GorillaDecompressor(new LongArrayInput(chunk));
            Pair pair;
            while ((pair = decompressor.readPair()) != null) {
                checksum += pair.getTimestamp() ^ Double.doubleToRawLongBits(pair.getDoubleValue());
            }
        }
        points.points += data.pointCount;
        return checksum;
    }
}
