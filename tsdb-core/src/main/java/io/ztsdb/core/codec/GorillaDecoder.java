// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.ztsdb.core.codec.ChunkDescriptor.COUNT_OFFSET;
import static io.ztsdb.core.codec.ChunkDescriptor.ENCODING_GORILLA;
import static io.ztsdb.core.codec.ChunkDescriptor.ENCODING_OFFSET;
import static io.ztsdb.core.codec.ChunkDescriptor.GORILLA_VERSION;
import static io.ztsdb.core.codec.ChunkDescriptor.HEADER_LENGTH;
import static io.ztsdb.core.codec.ChunkDescriptor.VERSION_OFFSET;
import static io.ztsdb.core.codec.GorillaBits.load;
import static io.ztsdb.core.codec.GorillaBits.peekAt;
import static io.ztsdb.core.codec.GorillaBits.readLongAt;
import static io.ztsdb.core.codec.GorillaBits.readWideAt;

/**
 * Reads the samples of a Gorilla XOR chunk written by {@link GorillaEncoder}, in order:
 * {@code while (decoder.next()) { use(decoder.timestampMillis(), decoder.value()); }}.
 * <p>
 * Bits are read with one unaligned big-endian 64-bit load per field group (at least 57 usable bits per load),
 * never bit by bit. A stream that runs past the chunk length given to {@code wrap}, or carries an impossible
 * window, raises {@link ChunkFormatException} at the first sample at fault, never an
 * {@code IndexOutOfBoundsException}. Credits as for {@link GorillaEncoder} (Gorilla paper, Prometheus
 * {@code xor.go}).
 * <p>
 * <b>Bulk loop:</b> {@link #decode} keeps the whole decoding state in locals, few enough for the JIT to hold them
 * in registers (bit positions count from the array start, the window's leading zeros are derived after the loop).
 * Its loads are bounded by the array, not the chunk: while a sample starts more than 32 bytes before the array
 * end (a sample takes at most 19), bits past the chunk end may be loaded as look-ahead but are never used, and the
 * chunk end is checked once after the loop. Near the array end, samples are decoded one exact step at a time.
 * {@link #next()} serves samples that the bulk loop decoded ahead, up to 128 at a time; should a batch meet a
 * corrupt sample, the decoder goes back to the batch's start and steps exactly to the sample at fault.
 * <p>
 * <b>Design note:</b> the decoder reads a byte array, the heap segment's own or, for any other segment (native,
 * mapped), a copy of the chunk in the decoder's scratch array. Queries decode the heap copies of their cursor,
 * compaction decodes block chunks: with both kinds of memory going through one segment load, the JIT's profile of
 * it turned polymorphic and queries lost a third of their speed. One memory kind keeps every load monomorphic, and
 * an array load costs one range check where a segment load also checks the segment's liveness and access mode.
 * <p>
 * Not thread-safe; reuse one instance with {@code wrap}.
 */
public final class GorillaDecoder {
    /** Leading-zero value meaning "no window yet": forces the first non-zero XOR to open a window. */
    static final int NO_WINDOW = 0xFF;
    private static final byte[] NO_BYTES = new byte[0];
    /** Samples {@link #next()} decodes ahead with the bulk loop: a head chunk's 120 at once. */
    private static final int BATCH = 128;
    private static final long[] NO_TIMESTAMPS = new long[0];
    private static final double[] NO_VALUES = new double[0];
    /** Bytes past the last load of the bulk loop: every sample starts at least this far before the array end. */
    private static final int TAIL_BYTES = 32;

    private byte[] bytes = NO_BYTES;
    private byte[] scratch = NO_BYTES;
    private int dataOffset;
    private int limitOffset;
    /** Last offset an 8-byte load may start at without passing the chunk end. */
    private int lastLoadOffset;
    private long limitBits;
    private long bitPosition;
    private int count;
    private int index;
    private long timestamp;
    private long delta;
    private long valueBits;
    private int leading;
    private int trailing;
    private int sig;
    /** Samples decoded ahead by {@link #next()}, served from {@code batchAt} to {@code batchEnd}. */
    private long[] batchTimestamps = NO_TIMESTAMPS;
    private double[] batchValues = NO_VALUES;
    private int batchAt;
    private int batchEnd;
    /** Set once a batch met a corrupt sample: the rest of the chunk is read one exact step at a time. */
    private boolean stepOnly;
    private long currentTimestamp;
    private long currentBits;

    /** Creates a decoder; {@code wrap} it before use. */
    public GorillaDecoder() {
    }

    /**
     * Starts reading the chunk at {@code offset} in {@code segment}.
     *
     * @param segment memory holding the chunk, native or heap.
     * @param offset  where the chunk starts.
     * @param length  encoded length of the chunk in bytes.
     * @return this.
     * @throws ChunkFormatException for an unknown encoding or version, or a chunk shorter than its header.
     */
    public GorillaDecoder wrap(final MemorySegment segment, final long offset, final int length) {
        if (offset < 0 || length < 0 || offset + length > segment.byteSize()) {
            throw new IllegalArgumentException("chunk outside segment: offset=" + offset + " length=" + length +
                " segmentSize=" + segment.byteSize());
        }
        return start(segment, offset, length);
    }

    /** Starts reading a chunk known to lie inside the segment. */
    GorillaDecoder start(final MemorySegment segment, final long offset, final int length) {
        if (length < HEADER_LENGTH) {
            throw new ChunkFormatException(0, "shorter than its header: length=" + length);
        }
        final int at;
        if (!segment.isNative() && segment.heapBase().orElse(null) instanceof byte[] array) {
            bytes = array;
            at = Math.toIntExact(segment.address() + offset);
        } else {
            if (scratch.length < length + TAIL_BYTES) {
                scratch = new byte[Math.max(length + TAIL_BYTES, 2 * scratch.length)];
            }
            MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, offset, scratch, 0, length);
            bytes = scratch;
            at = 0;
        }
        final int encoding = bytes[at + ENCODING_OFFSET] & 0xFF;
        if (encoding != ENCODING_GORILLA) {
            throw new ChunkFormatException(ENCODING_OFFSET, "unknown encoding: encoding=" + encoding);
        }
        final int version = bytes[at + VERSION_OFFSET] & 0xFF;
        if (version != GORILLA_VERSION) {
            throw new ChunkFormatException(VERSION_OFFSET, "unknown Gorilla chunk version: version=" + version);
        }
        this.dataOffset = at + HEADER_LENGTH;
        this.limitOffset = at + length;
        this.lastLoadOffset = at + length - 8;
        this.limitBits = (long)(length - HEADER_LENGTH) << 3;
        this.count = (bytes[at + COUNT_OFFSET] & 0xFF) | (bytes[at + COUNT_OFFSET + 1] & 0xFF) << 8;
        this.currentTimestamp = 0;
        this.currentBits = 0;
        this.stepOnly = false;
        rewind();
        return this;
    }

    private void rewind() {
        index = 0;
        bitPosition = 0;
        timestamp = 0;
        delta = 0;
        valueBits = 0;
        leading = NO_WINDOW;
        trailing = 0;
        sig = 0;
        batchAt = 0;
        batchEnd = 0;
    }

    /**
     * Advances to the next sample.
     *
     * @return false when all {@link #count()} samples have been read.
     * @throws ChunkFormatException when the bitstream is corrupt or truncated.
     */
    public boolean next() {
        final int at = batchAt;
        if (at < batchEnd) {
            currentTimestamp = batchTimestamps[at];
            currentBits = Double.doubleToRawLongBits(batchValues[at]);
            batchAt = at + 1;
            return true;
        }
        return nextUnbatched();
    }

    /** {@link #next()} once the batch is used up: decodes the next batch, or one sample exactly. */
    private boolean nextUnbatched() {
        if (index >= count) {
            return false;
        }
        if (index != 0 && !stepOnly) {
            if (batchTimestamps.length == 0) {
                batchTimestamps = new long[BATCH];
                batchValues = new double[BATCH];
            }
            try {
                batchEnd = decodeFast(batchTimestamps, batchValues, 0, Math.min(BATCH, count - index));
            } catch (final ChunkFormatException corrupt) {
                // The bulk loop keeps the state of the batch start: exact steps find the sample at fault.
                stepOnly = true;
                batchEnd = 0;
            }
            if (batchEnd > 0) {
                currentTimestamp = batchTimestamps[0];
                currentBits = Double.doubleToRawLongBits(batchValues[0]);
                batchAt = 1;
                return true;
            }
            batchAt = 0;
        }
        step();
        currentTimestamp = timestamp;
        currentBits = valueBits;
        return true;
    }

    /** Decodes one sample exactly, checking it against the chunk end. */
    private void step() {
        if (index == 0) {
            timestamp = readBits(0, 64);
            valueBits = readBits(64, 64);
            bitPosition = 128;
        } else {
            readSample();
        }
        if (bitPosition > limitBits) {
            throw corrupt("bitstream runs past the chunk end: sample=" + index);
        }
        index++;
    }

    private void readSample() {
        long pos = bitPosition;
        long word = peek(pos);
        // Timestamp: '0' | '10'+14 | '110'+17 | '1110'+20 | '1111'+64, payloads sign-extended.
        if (word >= 0) {
            pos += 1;
            word <<= 1;
        } else {
            final int ones = Long.numberOfLeadingZeros(~word);
            if (ones == 1) {
                delta += (word << 2) >> 50;
                pos += 16;
                word <<= 16;
            } else if (ones == 2) {
                delta += (word << 3) >> 47;
                pos += 20;
                word <<= 20;
            } else if (ones == 3) {
                delta += (word << 4) >> 44;
                pos += 24;
                word <<= 24;
            } else {
                delta += readBits(pos + 4, 64);
                pos += 68;
                word = peek(pos);
            }
        }
        timestamp += delta;
        // Value: at least 57 - 24 = 33 bits of word are still valid, enough for the 13-bit control.
        if (word >= 0) {
            pos += 1;
        } else if ((word << 1) >= 0) {
            if (sig == 0) {
                throw corrupt("window reused before one was set: sample=" + index);
            }
            pos += 2;
            valueBits ^= readBits(pos, sig) << trailing;
            pos += sig;
        } else {
            final int leadingZeros = (int)((word << 2) >>> 59);
            final int stored = (int)((word << 7) >>> 58);
            final int meaningful = stored == 0 ? 64 : stored;
            final int trailingZeros = 64 - leadingZeros - meaningful;
            if (trailingZeros < 0) {
                throw corrupt("window wider than 64 bits: leading=" + leadingZeros + " meaningful=" + meaningful);
            }
            leading = leadingZeros;
            trailing = trailingZeros;
            sig = meaningful;
            pos += 13;
            valueBits ^= readBits(pos, meaningful) << trailingZeros;
            pos += meaningful;
        }
        bitPosition = pos;
    }

    /**
     * Decodes all remaining samples into arrays with the bulk loop (see the class comment), faster than
     * {@link #next()} one by one.
     *
     * @param timestamps receives the timestamps from {@code offset} on.
     * @param values     receives the values from {@code offset} on.
     * @param offset     first index to fill.
     * @return samples decoded: {@code count() - position()} before the call.
     * @throws ChunkFormatException when the bitstream is corrupt or truncated.
     */
    public int decode(final long[] timestamps, final double[] values, final int offset) {
        final int remaining = count - position();
        if (offset < 0 || offset + remaining > timestamps.length || offset + remaining > values.length) {
            throw new IllegalArgumentException("arrays too short: offset=" + offset + " remaining=" + remaining +
                " timestamps=" + timestamps.length + " values=" + values.length);
        }
        final int batched = batchEnd - batchAt;
        System.arraycopy(batchTimestamps, batchAt, timestamps, offset, batched);
        System.arraycopy(batchValues, batchAt, values, offset, batched);
        batchAt = batchEnd;
        int out = offset + batched;
        if (index == 0 && count > 0) {
            step();
            timestamps[out] = timestamp;
            values[out] = Double.longBitsToDouble(valueBits);
            out++;
        }
        out = decodeFast(timestamps, values, out, count - index);
        while (index < count) {
            step();
            timestamps[out] = timestamp;
            values[out] = Double.longBitsToDouble(valueBits);
            out++;
        }
        if (out > offset) {
            currentTimestamp = timestamps[out - 1];
            currentBits = Double.doubleToRawLongBits(values[out - 1]);
        }
        return out - offset;
    }

    /**
     * The bulk loop: decodes up to {@code samples} samples after the first, and stops early near the array end.
     * Writes the decoding state back only when it returns: when it throws, the state is that of the call.
     *
     * @return {@code offset} plus the samples decoded.
     */
    private int decodeFast(final long[] timestamps, final double[] values, final int offset, final int samples) {
        final byte[] bytes = this.bytes;
        final int safeLimit = bytes.length - TAIL_BYTES;
        final long origin = (long) dataOffset << 3;
        final int end = offset + samples;
        int out = offset;
        long pos = origin + bitPosition;
        long time = timestamp;
        long dt = delta;
        long bits = valueBits;
        int trail = trailing;
        int width = sig;
        while (out < end) {
            final int address = (int) (pos >>> 3);
            if (address > safeLimit) {
                break;
            }
            long word = load(bytes, address) << ((int) pos & 7);
            if (word >>> 62 == 2) {
                dt += (word << 2) >> 50;
                pos += 16;
                word <<= 16;
            } else if (word >= 0) {
                pos += 1;
                word <<= 1;
            } else {
                final int ones = Long.numberOfLeadingZeros(~word);
                if (ones == 2) {
                    dt += (word << 3) >> 47;
                    pos += 20;
                    word <<= 20;
                } else if (ones == 3) {
                    dt += (word << 4) >> 44;
                    pos += 24;
                    word <<= 24;
                } else {
                    dt += readLongAt(bytes, pos + 4);
                    pos += 68;
                    word = peekAt(bytes, pos);
                }
            }
            time += dt;
            if (word < 0) {
                if ((word << 1) >= 0) {
                    if (width == 0) {
                        throw new ChunkFormatException(HEADER_LENGTH + ((pos - origin) >>> 3),
                            "window reused before one was set: sample=" + (index + out - offset));
                    }
                    pos += 2;
                } else {
                    final int lead = (int) ((word << 2) >>> 59);
                    final int stored = (int) ((word << 7) >>> 58);
                    width = stored == 0 ? 64 : stored;
                    trail = 64 - lead - width;
                    if (trail < 0) {
                        throw new ChunkFormatException(HEADER_LENGTH + ((pos - origin) >>> 3),
                            "window wider than 64 bits: leading=" + lead + " meaningful=" + width);
                    }
                    pos += 13;
                }
                final long payload = width <= 57 ? peekAt(bytes, pos) >>> -width : readWideAt(bytes, pos, width);
                bits ^= payload << trail;
                pos += width;
            } else {
                pos += 1;
            }
            timestamps[out] = time;
            values[out] = Double.longBitsToDouble(bits);
            out++;
        }
        if (pos - origin > limitBits) {
            throw new ChunkFormatException(HEADER_LENGTH + ((pos - origin) >>> 3),
                "bitstream runs past the chunk end: sample=" + (index + out - offset - 1));
        }
        bitPosition = pos - origin;
        timestamp = time;
        delta = dt;
        valueBits = bits;
        if (width != 0) {
            leading = 64 - trail - width;
        }
        trailing = trail;
        sig = width;
        index += out - offset;
        return out;
    }

    /** @return the next 64 bits from bit {@code pos} of the data, at least 57 of them real, zeros past the end. */
    private long peek(final long pos) {
        final int address = dataOffset + (int) (pos >>> 3);
        final long word;
        if (address <= lastLoadOffset) {
            word = load(bytes, address);
        } else {
            word = peekTail(address);
        }
        return word << (pos & 7);
    }

    private long peekTail(final int address) {
        long word = 0;
        for (int i = 0; i < 8; i++) {
            word <<= 8;
            if (address + i < limitOffset) {
                word |= bytes[address + i] & 0xFF;
            }
        }
        return word;
    }

    /** Reads {@code bitCount} (1 to 64) bits from bit {@code pos} of the data. */
    private long readBits(final long pos, final int bitCount) {
        if (bitCount <= 57) {
            return peek(pos) >>> (64 - bitCount);
        }
        final int low = bitCount - 32;
        return ((peek(pos) >>> 32) << low) | (peek(pos + 32) >>> (64 - low));
    }

    private ChunkFormatException corrupt(final String reason) {
        return new ChunkFormatException(HEADER_LENGTH + (bitPosition >>> 3), reason);
    }

    /** @return samples in the chunk, from its header. */
    public int count() {
        return count;
    }

    /** @return samples read so far. */
    public int position() {
        return index - (batchEnd - batchAt);
    }

    /** @return timestamp of the current sample. */
    public long timestampMillis() {
        return currentTimestamp;
    }

    /** @return value of the current sample. */
    public double value() {
        return Double.longBitsToDouble(currentBits);
    }

    /** @return raw bits of the current value. */
    public long valueBits() {
        return currentBits;
    }

    /** @return bits of sample data consumed so far (after the header). */
    long bitPosition() {
        decodeUpToPosition();
        return bitPosition;
    }

    long delta() {
        decodeUpToPosition();
        return delta;
    }

    int leading() {
        decodeUpToPosition();
        return leading;
    }

    int trailing() {
        decodeUpToPosition();
        return trailing;
    }

    /**
     * Brings the decoding state back from the batch's end to the current sample, for the state accessors above
     * (used by {@link GorillaEncoder#truncate}): decodes the chunk again, one exact step per sample.
     */
    private void decodeUpToPosition() {
        if (batchAt == batchEnd) {
            return;
        }
        final int target = position();
        rewind();
        while (index < target) {
            step();
        }
    }

}
