// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.codec;

import io.ztsdb.core.codec.GorillaEncoder;
import fi.iki.yak.ts.compression.gorilla.GorillaCompressor;
import fi.iki.yak.ts.compression.gorilla.LongArrayOutput;
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
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

/**
 * Gorilla encoding throughput, ztsdb vs {@code fi.iki.yak:compression-gorilla:2.1.1}, on the same chunks of the
 * same dataset. Read the {@code points} secondary result: samples encoded per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class GorillaEncodeBenchmark {
    /** Dataset: {@code synthetic} (container metrics) or {@code nab}. */
    @Param({"synthetic", "nab"})
    public String dataset;

    /** Samples per chunk, as the head seals them. */
    @Param({"120"})
    public int chunkSamples;

    private CodecBenchmarkData data;
    private MemorySegment out;
    private final GorillaEncoder encoder = new GorillaEncoder();

    /** Samples processed, reported as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Points {
        /** Samples encoded. */
        public long points;

        /** Resets the counter per iteration. */
        @Setup(Level.Iteration)
        public void reset() {
            points = 0;
        }
    }

    /** Loads the dataset and checks both codecs round-trip it. */
    @Setup(Level.Trial)
    public void setUp() {
        data = new CodecBenchmarkData(dataset, chunkSamples);
        out = CodecBenchmarkData.allocate(data.ztsdbCapacity());
        final int[] ends = data.encodeZtsdb(out);
        data.verify(out, ends, data.encodeYak());
    }

    /**
     * ztsdb: encodes every chunk into one native buffer.
     *
     * @return bytes written.
     */
    @Benchmark
    public int ztsdb(final Points points) {
        final long[] timestamps = data.timestamps;
        final double[] values = data.values;
        final int[] from = data.chunkFrom;
        final int[] to = data.chunkTo;
        final GorillaEncoder encoder = this.encoder;
        int offset = 0;
        for (int c = 0; c < from.length; c++) {
            encoder.wrap(out, offset, (int) out.byteSize() - offset);
            for (int i = from[c], end = to[c]; i < end; i++) {
                encoder.append(timestamps[i], values[i]);
            }
            offset += encoder.writeCount().lengthBytes();
        }
        points.points += data.pointCount;
        return offset;
    }

    /**
     * ztsdb: encodes every chunk with the bulk {@code append(long[], double[], from, to)}, state in registers.
     *
     * @return bytes written.
     */
    @Benchmark
    public int ztsdbBulk(final Points points) {
        final int[] from = data.chunkFrom;
        final int[] to = data.chunkTo;
        final GorillaEncoder encoder = this.encoder;
        int offset = 0;
        for (int c = 0; c < from.length; c++) {
            encoder.wrap(out, offset, (int) out.byteSize() - offset);
            encoder.append(data.timestamps, data.values, from[c], to[c]);
            offset += encoder.lengthBytes();
        }
        points.points += data.pointCount;
        return offset;
    }

    /**
     * yak: encodes every chunk into its own {@code LongArrayOutput}, sized for the chunk.
     *
     * @return 64-bit words written.
     */
    @Benchmark
    public long yak(final Points points) {
        final long[] timestamps = data.timestamps;
        final double[] values = data.values;
        final int[] from = data.chunkFrom;
        final int[] to = data.chunkTo;
        long words = 0;
        for (int c = 0; c < from.length; c++) {
            final LongArrayOutput output = new LongArrayOutput(data.yakInitialLongs(c));
            final GorillaCompressor compressor = new GorillaCompressor(timestamps[from[c]], output);
            for (int i = from[c], end = to[c]; i < end; i++) {
                compressor.addValue(timestamps[i], values[i]);
            }
            compressor.close();
            words += output.getLongArray().length;
        }
        points.points += data.pointCount;
        return words;
    }
}
