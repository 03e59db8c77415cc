// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.chunks;

import io.ztsdb.core.codec.ChunkDescriptor;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Rewrites the samples of one series, given as chunks of any encoding (or as arrays) in time order, into chunks of
 * at most {@code maxSamples} samples, each in its {@linkplain SmallestChunkEncoder smallest encoding}: the merge of
 * many small chunks (a head's 120-sample or two-hour chunks, a backfill's pieces) into few long ones, which is where
 * the columnar encoding pays (a chunk's header, first values and miniblock widths are spread over more samples).
 * <p>
 * The caller announces how many samples a series will bring ({@link #begin}), so that they are cut into chunks of
 * equal size (8,640 samples as one chunk, 20,000 as two of 10,000) instead of full chunks and a short tail. Samples
 * must come with strictly increasing timestamps; anything else is a broken invariant of the caller and fails with
 * {@link IllegalStateException} before a chunk is written. Memory is fixed: the pending samples of one chunk and a
 * decode buffer for the largest source chunk (heap), and the encoder's buffer (native). Not thread-safe.
 */
public final class ChunkRewriter implements AutoCloseable {
    /** Samples of a rewritten chunk at most, by default: a day of 10 s samples, eight weeks of 5-minute ones. */
    public static final int MAX_SAMPLES_DEFAULT = 16_384;

    /** Where rewritten chunks go (a block writer). */
    @FunctionalInterface
    public interface ChunkSink {
        /**
         * Takes one chunk; the memory is valid during the call only.
         */
        void add(long seriesId, long minTimeMillis, long maxTimeMillis, int sampleCount, byte encoding,
            MemorySegment data, long offset, int length);
    }

    private final int maxSamples;
    private final AnyChunkDecoder decoder = new AnyChunkDecoder();
    private final SmallestChunkEncoder encoder;
    private long[] timestamps;
    private double[] values;
    private int pending;
    private long seriesId;
    private ChunkSink sink;
    private int target;
    private long lastTimestamp;
    private boolean any;
    private long samplesWritten;
    private long chunksWritten;
    private long bytesWritten;

    /** A rewriter with chunks of up to {@link #MAX_SAMPLES_DEFAULT} samples. */
    public ChunkRewriter() {
        this(MAX_SAMPLES_DEFAULT);
    }

    /**
     * @param maxSamples most samples per written chunk, 1 to 65,535.
     */
    public ChunkRewriter(final int maxSamples) {
        this.maxSamples = maxSamples;
        this.encoder = new SmallestChunkEncoder(maxSamples);
        this.timestamps = new long[maxSamples];
        this.values = new double[maxSamples];
    }

    /**
     * Starts a series.
     *
     * @param seriesId     the series.
     * @param totalSamples samples that {@link #add} will bring before {@link #finish()}; they are cut into
     *                     {@code ceil(total / maxSamples)} chunks of equal size (a wrong count only makes the cut
     *                     uneven).
     * @param sink         where its chunks go.
     */
    public void begin(final long seriesId, final long totalSamples, final ChunkSink sink) {
        if (pending != 0) {
            throw new IllegalStateException("previous series not finished: pending=" + pending);
        }
        this.seriesId = seriesId;
        this.sink = sink;
        final long chunks = Math.max(1, (totalSamples + maxSamples - 1) / maxSamples);
        this.target = (int) Math.min(maxSamples, Math.max(1, (totalSamples + chunks - 1) / chunks));
        this.any = false;
    }

    /** Adds the samples of an encoded chunk (any encoding), all newer than those added before. */
    public void add(final MemorySegment chunk, final long offset, final int length) {
        final int count = AnyChunkDecoder.sampleCount(chunk, offset, length);
        ensureRoom(count);
        final int decoded = decoder.decode(chunk, offset, length, timestamps, values, pending);
        accept(decoded);
    }

    /** Adds samples {@code [from, to)} of the arrays, all newer than those added before. */
    public void add(final long[] sourceTimestamps, final double[] sourceValues, final int from, final int to) {
        int at = from;
        while (at < to) {
            final int n = Math.min(to - at, maxSamples);
            ensureRoom(n);
            System.arraycopy(sourceTimestamps, at, timestamps, pending, n);
            System.arraycopy(sourceValues, at, values, pending, n);
            accept(n);
            at += n;
        }
    }

    private void ensureRoom(final int count) {
        if (pending + count > timestamps.length) {
            final int capacity = Math.max(pending + count, Math.min(maxSamples + ChunkDescriptor.MAX_SAMPLE_COUNT,
                2 * timestamps.length));
            timestamps = Arrays.copyOf(timestamps, capacity);
            values = Arrays.copyOf(values, capacity);
        }
    }

    private void accept(final int count) {
        final int end = pending + count;
        for (int i = pending; i < end; i++) {
            final long t = timestamps[i];
            if (any && t <= lastTimestamp) {
                pending = 0;
                throw new IllegalStateException("samples of series " + seriesId + " not in time order: " + t +
                    " after " + lastTimestamp);
            }
            lastTimestamp = t;
            any = true;
        }
        pending = end;
        int from = 0;
        while (pending - from >= target) {
            emit(from, from + target);
            from += target;
        }
        if (from > 0) {
            System.arraycopy(timestamps, from, timestamps, 0, pending - from);
            System.arraycopy(values, from, values, 0, pending - from);
            pending -= from;
        }
    }

    /** Writes the samples still pending as the series' last chunk. */
    public void finish() {
        if (pending > 0) {
            emit(0, pending);
            pending = 0;
        }
        sink = null;
    }

    private void emit(final int from, final int to) {
        final int length = encoder.encode(timestamps, values, from, to);
        sink.add(seriesId, timestamps[from], timestamps[to - 1], to - from, encoder.encoding(), encoder.chunk(), 0,
            length);
        samplesWritten += to - from;
        chunksWritten++;
        bytesWritten += length;
    }

    /** @return samples written since creation. */
    public long samplesWritten() {
        return samplesWritten;
    }

    /** @return chunks written since creation. */
    public long chunksWritten() {
        return chunksWritten;
    }

    /** @return encoded bytes written since creation. */
    public long bytesWritten() {
        return bytesWritten;
    }

    /** @return chunks for which Gorilla was the shorter encoding. */
    public long gorillaChunks() {
        return encoder.gorillaChunks();
    }

    /** Frees the encoder's native buffer. */
    @Override
    public void close() {
        encoder.close();
    }
}
