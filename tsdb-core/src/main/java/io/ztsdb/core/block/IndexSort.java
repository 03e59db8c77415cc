// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.block;

/**
 * Sorts chunk numbers by (series id, min time) without boxing: a bottom-up merge sort of an {@code int} array whose
 * keys live in two {@code long} arrays. Stable; {@code O(n log n)}; one scratch array of {@code n} ints.
 */
final class IndexSort {
    private IndexSort() {
    }

    /**
     * Sorts {@code order} (chunk numbers) by {@code seriesIds[c]} (signed), then {@code minTimes[c]}.
     */
    static void sort(final int[] order, final long[] seriesIds, final long[] minTimes) {
        final int n = order.length;
        int[] from = order;
        int[] to = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int low = 0; low < n; low += 2 * width) {
                final int middle = Math.min(low + width, n);
                final int high = Math.min(low + 2 * width, n);
                int i = low;
                int j = middle;
                int k = low;
                while (i < middle && j < high) {
                    to[k++] = compare(from[j], from[i], seriesIds, minTimes) < 0 ? from[j++] : from[i++];
                }
                while (i < middle) {
                    to[k++] = from[i++];
                }
                while (j < high) {
                    to[k++] = from[j++];
                }
            }
            final int[] swap = from;
            from = to;
            to = swap;
        }
        if (from != order) {
            System.arraycopy(from, 0, order, 0, n);
        }
    }

    private static int compare(final int a, final int b, final long[] seriesIds, final long[] minTimes) {
        final int bySeries = Long.compare(seriesIds[a], seriesIds[b]);
        return bySeries != 0 ? bySeries : Long.compare(minTimes[a], minTimes[b]);
    }
}
