// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.stats;

/**
 * Counters of one TCP connection, written by its event loop only and read by {@code GET /stats}.
 */
public final class ConnectionStats {
    private final long id;
    private final String remoteAddress;
    private final long openedAtMillis;
    private volatile long bytesIn;
    private volatile long bytesOut;
    private volatile long frames;
    private volatile long points;
    private volatile long errors;
    private volatile long pendingResponses;
    private volatile long readPauses;

    /**
     * @param id             connection number, from 1.
     * @param remoteAddress  the peer.
     * @param openedAtMillis when it was accepted, ms since the epoch.
     */
    public ConnectionStats(final long id, final String remoteAddress, final long openedAtMillis) {
        this.id = id;
        this.remoteAddress = remoteAddress;
        this.openedAtMillis = openedAtMillis;
    }

    /** @return connection number, from 1. */
    public long id() {
        return id;
    }

    /** @return the peer's address. */
    public String remoteAddress() {
        return remoteAddress;
    }

    /** @return when the connection was accepted, ms since the epoch. */
    public long openedAtMillis() {
        return openedAtMillis;
    }

    /** @return bytes received. */
    public long bytesIn() {
        return bytesIn;
    }

    /** @return bytes sent. */
    public long bytesOut() {
        return bytesOut;
    }

    /** @return frames received and accepted. */
    public long frames() {
        return frames;
    }

    /** @return points received and stored. */
    public long points() {
        return points;
    }

    /** @return error frames sent. */
    public long errors() {
        return errors;
    }

    /** @return requests received whose response is not yet written. */
    public long pendingResponses() {
        return pendingResponses;
    }

    /** @return times reading was paused for back-pressure (write queue full or too many pending responses). */
    public long readPauses() {
        return readPauses;
    }

    // Mutators: called only by the connection's event-loop thread (single writer); readers see plain volatile reads.

    public void addReadPause() {
        readPauses = readPauses + 1;
    }

    public void addBytesIn(final long count) {
        bytesIn = bytesIn + count;
    }

    public void addBytesOut(final long count) {
        bytesOut = bytesOut + count;
    }

    public void addFrame() {
        frames = frames + 1;
    }

    public void addPoints(final long count) {
        points = points + count;
    }

    public void addError() {
        errors = errors + 1;
    }

    public void pendingResponses(final long count) {
        pendingResponses = count;
    }
}
