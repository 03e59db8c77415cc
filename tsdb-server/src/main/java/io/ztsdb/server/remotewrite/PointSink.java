// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.remotewrite;

/** Receives the points read from the queue, in order. */
interface PointSink {
    /**
     * @return false to stop before this point: it is read again by the next call.
     */
    boolean accept(long seriesId, long timestampMillis, double value);
}
