// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.wal;

import io.ztsdb.core.TsdbConfig;
import io.ztsdb.core.WalSync;
import io.ztsdb.core.WalSyncListener;

import java.util.Objects;

/**
 * Settings of the write-ahead log; fluent setters.
 */
public final class WalConfig {
    /** Default segment length: 64 MiB. */
    public static final long SEGMENT_LENGTH_BYTES_DEFAULT = TsdbConfig.WAL_SEGMENT_LENGTH_BYTES_DEFAULT;

    private long segmentLengthBytes = SEGMENT_LENGTH_BYTES_DEFAULT;
    private WalSync sync = WalSync.fsync();
    private WalSyncListener syncListener = WalSyncListener.NONE;

    /** @return segment length after which a new segment is started. */
    public long segmentLengthBytes() {
        return segmentLengthBytes;
    }

    /**
     * @param segmentLengthBytes segment length, at least {@link TsdbConfig#WAL_SEGMENT_LENGTH_BYTES_MIN}.
     * @return this.
     */
    public WalConfig segmentLengthBytes(final long segmentLengthBytes) {
        if (segmentLengthBytes < TsdbConfig.WAL_SEGMENT_LENGTH_BYTES_MIN) {
            throw new IllegalArgumentException("segmentLengthBytes < 4096: segmentLengthBytes=" + segmentLengthBytes);
        }
        this.segmentLengthBytes = segmentLengthBytes;
        return this;
    }

    /** @return the durability policy. */
    public WalSync sync() {
        return sync;
    }

    /**
     * @param sync the durability policy.
     * @return this.
     */
    public WalConfig sync(final WalSync sync) {
        this.sync = Objects.requireNonNull(sync, "sync");
        return this;
    }

    /** @return told of every fsync of the sync thread. */
    public WalSyncListener syncListener() {
        return syncListener;
    }

    /**
     * @param syncListener told of every fsync of the sync thread.
     * @return this.
     */
    public WalConfig syncListener(final WalSyncListener syncListener) {
        this.syncListener = Objects.requireNonNull(syncListener, "syncListener");
        return this;
    }
}
