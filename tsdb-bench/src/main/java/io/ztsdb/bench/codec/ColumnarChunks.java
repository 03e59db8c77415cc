// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.codec;

import io.ztsdb.core.codec.columnar.ColumnarChunkDecoder;
import io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor;
import io.ztsdb.core.codec.columnar.ColumnarChunkEncoder;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The chunks of a {@link CodecBenchmarkData} encoded with the columnar codec into one native segment (as a block's
 * mapped chunk file holds them), checked to decode bit-exact.
 */
final class ColumnarChunks {
    final MemorySegment segment;
    final long[] offsets;
    final int[] lengths;
    final long bytes;

    ColumnarChunks(final CodecBenchmarkData data) {
        this(data, ColumnarChunkDescriptor.COLUMNAR_VERSION);
    }

    /** The chunks in the given columnar layout version (1: without Rice and sparse miniblocks). */
    ColumnarChunks(final CodecBenchmarkData data, final int version) {
        final int chunks = data.chunkFrom.length;
        final ColumnarChunkEncoder encoder = new ColumnarChunkEncoder(version);
        long capacity = 0;
        for (int c = 0; c < chunks; c++) {
            capacity += ColumnarChunkEncoder.maxEncodedLength(data.chunkTo[c] - data.chunkFrom[c]);
        }
        segment = Arena.global().allocate(capacity, 64);
        offsets = new long[chunks];
        lengths = new int[chunks];
        long offset = 0;
        for (int c = 0; c < chunks; c++) {
            lengths[c] = encoder.encode(data.timestamps, data.values, data.chunkFrom[c], data.chunkTo[c]);
            encoder.copyTo(segment, offset);
            offsets[c] = offset;
            offset += lengths[c];
        }
        bytes = offset;
        verify(data);
        System.out.printf("columnar v%d: %.3f bytes/point, gorilla %.3f (chunk bytes incl. headers)%n",
            version, (double)bytes / data.pointCount, data.ztsdbBytesPerPoint());
    }

    private void verify(final CodecBenchmarkData data) {
        final ColumnarChunkDecoder decoder = new ColumnarChunkDecoder();
        final long[] timestamps = new long[0xFFFF];
        final double[] values = new double[0xFFFF];
        for (int c = 0; c < offsets.length; c++) {
            final int count = decoder.decode(segment, offsets[c], lengths[c], timestamps, values, 0);
            for (int i = 0; i < count; i++) {
                final int at = data.chunkFrom[c] + i;
                if (timestamps[i] != data.timestamps[at] ||
                    Double.doubleToRawLongBits(values[i]) != Double.doubleToRawLongBits(data.values[at])) {
                    throw new IllegalStateException("columnar round-trip mismatch: chunk=" + c + " sample=" + i);
                }
            }
            if (count != data.chunkTo[c] - data.chunkFrom[c]) {
                throw new IllegalStateException("columnar sample count mismatch: chunk=" + c);
            }
        }
    }
}
