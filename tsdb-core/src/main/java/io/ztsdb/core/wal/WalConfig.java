// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.wal;

/**
 * Settings of the write-ahead log; fluent setters.
 */
public final class WalConfig {
    /** Default segment length: 64 MiB. */
    public static final long SEGMENT_LENGTH_BYTES_DEFAULT = 64L * 1024 * 1024;
    /** Default force interval of {@link WalSyncPolicy#INTERVAL}. */
    public static final long SYNC_INTERVAL_MILLIS_DEFAULT = 100;

    private long segmentLengthBytes = SEGMENT_LENGTH_BYTES_DEFAULT;
    private WalSyncPolicy syncPolicy = WalSyncPolicy.FSYNC;
    private long syncIntervalMillis = SYNC_INTERVAL_MILLIS_DEFAULT;

    /** @return segment length after which a new segment is started. */
    public long segmentLengthBytes() {
        return segmentLengthBytes;
    }

    /**
     * @param segmentLengthBytes segment length, at least 4 KiB.
     * @return this.
     */
    public WalConfig segmentLengthBytes(final long segmentLengthBytes) {
        if (segmentLengthBytes < 4096) {
            throw new IllegalArgumentException("segmentLengthBytes < 4096: segmentLengthBytes=" + segmentLengthBytes);
        }
        this.segmentLengthBytes = segmentLengthBytes;
        return this;
    }

    /** @return the durability policy. */
    public WalSyncPolicy syncPolicy() {
        return syncPolicy;
    }

    /**
     * @param syncPolicy the durability policy.
     * @return this.
     */
    public WalConfig syncPolicy(final WalSyncPolicy syncPolicy) {
        this.syncPolicy = java.util.Objects.requireNonNull(syncPolicy, "syncPolicy");
        return this;
    }

    /** @return force interval of {@link WalSyncPolicy#INTERVAL}. */
    public long syncIntervalMillis() {
        return syncIntervalMillis;
    }

    /**
     * @param syncIntervalMillis force interval, positive.
     * @return this.
     */
    public WalConfig syncIntervalMillis(final long syncIntervalMillis) {
        if (syncIntervalMillis <= 0) {
            throw new IllegalArgumentException("syncIntervalMillis <= 0: syncIntervalMillis=" + syncIntervalMillis);
        }
        this.syncIntervalMillis = syncIntervalMillis;
        return this;
    }
}
