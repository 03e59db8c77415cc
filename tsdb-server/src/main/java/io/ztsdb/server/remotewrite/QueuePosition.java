// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.remotewrite;

/**
 * A place in the queue: a segment, the offset of a record in it, and the points of that record already consumed.
 *
 * @param sequence     the segment's sequence.
 * @param recordOffset where the record starts in the segment file.
 * @param pointIndex   points of the record before this place.
 */
record QueuePosition(long sequence, long recordOffset, int pointIndex) implements Comparable<QueuePosition> {
    @Override
    public int compareTo(final QueuePosition other) {
        int c = Long.compare(sequence, other.sequence);
        if (c == 0) {
            c = Long.compare(recordOffset, other.recordOffset);
        }
        return c != 0 ? c : Integer.compare(pointIndex, other.pointIndex);
    }
}
