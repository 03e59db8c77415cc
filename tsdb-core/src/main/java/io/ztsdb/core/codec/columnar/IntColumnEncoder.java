// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.codec.columnar;

import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.COLUMN_CONST;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.COLUMN_DELTA;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.COLUMN_DELTA_ZIGZAG;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.COLUMN_LEVEL;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.MINIBLOCK_LENGTH;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.MINIBLOCK_PATCHED;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.MINIBLOCK_RICE;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.MINIBLOCK_SPARSE;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.PACKED_MINIBLOCKS;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.PACKED_ZERO;

import java.util.Arrays;

/**
 * Writes an integer column (see {@link ColumnarChunkDescriptor}) in its smallest form: CONST when every value is equal,
 * else the shortest of LEVEL, DELTA and DELTA_ZIGZAG (in that order on a tie). LEVEL and DELTA subtract their minimum
 * and divide by the greatest common divisor of what remains; DELTA_ZIGZAG subtracts a reference difference, divides by
 * the greatest common divisor and zigzags, so that the most common difference costs a zero (runs of equal values next
 * to large steps, a regular interval with gaps and jitter). All three pack 64 values per miniblock, each miniblock at
 * its own width, patched when moving its largest values out as exceptions makes it shorter (PFOR). In version 2
 * a miniblock may instead be Rice-coded ({@link RiceCoding}: noise) or sparse (a bitmap of its non-zero values, then
 * those values minus one as a nested miniblock: bursts among zeros), whichever is strictly shorter.
 * <p>
 * Not thread-safe; one instance per encoder.
 */
final class IntColumnEncoder {
    private long[] levels = new long[MINIBLOCK_LENGTH];
    private long[] deltas = new long[MINIBLOCK_LENGTH];
    private long[] zigzags = new long[MINIBLOCK_LENGTH];
    /** Four interleaved histograms of value widths (independent increments run in parallel). */
    private static final int HISTOGRAM_STRIDE = 65;
    private final int[] widthCounts = new int[4 * HISTOGRAM_STRIDE];
    private final int[] positions = new int[MINIBLOCK_LENGTH];
    private final long[] highs = new long[MINIBLOCK_LENGTH];

    private long levelBase;
    private long levelGcd;
    private long deltaBase;
    private long deltaGcd;
    private int levelBytes;
    private int deltaBytes;
    private long[] zigzagsAlternative = new long[MINIBLOCK_LENGTH];
    private long zigzagGcd;
    private long zigzagRef;
    private long lastZigzagGcd;
    private int zigzagBytes;

    /** The column of the last {@link #cost} call, its length, and whether it is constant. */
    private long[] costed;
    private int costedLength;
    private boolean costedConstant;

    /** Chosen low width of the last planned miniblock. */
    private int planWidth;
    /** Exceptions of the last planned miniblock (0 = not patched). */
    private int planExceptions;
    /** Width of the high parts of the last planned miniblock's exceptions. */
    private int planHighWidth;
    /** Rice parameter of the last planned miniblock, -1 if it is bit-packed. */
    private int planRice;
    /** Whether the last planned miniblock is sparse (the other plan fields then describe its nested miniblock). */
    private boolean planSparse;
    /** Non-zero values minus one of a sparse miniblock. */
    private final long[] nonZero = new long[MINIBLOCK_LENGTH];
    /** Whether Rice and sparse miniblocks may be written (columnar version 2). */
    private final boolean extended;

    /** @param extended whether Rice and sparse miniblocks (columnar version 2) may be written. */
    IntColumnEncoder(final boolean extended) {
        this.extended = extended;
    }

    /**
     * @return bytes that {@link #encode} writes for {@code x[0 .. n)}, {@code n >= 1}.
     */
    int cost(final long[] x, final int n) {
        costed = x;
        costedLength = n;
        costedConstant = isConstant(x, n);
        if (costedConstant) {
            return 1 + ByteSink.zigzagLength(x[0]);
        }
        plan(x, n);
        return Math.min(levelBytes, Math.min(deltaBytes, zigzagBytes));
    }

    /**
     * Appends the column last given to {@link #cost}, which must not have changed since, without planning it again.
     *
     * @return bytes written.
     */
    int encodeLastCosted(final ByteSink out) {
        return write(costed, costedLength, costedConstant, out);
    }

    /**
     * Appends the column {@code x[0 .. n)}, {@code n >= 1}.
     *
     * @return bytes written.
     */
    int encode(final long[] x, final int n, final ByteSink out) {
        costed = null;
        final boolean constant = isConstant(x, n);
        if (!constant) {
            plan(x, n);
        }
        return write(x, n, constant, out);
    }

    private int write(final long[] x, final int n, final boolean constant, final ByteSink out) {
        final int start = out.length();
        if (constant) {
            out.u8(COLUMN_CONST);
            out.zigzag(x[0]);
            return out.length() - start;
        }
        if (levelBytes <= deltaBytes && levelBytes <= zigzagBytes) {
            out.u8(COLUMN_LEVEL);
            out.zigzag(levelBase);
            out.varint(levelGcd);
            writePacked(levels, n, out);
        } else if (zigzagBytes < deltaBytes) {
            out.u8(COLUMN_DELTA_ZIGZAG);
            out.zigzag(x[0]);
            out.zigzag(zigzagRef);
            out.varint(zigzagGcd);
            writePacked(zigzags, n - 1, out);
        } else {
            out.u8(COLUMN_DELTA);
            out.zigzag(x[0]);
            out.zigzag(deltaBase);
            out.varint(deltaGcd);
            writePacked(deltas, n - 1, out);
        }
        return out.length() - start;
    }

    private static boolean isConstant(final long[] x, final int n) {
        final long first = x[0];
        for (int i = 1; i < n; i++) {
            if (x[i] != first) {
                return false;
            }
        }
        return true;
    }

    /** Fills the level and delta forms and their sizes. */
    private void plan(final long[] x, final int n) {
        if (levels.length < n) {
            levels = new long[n];
            deltas = new long[n];
            zigzags = new long[n];
            zigzagsAlternative = new long[n];
        }
        long min = x[0];
        for (int i = 1; i < n; i++) {
            min = Math.min(min, x[i]);
        }
        for (int i = 0; i < n; i++) {
            levels[i] = x[i] - min;
        }
        levelBase = min;
        levelGcd = divideByGcd(levels, n);
        levelBytes = 1 + ByteSink.zigzagLength(levelBase) + ByteSink.varintLength(levelGcd) + packedCost(levels, n);
        if (n < 2) {
            deltaBytes = Integer.MAX_VALUE;
            zigzagBytes = Integer.MAX_VALUE;
            return;
        }
        long minDelta = x[1] - x[0];
        for (int i = 2; i < n; i++) {
            minDelta = Math.min(minDelta, x[i] - x[i - 1]);
        }
        for (int i = 1; i < n; i++) {
            deltas[i - 1] = x[i] - x[i - 1] - minDelta;
        }
        deltaBase = minDelta;
        deltaGcd = divideByGcd(deltas, n - 1);
        deltaBytes = 1 + ByteSink.zigzagLength(x[0]) + ByteSink.zigzagLength(deltaBase) +
            ByteSink.varintLength(deltaGcd) + packedCost(deltas, n - 1);
        planZigzag(x, n);
    }

    /**
     * Plans DELTA_ZIGZAG around two references, 0 (repeated values pack as 0) and the majority difference found by
     * a Boyer-Moore vote (a regular interval with gaps), and keeps the shorter (0 on a tie).
     */
    private void planZigzag(final long[] x, final int n) {
        long candidate = 0;
        int votes = 0;
        for (int i = 1; i < n; i++) {
            final long d = x[i] - x[i - 1];
            if (votes == 0) {
                candidate = d;
                votes = 1;
            } else {
                votes += d == candidate ? 1 : -1;
            }
        }
        zigzagBytes = planZigzag(x, n, 0, zigzags);
        zigzagRef = 0;
        zigzagGcd = lastZigzagGcd;
        if (candidate != 0) {
            final int bytes = planZigzag(x, n, candidate, zigzagsAlternative);
            if (bytes < zigzagBytes) {
                final long[] swap = zigzags;
                zigzags = zigzagsAlternative;
                zigzagsAlternative = swap;
                zigzagBytes = bytes;
                zigzagRef = candidate;
                zigzagGcd = lastZigzagGcd;
            }
        }
    }

    private int planZigzag(final long[] x, final int n, final long ref, final long[] y) {
        long g = 0;
        for (int i = 1; i < n && g != 1; i++) {
            final long d = x[i] - x[i - 1] - ref;
            g = ExactDivision.gcdStep(g, d < 0 ? -d : d);
        }
        g = g == 0 ? 1 : g;
        final int shift = Long.numberOfTrailingZeros(g);
        final long inverse = ExactDivision.oddInverse(g >>> shift);
        for (int i = 1; i < n; i++) {
            final long d = x[i] - x[i - 1] - ref;
            y[i - 1] = ByteSink.zigzagEncode((d >> shift) * inverse);
        }
        lastZigzagGcd = g;
        return 1 + ByteSink.zigzagLength(x[0]) + ByteSink.zigzagLength(ref) + ByteSink.varintLength(g) +
            packedCost(y, n - 1);
    }

    /** Divides the unsigned {@code y[0 .. m)} by their greatest common divisor; returns it (1 if all are 0). */
    private static long divideByGcd(final long[] y, final int m) {
        long g = 0;
        for (int i = 0; i < m && g != 1; i++) {
            g = ExactDivision.gcdStep(g, y[i]);
        }
        if (g == 0 || g == 1) {
            return 1;
        }
        final int shift = Long.numberOfTrailingZeros(g);
        final long inverse = ExactDivision.oddInverse(g >>> shift);
        for (int i = 0; i < m; i++) {
            y[i] = (y[i] >>> shift) * inverse;
        }
        return g;
    }

    private int packedCost(final long[] y, final int m) {
        int bytes = 1;
        boolean any = false;
        for (int from = 0; from < m; from += MINIBLOCK_LENGTH) {
            final int k = Math.min(MINIBLOCK_LENGTH, m - from);
            bytes += planMiniblock(y, from, k);
            any |= planSparse || planRice >= 0 || planWidth + planHighWidth > 0;
        }
        return any ? bytes : 1;
    }

    private static boolean allZero(final long[] y, final int m) {
        long any = 0;
        for (int i = 0; i < m; i++) {
            any |= y[i];
        }
        return any == 0;
    }

    /**
     * Chooses the low width of one miniblock: the smallest encoding over every width from the block's full width
     * down to 0, the largest width on a tie; in version 2 the smallest Rice coding if strictly shorter.
     *
     * @return bytes of the miniblock.
     */
    private int planPacked(final long[] y, final int from, final int k) {
        long any = 0;
        for (int i = from, end = from + k; i < end; i++) {
            any |= y[i];
        }
        final int full = BitPacking.width(any);
        if (full == 0) {
            planWidth = 0;
            planExceptions = 0;
            planHighWidth = 0;
            planRice = -1;
            return 1;
        }
        final int[] counts = widthCounts;
        Arrays.fill(counts, 0, 4 * HISTOGRAM_STRIDE, 0);
        int i = from;
        final int end = from + k;
        for (; i + 3 < end; i += 4) {
            counts[BitPacking.width(y[i])]++;
            counts[HISTOGRAM_STRIDE + BitPacking.width(y[i + 1])]++;
            counts[2 * HISTOGRAM_STRIDE + BitPacking.width(y[i + 2])]++;
            counts[3 * HISTOGRAM_STRIDE + BitPacking.width(y[i + 3])]++;
        }
        for (; i < end; i++) {
            counts[BitPacking.width(y[i])]++;
        }
        int bestBytes = 1 + BitPacking.packedBytes(k, full);
        int bestWidth = full;
        int bestExceptions = 0;
        int exceptions = 0;
        for (int b = full - 1; b >= 0; b--) {
            exceptions += counts[b + 1] + counts[HISTOGRAM_STRIDE + b + 1] + counts[2 * HISTOGRAM_STRIDE + b + 1] +
                counts[3 * HISTOGRAM_STRIDE + b + 1];
            // Every narrower width has at least these exceptions and packs at least exceptions * full bits in all.
            if (3 + exceptions + ((exceptions * full) >>> 3) >= bestBytes) {
                break;
            }
            final int bytes = 3 + exceptions + BitPacking.packedBytes(exceptions, full - b) +
                BitPacking.packedBytes(k, b);
            if (bytes < bestBytes) {
                bestBytes = bytes;
                bestWidth = b;
                bestExceptions = exceptions;
            }
        }
        planWidth = bestWidth;
        planExceptions = bestExceptions;
        planHighWidth = full - bestWidth;
        planRice = -1;
        if (extended) {
            final long rice = RiceCoding.plan(y, from, k, full);
            if ((int)(rice >>> 6) < bestBytes) {
                bestBytes = (int)(rice >>> 6);
                planRice = (int)(rice & 63);
            }
        }
        return bestBytes;
    }

    /**
     * Plans one miniblock: {@link #planPacked}, and in version 2 the sparse form when some values are zero and it is
     * strictly shorter.
     *
     * @return bytes of the miniblock.
     */
    private int planMiniblock(final long[] y, final int from, final int k) {
        planSparse = false;
        final int bytes = planPacked(y, from, k);
        if (!extended || bytes == 1) {
            return bytes;
        }
        final int nonZeros = compactNonZero(y, from, k);
        if (nonZeros == k) {
            return bytes;
        }
        final int width = planWidth;
        final int exceptions = planExceptions;
        final int highWidth = planHighWidth;
        final int rice = planRice;
        final int sparseBytes = 1 + (k + 7) / 8 + planPacked(nonZero, 0, nonZeros);
        if (sparseBytes < bytes) {
            planSparse = true;
            return sparseBytes;
        }
        planWidth = width;
        planExceptions = exceptions;
        planHighWidth = highWidth;
        planRice = rice;
        return bytes;
    }

    /** Fills {@link #nonZero} with the non-zero values of the miniblock minus one; returns how many. */
    private int compactNonZero(final long[] y, final int from, final int k) {
        int n = 0;
        for (int i = from, end = from + k; i < end; i++) {
            nonZero[n] = y[i] - 1;
            n += y[i] != 0 ? 1 : 0;
        }
        return n;
    }

    private void writePacked(final long[] y, final int m, final ByteSink out) {
        if (allZero(y, m)) {
            out.u8(PACKED_ZERO);
            return;
        }
        out.u8(PACKED_MINIBLOCKS);
        for (int from = 0; from < m; from += MINIBLOCK_LENGTH) {
            final int k = Math.min(MINIBLOCK_LENGTH, m - from);
            planMiniblock(y, from, k);
            if (planSparse) {
                out.u8(MINIBLOCK_SPARSE);
                long bitmap = 0;
                for (int i = 0; i < k; i++) {
                    bitmap |= (y[from + i] != 0 ? 1L : 0L) << i;
                }
                for (int i = 0; i < k; i += 8) {
                    out.u8((int)(bitmap >>> i));
                }
                writeMiniblock(nonZero, 0, compactNonZero(y, from, k), out);
            } else {
                writeMiniblock(y, from, k, out);
            }
        }
    }

    /** Writes a bit-packed, patched or Rice miniblock as last planned. */
    private void writeMiniblock(final long[] y, final int from, final int k, final ByteSink out) {
        final int b = planWidth;
        if (planRice >= 0) {
            out.u8(MINIBLOCK_RICE + planRice);
            RiceCoding.write(y, from, k, planRice, out);
            return;
        }
        if (planExceptions == 0) {
            out.u8(b);
        } else {
            out.u8(b | MINIBLOCK_PATCHED);
            out.u8(planExceptions);
            out.u8(planHighWidth);
            int e = 0;
            for (int i = 0; i < k; i++) {
                if (BitPacking.width(y[from + i]) > b) {
                    positions[e++] = i;
                    out.u8(i);
                }
            }
            BitPacking.packAt(y, from, positions, e, planHighWidth, b, highs, out);
        }
        BitPacking.pack(y, from, k, b, 0, out);
    }
}
