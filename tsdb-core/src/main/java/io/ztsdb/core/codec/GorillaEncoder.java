// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.codec;

import java.lang.foreign.MemorySegment;

import static io.ztsdb.core.codec.ChunkDescriptor.COUNT_OFFSET;
import static io.ztsdb.core.codec.ChunkDescriptor.ENCODING_GORILLA;
import static io.ztsdb.core.codec.ChunkDescriptor.ENCODING_OFFSET;
import static io.ztsdb.core.codec.ChunkDescriptor.GORILLA_VERSION;
import static io.ztsdb.core.codec.ChunkDescriptor.HEADER_LENGTH;
import static io.ztsdb.core.codec.ChunkDescriptor.MAX_SAMPLE_COUNT;
import static io.ztsdb.core.codec.ChunkDescriptor.VERSION_OFFSET;

/**
 * Appends samples to a Gorilla XOR chunk: delta-of-delta timestamps and XOR-ed values, written into a {@link
 * MemorySegment} the caller owns (native or heap), with branch-free 64-bit stores (never bit by bit).
 * <p>
 * The algorithm is the one of Pelkonen et al., "Gorilla: A Fast, Scalable, In-Memory Time Series Database"
 * (VLDB 2015), with the millisecond timestamp buckets and the 5-bit leading-zero count of Prometheus
 * {@code tsdb/chunkenc/xor.go} (which adapts {@code github.com/dgryski/go-tsz}); unlike both, the last timestamp
 * bucket is a full 64-bit delta-of-delta, so every {@code long} sequence of timestamps round-trips (wrapping
 * two's-complement arithmetic), including equal and decreasing ones. Values are XOR-ed as raw bits, so every
 * {@code double} bit pattern (NaN payloads, -0.0, infinities) round-trips. The exact layout is in
 * {@code docs/storage.md}, section "Chunk encoding".
 * <p>
 * After every {@link #append(long, double)} the memory holds the bit stream of {@link #count()} samples in {@link
 * #lengthBytes()} bytes, the partial byte included; {@link #writeCount()} adds the sample count to the header, and
 * then the memory holds a complete, decodable chunk (the bulk append and {@link #truncate} write the count
 * themselves). Leaving the header to {@code writeCount()} saves a store per sample: every access to a memory
 * segment is bounds- and liveness-checked.
 * The encoder may write up to {@link #SLACK_BYTES} bytes past {@link #lengthBytes()} (zeros), so capacity must
 * cover them; {@link #append(long, double)} refuses a sample, returning false, when the worst case would not fit.
 * <p>
 * Not thread-safe. Reuse one instance per open chunk: {@code wrap}, then {@code append} repeatedly.
 */
public final class GorillaEncoder {
    /** Largest encoding of one sample: 4 + 64 timestamp bits, 2 + 5 + 6 + 64 value bits. */
    public static final int MAX_SAMPLE_BITS = 68 + 77;
    /**
     * Bytes an append may touch beyond the current word: the current word plus the words a worst-case sample
     * completes. A chunk needs {@code lengthBytes() + SLACK_BYTES} of capacity to take one more sample.
     */
    public static final int SLACK_BYTES = 32;
    private MemorySegment segment;
    private long chunkOffset;
    private int capacity;
    private long wordOffset;
    private long roomLimitOffset;
    private long acc;
    private int accBits;
    private int count;
    private long firstTimestamp;
    private long prevTimestamp;
    private long prevDelta;
    private long prevValueBits;
    private int leading = GorillaDecoder.NO_WINDOW;
    private int trailing;

    /** Creates an encoder; {@code wrap} it before use. */
    public GorillaEncoder() {
    }

    /**
     * Starts a new, empty chunk at {@code offset} in {@code segment}: writes the header.
     *
     * @param segment  memory to write into, native or heap.
     * @param offset   where the chunk starts.
     * @param capacity bytes the chunk may use from {@code offset}.
     * @return this.
     */
    public GorillaEncoder wrap(final MemorySegment segment, final long offset, final int capacity) {
        if (offset < 0 || capacity < HEADER_LENGTH + SLACK_BYTES || offset + capacity > segment.byteSize()) {
            throw new IllegalArgumentException("chunk does not fit: offset=" + offset + " capacity=" + capacity +
                " segmentSize=" + segment.byteSize());
        }
        return start(segment, offset, capacity);
    }

    /**
     * Points the encoder at a copy of its chunk that now lives elsewhere (after a grow by reallocation); the
     * encoding state is kept.
     *
     * @param segment  memory holding the moved chunk.
     * @param offset   where the moved chunk starts.
     * @param capacity its capacity, at least {@link #lengthBytes()} + {@link #SLACK_BYTES}.
     */
    public void relocate(final MemorySegment segment, final long offset, final int capacity) {
        if (offset < 0 || capacity < lengthBytes() + SLACK_BYTES || offset + capacity > segment.byteSize()) {
            throw new IllegalArgumentException("bad relocation: offset=" + offset + " capacity=" + capacity +
                " lengthBytes=" + lengthBytes() + " segmentSize=" + segment.byteSize());
        }
        final long wordDistance = wordOffset - chunkOffset;
        this.segment = segment;
        chunkOffset = offset;
        this.capacity = capacity;
        wordOffset = offset + wordDistance;
        roomLimitOffset = offset + capacity - SLACK_BYTES;
    }

    private GorillaEncoder start(final MemorySegment segment, final long offset, final int capacity) {
        this.segment = segment;
        this.chunkOffset = offset;
        this.capacity = capacity;
        this.wordOffset = offset + HEADER_LENGTH;
        this.roomLimitOffset = offset + capacity - SLACK_BYTES;
        acc = 0;
        accBits = 0;
        count = 0;
        firstTimestamp = 0;
        prevTimestamp = 0;
        prevDelta = 0;
        prevValueBits = 0;
        leading = GorillaDecoder.NO_WINDOW;
        trailing = 0;
        BitOrder.putByte(segment, offset + ENCODING_OFFSET, ENCODING_GORILLA);
        BitOrder.putByte(segment, offset + VERSION_OFFSET, GORILLA_VERSION);
        BitOrder.putShortLittleEndian(segment, offset + COUNT_OFFSET, 0);
        BitOrder.putLongBigEndian(segment, wordOffset, 0);
        return this;
    }

    /**
     * Appends one sample.
     *
     * @param timestampMillis any long; not required to increase.
     * @param value           any double, stored bit-exact.
     * @return false, with nothing written, when the chunk is full (by count or by worst-case capacity).
     */
    public boolean append(final long timestampMillis, final double value) {
        if (wordOffset > roomLimitOffset || count == MAX_SAMPLE_COUNT) {
            return false;
        }
        final long valueBits = Double.doubleToRawLongBits(value);
        if (count == 0) {
            writeLong(timestampMillis);
            writeLong(valueBits);
            firstTimestamp = timestampMillis;
        } else {
            appendNext(timestampMillis, valueBits);
        }
        prevTimestamp = timestampMillis;
        prevValueBits = valueBits;
        count++;
        return true;
    }

    /**
     * Encodes a sample after the first with two unconditional stores and, for a delta-of-delta within 14 bits
     * (nearly every sample of a regular series), no data-dependent branch. Every memory segment store is checked
     * (bounds, liveness), so the sample costs two stores whatever its width, where a store per at most 57 bits would
     * cost one or two behind an unpredictable branch. This method and {@link #putSample} stay under the JIT's
     * inlining limit for hot methods (325 bytes of bytecode), so that the whole path inlines into the caller's loop.
     */
    private void appendNext(final long timestampMillis, final long valueBits) {
        final long delta = timestampMillis - prevTimestamp;
        final long dod = delta - prevDelta;
        long code;
        int codeLength;
        if (dod == 0) {
            code = 0;
            codeLength = 1;
        } else if (((dod + (1L << 13)) >>> 14) == 0) {
            code = (0b10L << 14) | (dod & 0x3FFFL);
            codeLength = 16;
        } else {
            final long packed = timestampCode(dod);
            code = packed >>> 8;
            codeLength = (int)packed & 0xFF;
        }
        final long xor = valueBits ^ prevValueBits;
        long payload = 0;
        int width = 0;
        if (xor == 0) {
            code <<= 1;
            codeLength += 1;
        } else {
            // Branch-free choice between '10' (the meaningful bits fit the previous window) and '11' + 5 bits
            // leading zeros + 6 bits meaningful length (64 stored as 0): noisy values make it unpredictable.
            final int leadingZeros = Math.min(31, Long.numberOfLeadingZeros(xor));
            final int trailingZeros = Long.numberOfTrailingZeros(xor);
            final boolean reuse = leadingZeros >= leading & trailingZeros >= trailing;
            final int windowLeading = reuse ? leading : leadingZeros;
            final int windowTrailing = reuse ? trailing : trailingZeros;
            width = 64 - windowLeading - windowTrailing;
            payload = xor >>> windowTrailing;
            code = reuse ? (code << 2) | 0b10L :
                (code << 13) | (0b11L << 11) | ((long)leadingZeros << 6) | (width & 63);
            codeLength += reuse ? 2 : 13;
            leading = windowLeading;
            trailing = windowTrailing;
        }
        putSample(code, codeLength, payload, width);
        prevDelta = delta;
    }

    /**
     * Appends {@code code} (at most 37 bits) and then {@code payload} (at most 64 bits) after the pending bits (at
     * most 7): at most 108 bits, written as two big-endian words, both stored whatever the length, so that no
     * branch depends on the data.
     */
    private void putSample(final long code, final int codeLength, final long payload, final int width) {
        final int pending = accBits;
        final int room = 64 - pending - codeLength;
        final int shift = room - width;
        // Shifts are taken mod 64: for a negative shift, payload << shift is payload << (64 + shift).
        final long high = acc | (code << room) | (shift >= 0 ? payload << shift : payload >>> -shift);
        final long low = shift >= 0 ? 0 : payload << shift;
        final long address = wordOffset;
        final MemorySegment segment = this.segment;
        BitOrder.putLongBigEndian(segment, address, high);
        BitOrder.putLongBigEndian(segment, address + 8, low);
        final int total = pending + codeLength + width;
        final int fullBytes = total >>> 3;
        wordOffset = address + fullBytes;
        // The partial byte left: in the high word below 64 bits, else in the low word (shifts taken mod 64).
        acc = fullBytes < 8 ? high << (fullBytes << 3) : low << (fullBytes << 3);
        accBits = total & 7;
    }

    /**
     * Writes the sample count into the chunk header: the memory then holds a complete, decodable chunk of {@link
     * #count()} samples and {@link #lengthBytes()} bytes. Call it before the chunk is read or copied.
     *
     * @return this.
     */
    public GorillaEncoder writeCount() {
        BitOrder.putShortLittleEndian(segment, chunkOffset + COUNT_OFFSET, count);
        return this;
    }

    /**
     * Appends samples {@code from} (inclusive) to {@code to} (exclusive) of the arrays, exactly as repeated
     * {@link #append(long, double)} would (same bytes), but with the encoding state held in registers for the
     * whole run: the fast path for encoding a whole chunk (sealing, compaction, block writing).
     *
     * @return samples appended; fewer than {@code to - from} when the chunk filled up.
     */
    public int append(final long[] timestamps, final double[] values, final int from, final int to) {
        if (from < 0 || to > timestamps.length || to > values.length || from > to) {
            throw new IllegalArgumentException("bad range: from=" + from + " to=" + to + " timestamps=" +
                timestamps.length + " values=" + values.length);
        }
        int i = from;
        if (i < to && count == 0) {
            if (!append(timestamps[i], values[i])) {
                return 0;
            }
            i++;
        }
        final MemorySegment segment = this.segment;
        final long roomLimit = roomLimitOffset;
        long address = wordOffset;
        long accumulator = acc;
        int pending = accBits;
        long previousTime = prevTimestamp;
        long previousDelta = prevDelta;
        long previousBits = prevValueBits;
        int n = count;
        int windowLeadingZeros = leading;
        int windowTrailingZeros = trailing;
        for (; i < to && address <= roomLimit && n < MAX_SAMPLE_COUNT; i++) {
            final long time = timestamps[i];
            final long bits = Double.doubleToRawLongBits(values[i]);
            final long delta = time - previousTime;
            final long dod = delta - previousDelta;
            if (dod == 0 && bits == previousBits) {
                // A run of samples that repeat the value at the same interval: '00' each, written as zeros in
                // stretches of up to 56 bits. Capped so that every sample of the run passes the checks above.
                final int most = (int)Math.min(Math.min(to - i, MAX_SAMPLE_COUNT - n),
                    4 * (roomLimit - address) + 1);
                long last = time;
                int run = 1;
                while (run < most && timestamps[i + run] - last == delta &&
                    Double.doubleToRawLongBits(values[i + run]) == bits) {
                    last = timestamps[i + run];
                    run++;
                }
                long zeros = 2L * run;
                while (zeros > 0) {
                    final int length = (int)Math.min(56, zeros);
                    BitOrder.putLongBigEndian(segment, address, accumulator);
                    final int total = pending + length;
                    final int fullBytes = total >>> 3;
                    address += fullBytes;
                    final int halfShift = fullBytes << 2;
                    accumulator = (accumulator << halfShift) << halfShift;
                    pending = total & 7;
                    zeros -= length;
                }
                BitOrder.putLongBigEndian(segment, address, accumulator);
                previousTime = last;
                n += run;
                i += run - 1;
                continue;
            }
            long code;
            int codeLength;
            if (dod == 0) {
                code = 0;
                codeLength = 1;
            } else if (((dod + (1L << 13)) >>> 14) == 0) {
                code = (0b10L << 14) | (dod & 0x3FFFL);
                codeLength = 16;
            } else {
                wordOffset = address;
                acc = accumulator;
                accBits = pending;
                final long packed = timestampCode(dod);
                code = packed >>> 8;
                codeLength = (int)packed & 0xFF;
                address = wordOffset;
                accumulator = acc;
                pending = accBits;
            }
            final long xor = bits ^ previousBits;
            long payload = 0;
            int width = 0;
            if (xor == 0) {
                code <<= 1;
                codeLength += 1;
            } else {
                final int leadingZeros = Math.min(31, Long.numberOfLeadingZeros(xor));
                final int trailingZeros = Long.numberOfTrailingZeros(xor);
                final boolean reuse = leadingZeros >= windowLeadingZeros & trailingZeros >= windowTrailingZeros;
                final int windowLeading = reuse ? windowLeadingZeros : leadingZeros;
                final int windowTrailing = reuse ? windowTrailingZeros : trailingZeros;
                width = 64 - windowLeading - windowTrailing;
                payload = xor >>> windowTrailing;
                code = reuse ? (code << 2) | 0b10L :
                    (code << 13) | (0b11L << 11) | ((long)leadingZeros << 6) | (width & 63);
                codeLength += reuse ? 2 : 13;
                windowLeadingZeros = windowLeading;
                windowTrailingZeros = windowTrailing;
            }
            // As putSample: at most 7 + 37 + 64 bits, two stores whatever the length.
            final int room = 64 - pending - codeLength;
            final int shift = room - width;
            final long high = accumulator | (code << room) | (shift >= 0 ? payload << shift : payload >>> -shift);
            final long low = shift >= 0 ? 0 : payload << shift;
            BitOrder.putLongBigEndian(segment, address, high);
            BitOrder.putLongBigEndian(segment, address + 8, low);
            final int total = pending + codeLength + width;
            final int fullBytes = total >>> 3;
            address += fullBytes;
            accumulator = fullBytes < 8 ? high << (fullBytes << 3) : low << (fullBytes << 3);
            pending = total & 7;
            previousTime = time;
            previousDelta = delta;
            previousBits = bits;
            n++;
        }
        wordOffset = address;
        acc = accumulator;
        accBits = pending;
        prevTimestamp = previousTime;
        prevDelta = previousDelta;
        prevValueBits = previousBits;
        count = n;
        leading = windowLeadingZeros;
        trailing = windowTrailingZeros;
        BitOrder.putShortLittleEndian(segment, chunkOffset + COUNT_OFFSET, n);
        return i - from;
    }

    /**
     * Timestamp buckets: '0' | '10'+14 | '110'+17 | '1110'+20 | '1111'+64, two's complement payloads.
     *
     * @return the code shifted left by 8 or-ed with its length in bits; an escape is written at once and
     * returned as an empty code.
     */
    private long timestampCode(final long dod) {
        if (dod == 0) {
            return 1;
        } else if (((dod + (1L << 13)) >>> 14) == 0) {
            return (((0b10L << 14) | (dod & 0x3FFFL)) << 8) | 16;
        } else if (((dod + (1L << 16)) >>> 17) == 0) {
            return (((0b110L << 17) | (dod & 0x1FFFFL)) << 8) | 20;
        } else if (((dod + (1L << 19)) >>> 20) == 0) {
            return (((0b1110L << 20) | (dod & 0xFFFFFL)) << 8) | 24;
        }
        writeEscapedDeltaOfDelta(dod);
        return 0;
    }

    private void writeEscapedDeltaOfDelta(final long dod) {
        writeBits(0b1111L, 4);
        writeLong(dod);
    }

    /**
     * Appends the low {@code bitCount} (at most 57) bits of {@code bits}, most significant first; the bits of
     * {@code bits} above {@code bitCount} must be zero. Branch-free: the accumulator holds at most 7 bits between
     * calls, so 57 more always fit; every call stores the whole accumulator (partial byte included) and advances
     * by the bytes completed.
     */
    private void writeBits(final long bits, final int bitCount) {
        final int total = accBits + bitCount;
        final long word = acc | (bits << (64 - total));
        BitOrder.putLongBigEndian(segment, wordOffset, word);
        final int fullBytes = total >>> 3;
        wordOffset += fullBytes;
        // Shift in two steps so that 8 full bytes (a shift by 64) clear the accumulator.
        final int halfShift = fullBytes << 2;
        acc = (word << halfShift) << halfShift;
        accBits = total & 7;
    }

    /** Appends all 64 bits of {@code bits}. */
    private void writeLong(final long bits) {
        writeBits(bits >>> 32, 32);
        writeBits(bits & 0xFFFF_FFFFL, 32);
    }

    /**
     * Forgets the samples after the first {@code newCount}, so that the next append continues from there.
     * Used to apply "last write wins" to the newest sample. Re-reads the chunk with {@code scratch}.
     *
     * @param newCount samples to keep, 0 to {@link #count()}.
     * @param scratch  a decoder to reuse.
     */
    public void truncate(final int newCount, final GorillaDecoder scratch) {
        if (newCount < 0 || newCount > count) {
            throw new IllegalArgumentException("bad truncate: newCount=" + newCount + " count=" + count);
        }
        if (newCount == count) {
            return;
        }
        if (newCount == 0) {
            start(segment, chunkOffset, capacity);
            return;
        }
        writeCount();
        scratch.start(segment, chunkOffset, lengthBytes());
        for (int i = 0; i < newCount; i++) {
            scratch.next();
        }
        final long bitPosition = scratch.bitPosition();
        wordOffset = chunkOffset + HEADER_LENGTH + (bitPosition >>> 3);
        accBits = (int)(bitPosition & 7);
        acc = accBits == 0 ? 0 : BitOrder.getLongBigEndian(segment, wordOffset) & (-1L << (64 - accBits));
        count = newCount;
        prevTimestamp = scratch.timestampMillis();
        prevDelta = newCount == 1 ? 0 : scratch.delta();
        prevValueBits = scratch.valueBits();
        leading = scratch.leading();
        trailing = scratch.trailing();
        BitOrder.putLongBigEndian(segment, wordOffset, acc);
        BitOrder.putShortLittleEndian(segment, chunkOffset + COUNT_OFFSET, count);
    }

    /** @return samples in the chunk. */
    public int count() {
        return count;
    }

    /** @return bytes of the encoded chunk, header included. */
    public int lengthBytes() {
        return (int)(wordOffset - chunkOffset) + ((accBits + 7) >>> 3);
    }


    /** @return capacity given to {@code wrap} or {@code relocate}. */
    public int capacity() {
        return capacity;
    }

    /** @return the timestamp of the first sample; meaningless when empty. */
    public long firstTimestampMillis() {
        return firstTimestamp;
    }

    /** @return the timestamp of the last sample; meaningless when empty. */
    public long lastTimestampMillis() {
        return prevTimestamp;
    }

    /** @return the raw bits of the last value; meaningless when empty. */
    public long lastValueBits() {
        return prevValueBits;
    }
}
