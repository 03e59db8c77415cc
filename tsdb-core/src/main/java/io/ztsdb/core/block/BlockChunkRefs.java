// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.block;

import java.util.Arrays;

/**
 * Chunks found in a list of blocks: per chunk, the index of its block in that list, its index in the block and
 * its oldest timestamp, sortable by that time. Kept as parallel arrays, reused with {@link #clear()}: no object
 * per chunk.
 */
public final class BlockChunkRefs {
    /** Up to this many chunks are sorted in place by insertion; more through an index array. */
    private static final int INSERTION_SORT_MAX = 64;

    private long[] minTimes = new long[16];
    private int[] blocks = new int[16];
    private int[] chunks = new int[16];
    private int size;

    /**
     * Empties the list.
     *
     * @return this.
     */
    public BlockChunkRefs clear() {
        size = 0;
        return this;
    }

    /**
     * Adds a chunk.
     *
     * @param minTimeMillis the chunk's oldest timestamp.
     * @param block         index of its block in the caller's list.
     * @param chunk         its index in the block.
     */
    public void add(final long minTimeMillis, final int block, final int chunk) {
        if (size == minTimes.length) {
            minTimes = Arrays.copyOf(minTimes, size * 2);
            blocks = Arrays.copyOf(blocks, size * 2);
            chunks = Arrays.copyOf(chunks, size * 2);
        }
        minTimes[size] = minTimeMillis;
        blocks[size] = block;
        chunks[size] = chunk;
        size++;
    }

    /** @return chunks added since the last clear. */
    public int size() {
        return size;
    }

    /** @return the oldest timestamp of chunk {@code i}. */
    public long minTimeMillis(final int i) {
        return minTimes[i];
    }

    /** @return the index of the block of chunk {@code i}. */
    public int block(final int i) {
        return blocks[i];
    }

    /** @return the index in its block of chunk {@code i}. */
    public int chunk(final int i) {
        return chunks[i];
    }

    /**
     * Sorts the chunks by oldest timestamp, stably (chunks with the same time keep the order they were added in).
     * The chunks of one series come nearly sorted (blocks are in time order), which insertion sort handles in
     * close to linear time.
     */
    public void sortByMinTime() {
        if (size <= INSERTION_SORT_MAX) {
            insertionSort();
            return;
        }
        final Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Long.compare(minTimes[x], minTimes[y]));
        final long[] sortedTimes = new long[minTimes.length];
        final int[] sortedBlocks = new int[blocks.length];
        final int[] sortedChunks = new int[chunks.length];
        for (int i = 0; i < size; i++) {
            sortedTimes[i] = minTimes[order[i]];
            sortedBlocks[i] = blocks[order[i]];
            sortedChunks[i] = chunks[order[i]];
        }
        minTimes = sortedTimes;
        blocks = sortedBlocks;
        chunks = sortedChunks;
    }

    private void insertionSort() {
        for (int i = 1; i < size; i++) {
            final long time = minTimes[i];
            final int block = blocks[i];
            final int chunk = chunks[i];
            int j = i - 1;
            while (j >= 0 && minTimes[j] > time) {
                minTimes[j + 1] = minTimes[j];
                blocks[j + 1] = blocks[j];
                chunks[j + 1] = chunks[j];
                j--;
            }
            minTimes[j + 1] = time;
            blocks[j + 1] = block;
            chunks[j + 1] = chunk;
        }
    }
}
