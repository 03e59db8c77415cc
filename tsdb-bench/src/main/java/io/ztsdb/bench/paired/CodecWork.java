// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.paired;

import io.ztsdb.bench.data.BenchmarkDatasets;
import io.ztsdb.core.codec.GorillaDecoder;
import io.ztsdb.core.codec.GorillaEncoder;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * Paired workload: Gorilla encode and decode of 120-sample chunks of one container-like series. Modes: {@code
 * sample} (append one by one, then writeCount), {@code bulk} (append arrays), {@code decode} / {@code next} (bulk /
 * one-by-one decode of native chunks), {@code decode-heap} / {@code next-heap} (of heap chunks, as queries do).
 * With {@code -Dztsdb.bench.codecwork.dataset=nab} (or {@code synthetic}) the decode modes read 64 chunks of 120
 * samples taken evenly across that dataset of {@link BenchmarkDatasets} instead.
 */
public final class CodecWork {
    private static final int SAMPLES = 120;
    private static final int CHUNKS = 64;
    private static final int CAPACITY = 2048;
    private static final long[] TIMESTAMPS = new long[SAMPLES];
    private static final double[] VALUES = new double[SAMPLES];
    private static final MemorySegment NATIVE = MemorySegment.ofBuffer(ByteBuffer.allocateDirect(CHUNKS * CAPACITY));
    private static final MemorySegment HEAP = MemorySegment.ofArray(new byte[CHUNKS * CAPACITY]);
    private static final int[] LENGTHS = new int[CHUNKS];
    private static final GorillaEncoder ENCODER = new GorillaEncoder();
    private static final GorillaDecoder DECODER = new GorillaDecoder();
    private static final long[] DECODED_TIMESTAMPS = new long[SAMPLES];
    private static final double[] DECODED_VALUES = new double[SAMPLES];

    static {
        final ByteBuffer points = WorkData.points(1, SAMPLES);
        for (int i = 0; i < SAMPLES; i++) {
            TIMESTAMPS[i] = points.getLong(i * 24 + 8);
            VALUES[i] = points.getDouble(i * 24 + 16);
        }
        final String dataset = System.getProperty("ztsdb.bench.codecwork.dataset", "");
        final BenchmarkDatasets.SeriesSet set = dataset.isEmpty() ? null : BenchmarkDatasets.load(dataset);
        final int[][] chunks = set == null ? null : BenchmarkDatasets.chunks(set, SAMPLES);
        for (int c = 0; c < CHUNKS; c++) {
            ENCODER.wrap(NATIVE, (long) c * CAPACITY, CAPACITY);
            if (set == null) {
                ENCODER.append(TIMESTAMPS, VALUES, 0, SAMPLES);
            } else {
                final int[] chunk = chunks[(int) ((long) c * chunks.length / CHUNKS)];
                ENCODER.append(set.timestamps()[chunk[0]], set.values()[chunk[0]], chunk[1], chunk[2]);
            }
            LENGTHS[c] = ENCODER.lengthBytes();
        }
        // Copied, not encoded, into the heap: the encoder sees native memory only, as in the engine (a second
        // memory kind would make its stores polymorphic, see GorillaDecoder's design note).
        MemorySegment.copy(NATIVE, 0, HEAP, 0, NATIVE.byteSize());
    }

    private CodecWork() {
    }

    /**
     * @param mode  what to run, see the class comment.
     * @param calls chunks to encode or decode.
     * @return a checksum.
     */
    public static long work(final String mode, final int calls) {
        long sink = 0;
        final MemorySegment memory = mode.endsWith("heap") ? HEAP : NATIVE;
        for (int k = 0; k < calls; k++) {
            final int c = k & (CHUNKS - 1);
            switch (mode) {
                case "sample" -> {
                    ENCODER.wrap(NATIVE, (long) c * CAPACITY, CAPACITY);
                    for (int i = 0; i < SAMPLES; i++) {
                        ENCODER.append(TIMESTAMPS[i], VALUES[i]);
                    }
                    sink += ENCODER.writeCount().lengthBytes();
                }
                case "bulk" -> {
                    ENCODER.wrap(NATIVE, (long) c * CAPACITY, CAPACITY);
                    sink += ENCODER.append(TIMESTAMPS, VALUES, 0, SAMPLES) + ENCODER.lengthBytes();
                }
                case "decode", "decode-heap" -> {
                    DECODER.wrap(memory, (long) c * CAPACITY, LENGTHS[c]);
                    sink += DECODER.decode(DECODED_TIMESTAMPS, DECODED_VALUES, 0);
                }
                default -> {
                    DECODER.wrap(memory, (long) c * CAPACITY, LENGTHS[c]);
                    while (DECODER.next()) {
                        sink += DECODER.valueBits();
                    }
                }
            }
        }
        return sink;
    }
}
