// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.codec.columnar;

import io.ztsdb.core.codec.ChunkDescriptor;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.COLUMNAR_VERSION;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.COLUMNAR_VERSION_1;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.ENCODING_COLUMNAR;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.MAX_DECIMAL_EXPONENT;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.RESIDUALS_COLUMN;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.RESIDUALS_LIST;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.VALUES_CONST_BITS;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.VALUES_DECIMAL;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.VALUES_RAW;

/**
 * Encodes a whole chunk of samples into the columnar layout ({@link ColumnarChunkDescriptor}): timestamps as an integer
 * column (a regular interval costs a few bytes per chunk, irregular ones become patched exceptions), values as decimal
 * mantissas ({@link DecimalScaling}) with exceptions, or as raw bits, whichever is shorter.
 * <p>
 * The choice is deterministic: for every exponent {@code e} that is the smallest decimal exponent of at least one of 64
 * evenly spaced sample values (every {@code max(1, count / 64)}-th from the first), in ascending order, the DECIMAL
 * section at {@code e} is sized; if the smallest has exceptions, so are the smallest exponents of up to 64 of its
 * exceptions; then, only if the smallest has exceptions or there is no candidate, the RAW section; the first smallest
 * wins (docs/format/columnar-chunk.md has the exact rules). Lossless for every {@code long} timestamp sequence and
 * every double bit pattern. Meant for whole chunks at once (block writing, compaction): it is not an appendable format.
 * <p>
 * Not thread-safe; reuse one instance. The encoded bytes stay valid until the next {@link #encode}.
 */
public final class ColumnarChunkEncoder {
    private final ByteSink out = new ByteSink(1024);
    private final IntColumnEncoder columns;
    private final byte version;
    private long[] bits = new long[0];
    private long[] mantissas = new long[0];
    private int[] exceptions = new int[0];
    private long[] residuals = new long[0];
    private long[] residualColumn = new long[0];
    private boolean residualsAsColumn;
    private int exceptionCount;
    private int timestampBytes;
    /** Values sampled (evenly spaced) to find the candidate decimal exponents. */
    private static final int EXPONENT_SAMPLES = 64;

    private final boolean[] extraExponents = new boolean[MAX_DECIMAL_EXPONENT + 1];
    private int bestExponent;
    private int lastExponent;
    private int bestBytes;
    private int bestExceptions;
    private final int[] exponentCounts = new int[MAX_DECIMAL_EXPONENT + 2];

    /** Creates an encoder of the current version ({@link ColumnarChunkDescriptor#COLUMNAR_VERSION}). */
    public ColumnarChunkEncoder() {
        this(COLUMNAR_VERSION);
    }

    /**
     * Creates an encoder that writes chunks of the given layout version (1 for tests and comparisons).
     *
     * @throws IllegalArgumentException for a version other than 1 and 2.
     */
    public ColumnarChunkEncoder(final int version) {
        if (version != COLUMNAR_VERSION && version != COLUMNAR_VERSION_1) {
            throw new IllegalArgumentException("unknown columnar chunk version: " + version);
        }
        this.version = (byte)version;
        this.columns = new IntColumnEncoder(version == COLUMNAR_VERSION);
    }

    /**
     * @param count samples.
     * @return an upper bound of the encoded length of a chunk of {@code count} samples.
     */
    public static int maxEncodedLength(final int count) {
        final int miniblocks = (count + ColumnarChunkDescriptor.MINIBLOCK_LENGTH - 1) /
            ColumnarChunkDescriptor.MINIBLOCK_LENGTH;
        return ChunkDescriptor.HEADER_LENGTH + 2 * (40 + 8 * count + miniblocks);
    }

    /**
     * Encodes the samples {@code [from, to)} of the arrays.
     *
     * @return the encoded length in bytes.
     * @throws IllegalArgumentException for more than {@link ChunkDescriptor#MAX_SAMPLE_COUNT} samples or a bad range.
     */
    public int encode(final long[] timestamps, final double[] values, final int from, final int to) {
        final int count = to - from;
        if (from < 0 || count < 0 || to > timestamps.length || to > values.length ||
            count > ChunkDescriptor.MAX_SAMPLE_COUNT) {
            throw new IllegalArgumentException("bad sample range: from=" + from + " to=" + to +
                " timestamps=" + timestamps.length + " values=" + values.length);
        }
        out.reset();
        out.u8(ENCODING_COLUMNAR);
        out.u8(version);
        out.u16(count);
        timestampBytes = 0;
        if (count == 0) {
            return out.length();
        }
        ensureCapacity(count);
        System.arraycopy(timestamps, from, mantissas, 0, count);
        timestampBytes = columns.encode(mantissas, count, out);
        encodeValues(values, from, count);
        return out.length();
    }

    /** @return the length of the last encoded chunk. */
    public int lengthBytes() {
        return out.length();
    }

    /** @return bytes of the timestamp column of the last encoded chunk (the values take the rest past the header). */
    public int timestampBytes() {
        return timestampBytes;
    }

    /** Copies the last encoded chunk to {@code target} at {@code offset}. */
    public void copyTo(final MemorySegment target, final long offset) {
        MemorySegment.copy(MemorySegment.ofArray(out.array()), 0, target, offset, out.length());
    }

    /**
     * @return the encoder's own buffer, holding the last encoded chunk at offset 0 ({@link #lengthBytes()} bytes);
     *     valid until the next {@link #encode}, and not to be written to.
     */
    public byte[] array() {
        return out.array();
    }

    /** @return a copy of the last encoded chunk. */
    public byte[] toByteArray() {
        return Arrays.copyOf(out.array(), out.length());
    }

    private void ensureCapacity(final int count) {
        if (bits.length < count) {
            bits = new long[count];
            mantissas = new long[count];
            exceptions = new int[count];
            residuals = new long[count];
            residualColumn = new long[count];
        }
    }

    private void encodeValues(final double[] values, final int from, final int count) {
        final long[] raw = bits;
        boolean constant = true;
        for (int i = 0; i < count; i++) {
            raw[i] = Double.doubleToRawLongBits(values[from + i]);
            constant &= raw[i] == raw[0];
        }
        if (constant) {
            out.u8(VALUES_CONST_BITS);
            out.u64(raw[0]);
            return;
        }
        Arrays.fill(exponentCounts, 0);
        final int stride = Math.max(1, count / EXPONENT_SAMPLES);
        for (int i = 0; i < count; i += stride) {
            exponentCounts[DecimalScaling.minExponent(values[from + i]) + 1]++;
        }
        bestExponent = DecimalScaling.NONE;
        lastExponent = DecimalScaling.NONE;
        bestBytes = Integer.MAX_VALUE;
        bestExceptions = 0;
        for (int e = 0; e <= MAX_DECIMAL_EXPONENT; e++) {
            if (exponentCounts[e + 1] > 0) {
                consider(values, from, count, e);
            }
        }
        if (bestExceptions > 0) {
            considerExceptionExponents(values, from, count);
        }
        if ((bestExponent == DecimalScaling.NONE || bestExceptions > 0) && 1 + columns.cost(raw, count) < bestBytes) {
            out.u8(VALUES_RAW);
            columns.encodeLastCosted(out);
            return;
        }
        out.u8(VALUES_DECIMAL);
        out.u8(bestExponent);
        if (bestExponent == lastExponent && bestExceptions == 0) {
            columns.encodeLastCosted(out);
        } else {
            sizeResiduals(scaleMantissas(values, from, count, bestExponent), count);
            columns.encode(mantissas, count, out);
        }
        if (residualsAsColumn) {
            out.u8(RESIDUALS_COLUMN);
            columns.encode(residualColumn, count, out);
            return;
        }
        out.u8(RESIDUALS_LIST);
        out.varint(exceptionCount);
        for (int j = 0; j < exceptionCount; j++) {
            out.u16(exceptions[j]);
        }
        for (int j = 0; j < exceptionCount; j++) {
            out.zigzag(residuals[j]);
        }
    }

    /** Sizes the DECIMAL section at exponent {@code e} and keeps it if strictly smaller than the best so far. */
    private void consider(final double[] values, final int from, final int count, final int e) {
        final int listBytes = scaleMantissas(values, from, count, e);
        final int mantissaBytes = columns.cost(mantissas, count);
        lastExponent = e;
        // A residual column takes at least 2 bytes: skip sizing it when the section cannot win anyway.
        final int atLeast = 3 + mantissaBytes + (exceptionCount == 0 ? listBytes : Math.min(listBytes, 2));
        if (atLeast >= bestBytes) {
            return;
        }
        final int bytes = 2 + mantissaBytes + sizeResiduals(listBytes, count);
        if (bytes < bestBytes) {
            bestBytes = bytes;
            bestExponent = e;
            bestExceptions = exceptionCount;
        }
    }

    /**
     * The sampled values can miss the exponent of rare values (a few {@code 60.4} among zeros): when the best section
     * has exceptions, the smallest exponents of up to 64 of them (every {@code max(1, E / 64)}-th), not yet sized,
     * are sized too, in ascending order.
     */
    private void considerExceptionExponents(final double[] values, final int from, final int count) {
        scaleMantissas(values, from, count, bestExponent);
        final boolean[] extra = extraExponents;
        Arrays.fill(extra, false);
        final int stride = Math.max(1, exceptionCount / EXPONENT_SAMPLES);
        for (int j = 0; j < exceptionCount; j += stride) {
            final int e = DecimalScaling.minExponent(values[from + exceptions[j]]);
            if (e != DecimalScaling.NONE && exponentCounts[e + 1] == 0) {
                extra[e] = true;
            }
        }
        for (int e = 0; e <= MAX_DECIMAL_EXPONENT; e++) {
            if (extra[e]) {
                consider(values, from, count, e);
            }
        }
    }

    /**
     * Fills {@link #mantissas} at exponent {@code e} and lists the values that do not fit as exceptions, with the
     * residual of their raw bits against the value their mantissa decodes to. An exception's mantissa is its own
     * rounded scaled value when that is finite and below 2^62 (a near-decimal value such as
     * {@code 44.986000000000004} then costs a one-byte residual), else the previous mantissa (0 before any), which
     * costs nothing in a DELTA column.
     *
     * @return bytes of the residuals as a list (count varint included, mode byte not).
     */
    private int scaleMantissas(final double[] values, final int from, final int count, final int e) {
        final double power = DecimalScaling.POWERS[e];
        exceptionCount = 0;
        int bytes = 0;
        long previous = 0;
        for (int i = 0; i < count; i++) {
            final double v = values[from + i];
            if (DecimalScaling.fits(v, e)) {
                previous = DecimalScaling.mantissa(v, e);
                mantissas[i] = previous;
                residualColumn[i] = 0;
            } else {
                final long m = DecimalScaling.inRange(v, e) ? DecimalScaling.mantissa(v, e) : previous;
                mantissas[i] = m;
                final long residual = Double.doubleToRawLongBits(v) - Double.doubleToRawLongBits((double)m / power);
                exceptions[exceptionCount] = i;
                residuals[exceptionCount++] = residual;
                residualColumn[i] = residual;
                bytes += 2 + ByteSink.zigzagLength(residual);
            }
        }
        return bytes + ByteSink.varintLength(exceptionCount);
    }

    /**
     * Chooses the residual form of the last {@link #scaleMantissas}: a list, or a column when strictly shorter.
     *
     * @return bytes of the residuals, mode byte included.
     */
    private int sizeResiduals(final int listBytes, final int count) {
        if (exceptionCount == 0) {
            residualsAsColumn = false;
            return 1 + listBytes;
        }
        final int columnBytes = columns.cost(residualColumn, count);
        residualsAsColumn = columnBytes < listBytes;
        return 1 + Math.min(listBytes, columnBytes);
    }
}
