// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.client.internal;

import java.util.Arrays;

/**
 * FIFO of the requests written and not yet answered, each with the number of points it carried: the server
 * answers in request order, so the head owns the next response. A fixed ring, no allocation.
 */
final class RequestQueue {
    private final PendingRequest[] requests;
    private final long[] points;
    private int head;
    private int size;
    private long totalPoints;

    RequestQueue(final int capacity) {
        requests = new PendingRequest[capacity];
        points = new long[capacity];
    }

    void add(final PendingRequest request, final long pointCount) {
        if (size == requests.length) {
            throw new IllegalStateException("too many requests in flight: capacity=" + requests.length);
        }
        final int at = (head + size) % requests.length;
        requests[at] = request;
        points[at] = pointCount;
        size++;
        totalPoints += pointCount;
    }

    PendingRequest head() {
        return requests[head];
    }

    long headPoints() {
        return points[head];
    }

    void removeHead() {
        totalPoints -= points[head];
        requests[head] = null;
        head = (head + 1) % requests.length;
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
        Arrays.fill(requests, null);
        head = 0;
        size = 0;
        totalPoints = 0;
    }
}
