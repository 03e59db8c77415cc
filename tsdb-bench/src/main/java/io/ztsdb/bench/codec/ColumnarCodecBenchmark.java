// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.codec;

import io.ztsdb.core.codec.GorillaDecoder;
import io.ztsdb.core.codec.GorillaEncoder;
import io.ztsdb.core.codec.columnar.ColumnarChunkDecoder;
import io.ztsdb.core.codec.columnar.ColumnarChunkEncoder;
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
 * Columnar chunk codec against Gorilla on the same chunks of the same dataset, one core: bulk decode into arrays
 * (the query path; target >= 500 M samples/s) and whole-chunk encode (block writing and compaction, background
 * work). Read the {@code points} secondary result: samples (timestamp + value) per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class ColumnarCodecBenchmark {
    /** Dataset: {@code synthetic} (container metrics) or {@code nab}. */
    @Param({"synthetic", "nab"})
    public String dataset;

    /** Samples per chunk: 720 is a 2-hour block partition at 10 s, 8640 a compacted day. */
    @Param({"720", "8640"})
    public int chunkSamples;

    private CodecBenchmarkData data;
    private ColumnarChunks columnar;
    private MemorySegment gorillaChunks;
    private int[] gorillaEnds;
    private final ColumnarChunkDecoder decoder = new ColumnarChunkDecoder();
    private final ColumnarChunkEncoder encoder = new ColumnarChunkEncoder();
    private final GorillaDecoder gorillaDecoder = new GorillaDecoder();
    private final GorillaEncoder gorillaEncoder = new GorillaEncoder();
    private final long[] timestamps = new long[0xFFFF];
    private final double[] values = new double[0xFFFF];

    /** Loads and encodes the dataset with both codecs, and checks both round-trip it. */
    @Setup(Level.Trial)
    public void setUp() {
        data = new CodecBenchmarkData(dataset, chunkSamples);
        gorillaChunks = CodecBenchmarkData.allocate(data.ztsdbCapacity());
        gorillaEnds = data.encodeZtsdb(gorillaChunks);
        data.verify(gorillaChunks, gorillaEnds, data.encodeYak());
        columnar = new ColumnarChunks(data);
    }

    /**
     * Columnar: decodes every chunk from the native segment into reused arrays.
     *
     * @return a checksum of all timestamps and value bits.
     */
    @Benchmark
    public long decodeColumnar(final GorillaEncodeBenchmark.Points points) {
        final ColumnarChunks chunks = columnar;
        final long[] t = timestamps;
        final double[] v = values;
        long checksum = 0;
        for (int c = 0; c < chunks.offsets.length; c++) {
            final int count = decoder.decode(chunks.segment, chunks.offsets[c], chunks.lengths[c], t, v, 0);
            checksum += t[count - 1] ^ Double.doubleToRawLongBits(v[count >>> 1]);
        }
        points.points += data.pointCount;
        return checksum;
    }

    /**
     * Gorilla: decodes every chunk in bulk into reused arrays (the head's path).
     *
     * @return a checksum of some timestamps and value bits.
     */
    @Benchmark
    public long decodeGorilla(final GorillaEncodeBenchmark.Points points) {
        final int[] ends = gorillaEnds;
        long checksum = 0;
        int start = 0;
        for (int c = 0; c < ends.length; c++) {
            gorillaDecoder.wrap(gorillaChunks, start, ends[c] - start);
            final int count = gorillaDecoder.decode(timestamps, values, 0);
            checksum += timestamps[count - 1] ^ Double.doubleToRawLongBits(values[count >>> 1]);
            start = ends[c];
        }
        points.points += data.pointCount;
        return checksum;
    }

    /**
     * Columnar: encodes every chunk (the encoder keeps the bytes on its heap buffer).
     *
     * @return bytes written.
     */
    @Benchmark
    public long encodeColumnar(final GorillaEncodeBenchmark.Points points) {
        long bytes = 0;
        for (int c = 0; c < data.chunkFrom.length; c++) {
            bytes += encoder.encode(data.timestamps, data.values, data.chunkFrom[c], data.chunkTo[c]);
        }
        points.points += data.pointCount;
        return bytes;
    }

    /**
     * Gorilla: encodes every chunk in bulk into one native buffer.
     *
     * @return bytes written.
     */
    @Benchmark
    public long encodeGorilla(final GorillaEncodeBenchmark.Points points) {
        int offset = 0;
        for (int c = 0; c < data.chunkFrom.length; c++) {
            gorillaEncoder.wrap(gorillaChunks, offset, (int) gorillaChunks.byteSize() - offset);
            gorillaEncoder.append(data.timestamps, data.values, data.chunkFrom[c], data.chunkTo[c]);
            offset += gorillaEncoder.lengthBytes();
        }
        points.points += data.pointCount;
        return offset;
    }
}
