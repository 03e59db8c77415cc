// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.client;

/**
 * FIFO of the requests written and not yet answered: the server answers in request order, so the head is
 * always the request the next response belongs to. A fixed ring of primitives, no allocation.
 */
final class PendingRequests {
    private final int[] kinds;
    private final long[] points;
    private int head;
    private int size;
    private long totalPoints;

    PendingRequests(final int capacity) {
        kinds = new int[capacity];
        points = new long[capacity];
    }

    void add(final int kind, final long pointCount) {
        if (size == kinds.length) {
            throw new IllegalStateException("too many requests in flight: capacity=" + kinds.length);
        }
        final int at = (head + size) % kinds.length;
        kinds[at] = kind;
        points[at] = pointCount;
        size++;
        totalPoints += pointCount;
    }

    int headKind() {
        return kinds[head];
    }

    long headPoints() {
        return points[head];
    }

    void removeHead() {
        totalPoints -= points[head];
        head = (head + 1) % kinds.length;
        size--;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    long totalPoints() {
        return totalPoints;
    }

    void clear() {
        head = 0;
        size = 0;
        totalPoints = 0;
    }
}
