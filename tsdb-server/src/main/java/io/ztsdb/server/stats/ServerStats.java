// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.stats;


import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Server-wide counters shown by {@code GET /stats}: connections, ingest rate, rejects. Thread-safe; the
 * ingest path only touches {@link LongAdder}s.
 */
public final class ServerStats {
    private final long startedAtNanos = System.nanoTime();
    private final long startedAtMillis = System.currentTimeMillis();
    private final ConcurrentHashMap<Long, ConnectionStats> openConnections = new ConcurrentHashMap<>();
    private final AtomicLong connectionIds = new AtomicLong();
    private final LongAdder ingestedPoints = new LongAdder();
    private final LongAdder rejectedFrames = new LongAdder();
    private final LongAdder rejectedPoints = new LongAdder();
    private final LongAdder queries = new LongAdder();
    private final IngestStats binaryIngest = new IngestStats("binary");
    private final IngestStats remoteWriteIngest = new IngestStats("remote_write");
    private final IngestStats lineProtocolIngest = new IngestStats("influx_line");

    private long lastSampleNanos = startedAtNanos;
    private long lastSamplePoints;
    private volatile double ingestRatePointsPerSecond;

    /** Creates zeroed counters; uptime starts now. */
    public ServerStats() {
    }

    /**
     * Registers a new TCP connection.
     *
     * @param remoteAddress the peer, for display.
     * @return the connection's own counters.
     */
    public ConnectionStats connectionOpened(final String remoteAddress) {
        final ConnectionStats stats = new ConnectionStats(connectionIds.incrementAndGet(), remoteAddress,
            System.currentTimeMillis());
        openConnections.put(stats.id(), stats);
        return stats;
    }

    /** @param stats a connection returned by {@link #connectionOpened(String)} that has closed. */
    public void connectionClosed(final ConnectionStats stats) {
        openConnections.remove(stats.id());
    }

    /** @return connections open now. */
    public int openConnectionCount() {
        return openConnections.size();
    }

    /** @return connections accepted since start. */
    public long totalConnectionCount() {
        return connectionIds.get();
    }

    /** @return a snapshot list of the open connections' counters, oldest first. */
    public List<ConnectionStats> openConnections() {
        final Collection<ConnectionStats> values = openConnections.values();
        final List<ConnectionStats> result = new ArrayList<>(values);
        result.sort((a, b) -> Long.compare(a.id(), b.id()));
        return result;
    }

    /** @param points points stored and acknowledged (any ingest path: TCP, collector, HTTP). */
    public void pointsIngested(final long points) {
        ingestedPoints.add(points);
    }

    /**
     * Counts a frame refused by the protocol layer (malformed, over the limit, ...).
     *
     * @param points points the frame carried, 0 when unknown.
     */
    public void frameRejected(final long points) {
        rejectedFrames.increment();
        if (points > 0) {
            rejectedPoints.add(points);
        }
    }

    /** Counts one query answered (TCP or HTTP). */
    public void queryServed() {
        queries.increment();
    }

    /** @return points ingested since start. */
    public long ingestedPoints() {
        return ingestedPoints.sum();
    }

    /** @return frames rejected by the protocol layer since start. */
    public long rejectedFrames() {
        return rejectedFrames.sum();
    }

    /** @return points carried by rejected frames since start. */
    public long rejectedPoints() {
        return rejectedPoints.sum();
    }

    /** @return queries served since start. */
    public long queries() {
        return queries.sum();
    }

    /** @return ingest rate over the last sampling interval, points per second. */
    public double ingestRatePointsPerSecond() {
        return ingestRatePointsPerSecond;
    }

    /** @return milliseconds since the server started. */
    public long uptimeMillis() {
        return (System.nanoTime() - startedAtNanos) / 1_000_000;
    }

    /** @return wall-clock start time, milliseconds since the epoch. */
    public long startedAtMillis() {
        return startedAtMillis;
    }

    /**
     * Updates the ingest rate from the points counted since the previous call; called by a timer, one thread.
     *
     * @param nowNanos {@link System#nanoTime()} now.
     */
    public synchronized void sampleRate(final long nowNanos) {
        final long points = ingestedPoints.sum();
        final long elapsedNanos = nowNanos - lastSampleNanos;
        if (elapsedNanos > 0) {
            ingestRatePointsPerSecond = (points - lastSamplePoints) * 1e9 / elapsedNanos;
        }
        lastSampleNanos = nowNanos;
        lastSamplePoints = points;
    }

    /** @return the binary protocol's ingest counters. */
    public IngestStats binaryIngest() {
        return binaryIngest;
    }

    /** @return the ingest counters of {@code POST /api/v1/write}. */
    public IngestStats remoteWriteIngest() {
        return remoteWriteIngest;
    }

    /** @return the ingest counters of the InfluxDB line protocol endpoints. */
    public IngestStats lineProtocolIngest() {
        return lineProtocolIngest;
    }

    /** @return the ingest counters of every protocol. */
    public List<IngestStats> ingestByProtocol() {
        return List.of(binaryIngest, remoteWriteIngest, lineProtocolIngest);
    }
}
