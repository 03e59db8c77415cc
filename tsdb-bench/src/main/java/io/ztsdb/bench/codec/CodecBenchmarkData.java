// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.codec;

import io.ztsdb.bench.data.BenchmarkDatasets;
import io.ztsdb.bench.data.BenchmarkDatasets.SeriesSet;
import io.ztsdb.core.codec.GorillaDecoder;
import io.ztsdb.core.codec.GorillaEncoder;
import fi.iki.yak.ts.compression.gorilla.GorillaCompressor;
import fi.iki.yak.ts.compression.gorilla.GorillaDecompressor;
import fi.iki.yak.ts.compression.gorilla.LongArrayInput;
import fi.iki.yak.ts.compression.gorilla.LongArrayOutput;
import fi.iki.yak.ts.compression.gorilla.Pair;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * A dataset flattened for the codec benchmarks: all samples in two arrays, cut into chunks of at most
 * {@code chunkSamples} samples per series (as the head cuts them), plus both codecs' encodings of it.
 */
final class CodecBenchmarkData {
    final long[] timestamps;
    final double[] values;
    final int[] chunkFrom;
    final int[] chunkTo;
    final int pointCount;

    CodecBenchmarkData(final String dataset, final int chunkSamples) {
        final SeriesSet set = BenchmarkDatasets.load(dataset);
        final int[][] chunks = BenchmarkDatasets.chunks(set, chunkSamples);
        pointCount = Math.toIntExact(set.pointCount());
        timestamps = new long[pointCount];
        values = new double[pointCount];
        chunkFrom = new int[chunks.length];
        chunkTo = new int[chunks.length];
        int at = 0;
        for (int c = 0; c < chunks.length; c++) {
            final int[] chunk = chunks[c];
            chunkFrom[c] = at;
            for (int i = chunk[1]; i < chunk[2]; i++) {
                timestamps[at] = set.timestamps()[chunk[0]][i];
                values[at] = set.values()[chunk[0]][i];
                at++;
            }
            chunkTo[c] = at;
        }
        System.out.println(BenchmarkDatasets.describe(set) + " chunks=" + chunks.length);
    }

    /** Worst-case bytes for the ztsdb encoding of all chunks. */
    int ztsdbCapacity() {
        return pointCount * 19 + chunkFrom.length * (4 + GorillaEncoder.SLACK_BYTES + 8);
    }

    /**
     * Encodes every chunk with ztsdb into {@code out}.
     *
     * @return end offset of every chunk.
     */
    int[] encodeZtsdb(final MemorySegment out) {
        final GorillaEncoder encoder = new GorillaEncoder();
        final int[] ends = new int[chunkFrom.length];
        int offset = 0;
        for (int c = 0; c < chunkFrom.length; c++) {
            encoder.wrap(out, offset, (int) out.byteSize() - offset);
            for (int i = chunkFrom[c]; i < chunkTo[c]; i++) {
                encoder.append(timestamps[i], values[i]);
            }
            offset += encoder.writeCount().lengthBytes();
            ends[c] = offset;
        }
        return ends;
    }

    /** @return bytes per point of the ztsdb Gorilla encoding of all chunks (headers included). */
    double ztsdbBytesPerPoint() {
        final MemorySegment out = allocate(ztsdbCapacity());
        final int[] ends = encodeZtsdb(out);
        return (double)ends[ends.length - 1] / pointCount;
    }

    /** Encodes every chunk with yak. */
    long[][] encodeYak() {
        final long[][] encoded = new long[chunkFrom.length][];
        for (int c = 0; c < chunkFrom.length; c++) {
            final LongArrayOutput output = new LongArrayOutput(yakInitialLongs(c));
            final GorillaCompressor compressor = new GorillaCompressor(timestamps[chunkFrom[c]], output);
            for (int i = chunkFrom[c]; i < chunkTo[c]; i++) {
                compressor.addValue(timestamps[i], values[i]);
            }
            compressor.close();
            encoded[c] = output.getLongArray();
        }
        return encoded;
    }

    int yakInitialLongs(final int chunk) {
        return 16 + (chunkTo[chunk] - chunkFrom[chunk]);
    }

    /** Checks that both codecs give back every sample bit-exact; prints bits per point. */
    void verify(final MemorySegment ztsdb, final int[] ends, final long[][] yak) {
        final GorillaDecoder decoder = new GorillaDecoder();
        long yakBits = 0;
        int yakMismatches = 0;
        for (int c = 0; c < chunkFrom.length; c++) {
            final int start = c == 0 ? 0 : ends[c - 1];
            decoder.wrap(ztsdb, start, ends[c] - start);
            int i = chunkFrom[c];
            while (decoder.next()) {
                if (decoder.timestampMillis() != timestamps[i] ||
                    decoder.valueBits() != Double.doubleToRawLongBits(values[i])) {
                    throw new IllegalStateException("ztsdb round-trip mismatch: chunk=" + c + " sample=" + i);
                }
                i++;
            }
            if (i != chunkTo[c]) {
                throw new IllegalStateException("ztsdb sample count mismatch: chunk=" + c);
            }
            final GorillaDecompressor decompressor = new GorillaDecompressor(new LongArrayInput(yak[c]));
            i = chunkFrom[c];
            Pair pair;
            while ((pair = decompressor.readPair()) != null) {
                if (pair.getTimestamp() != timestamps[i] ||
                    Double.doubleToRawLongBits(pair.getDoubleValue()) != Double.doubleToRawLongBits(values[i])) {
                    yakMismatches++;
                }
                i++;
            }
            yakBits += yak[c].length * 64L;
        }
        final double ztsdbBits = ends[ends.length - 1] * 8.0 / pointCount;
        System.out.printf("bits/point: ztsdb=%.3f (chunk bytes incl. 4-byte headers) yak=%.3f (64-bit words)" +
            " yakMismatches=%d%n", ztsdbBits, (double)yakBits / pointCount, yakMismatches);
    }

    static MemorySegment allocate(final int capacity) {
        return MemorySegment.ofBuffer(ByteBuffer.allocateDirect(capacity));
    }
}
