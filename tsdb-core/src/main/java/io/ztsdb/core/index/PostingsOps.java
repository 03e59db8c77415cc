// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.index;

import java.util.Arrays;
import java.util.List;

/**
 * Set operations on sorted ordinal lists ({@code int[]} + length): intersection, disjoint union and difference.
 * When one list is much shorter than the other, the long one is searched by galloping (exponential then
 * binary search) instead of walked, so {@code 1,000 of 1,000,000} costs about {@code 1,000 * log} steps.
 */
final class PostingsOps {
    /** Size ratio beyond which galloping beats a linear merge. */
    private static final int GALLOP_RATIO = 8;

    private PostingsOps() {
    }

    /** A sorted ordinal list: the first {@code size} entries of {@code ordinals}, never modified once built. */
    record Ordinals(int[] ordinals, int size) {
        static final Ordinals EMPTY = new Ordinals(new int[0], 0);

        int[] toArray() {
            return Arrays.copyOf(ordinals, size);
        }
    }

    static Ordinals intersect(final Ordinals a, final Ordinals b) {
        final Ordinals small = a.size <= b.size ? a : b;
        final Ordinals large = small == a ? b : a;
        if (small.size == 0) {
            return Ordinals.EMPTY;
        }
        final int[] out = new int[small.size];
        int n = 0;
        if ((long) small.size * GALLOP_RATIO < large.size) {
            int from = 0;
            for (int i = 0; i < small.size && from < large.size; i++) {
                final int target = small.ordinals[i];
                from = gallop(large.ordinals, from, large.size, target);
                if (from < large.size && large.ordinals[from] == target) {
                    out[n++] = target;
                    from++;
                }
            }
        } else {
            // Branch-light merge: the steps compile to conditional moves, not mispredicted branches.
            final int[] left = small.ordinals;
            final int[] right = large.ordinals;
            int i = 0;
            int j = 0;
            while (i < small.size && j < large.size) {
                final int x = left[i];
                final int y = right[j];
                out[n] = x;
                n += x == y ? 1 : 0;
                i += x <= y ? 1 : 0;
                j += y <= x ? 1 : 0;
            }
        }
        return new Ordinals(out, n);
    }

    /** @return {@code a} minus {@code b}. */
    static Ordinals subtract(final Ordinals a, final Ordinals b) {
        if (a.size == 0 || b.size == 0) {
            return a;
        }
        final int[] out = new int[a.size];
        int n = 0;
        if ((long) a.size * GALLOP_RATIO < b.size) {
            int from = 0;
            for (int i = 0; i < a.size; i++) {
                final int target = a.ordinals[i];
                from = gallop(b.ordinals, from, b.size, target);
                if (from >= b.size || b.ordinals[from] != target) {
                    out[n++] = target;
                }
            }
        } else {
            int j = 0;
            for (int i = 0; i < a.size; i++) {
                final int x = a.ordinals[i];
                while (j < b.size && b.ordinals[j] < x) {
                    j++;
                }
                if (j >= b.size || b.ordinals[j] != x) {
                    out[n++] = x;
                }
            }
        }
        return new Ordinals(out, n);
    }

    /**
     * Unions postings that are pairwise disjoint (the values of one label name: a series has one value per
     * name), so no duplicates need removing.
     */
    static Ordinals unionDisjoint(final List<Postings> parts, final int universe) {
        if (parts.isEmpty()) {
            return Ordinals.EMPTY;
        }
        if (parts.size() == 1) {
            final Postings p = parts.getFirst();
            return new Ordinals(p.array(), p.size());
        }
        long total = 0;
        for (final Postings p : parts) {
            total += p.size();
        }
        final int[] out = new int[(int) total];
        if (total > universe >> 5) {
            // Dense: mark a bitmap and read it back in order, linear in universe / 64 + total.
            final long[] bits = new long[(universe >> 6) + 1];
            for (final Postings p : parts) {
                final int[] arr = p.array();
                for (int i = 0; i < p.size(); i++) {
                    bits[arr[i] >>> 6] |= 1L << arr[i];
                }
            }
            int n = 0;
            for (int w = 0; w < bits.length; w++) {
                long word = bits[w];
                while (word != 0) {
                    out[n++] = (w << 6) + Long.numberOfTrailingZeros(word);
                    word &= word - 1;
                }
            }
        } else {
            int n = 0;
            for (final Postings p : parts) {
                System.arraycopy(p.array(), 0, out, n, p.size());
                n += p.size();
            }
            Arrays.sort(out);
        }
        return new Ordinals(out, out.length);
    }

    /** @return the first index in {@code [from, size)} whose value is >= target, or size. */
    static int gallop(final int[] values, final int from, final int size, final int target) {
        int low = from;
        int step = 1;
        int high = from;
        while (high < size && values[high] < target) {
            low = high + 1;
            high += step;
            step <<= 1;
        }
        if (high > size) {
            high = size;
        }
        while (low < high) {
            final int mid = (low + high) >>> 1;
            if (values[mid] < target) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
