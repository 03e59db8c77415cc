// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.ztsdb.core.StorageStats;
import io.ztsdb.core.Tsdb;
import io.ztsdb.core.TsdbStats;

import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The engine's state read at scrape time: series, stored points, head memory and chunks, blocks, disk and WAL bytes,
 * points persisted into blocks (the compaction of the head), corrupt blocks. One snapshot of each kind per scrape.
 */
final class EngineCollectors {
    private static final long SNAPSHOT_MAX_AGE_NANOS = 500_000_000L;

    private EngineCollectors() {
    }

    static void register(final PrometheusRegistry registry, final Tsdb tsdb) {
        final Supplier<TsdbStats> engine = cached(tsdb::stats);
        final Supplier<StorageStats> storage = cached(tsdb::storageStats);
        gauge(registry, "ztsdb_series", "Series known to the engine", engine, TsdbStats::seriesCount);
        gauge(registry, "ztsdb_points", "Points stored (head and blocks)", engine, TsdbStats::pointCount);
        gauge(registry, "ztsdb_compressed_bytes", "Compressed bytes of the stored points", engine,
            TsdbStats::compressedBytes);
        counter(registry, "ztsdb_engine_rejected_points", "Points the engine refused (out of order)", engine,
            TsdbStats::rejectedPoints);
        gauge(registry, "ztsdb_head_memory_bytes", "Native memory held by the in-memory head", engine,
            TsdbStats::headMemoryBytes);
        gauge(registry, "ztsdb_head_chunks", "Chunks in the in-memory head", engine, TsdbStats::headChunks);
        gauge(registry, "ztsdb_blocks", "Persisted blocks", storage, s -> s.blocks().size());
        gauge(registry, "ztsdb_block_bytes", "Bytes of the persisted blocks", storage, StorageStats::blockBytes);
        gauge(registry, "ztsdb_corrupt_blocks", "Blocks skipped as corrupt", storage, StorageStats::corruptBlocks);
        gauge(registry, "ztsdb_disk_bytes", "Bytes of the data directory", storage, StorageStats::diskBytes);
        gauge(registry, "ztsdb_wal_bytes", "Bytes of the WAL segments on disk", storage, StorageStats::walBytes);
        gauge(registry, "ztsdb_wal_segments", "WAL segments on disk", storage, StorageStats::walSegments);
        counter(registry, "ztsdb_wal_appended_bytes", "Bytes appended to the WAL", storage,
            StorageStats::walAppendedBytes);
        counter(registry, "ztsdb_wal_durable_bytes", "Bytes of the WAL made durable", storage,
            StorageStats::walDurableBytes);
        counter(registry, "ztsdb_persisted_points", "Points persisted from the head into blocks (compaction)",
            storage, StorageStats::persistedPoints);
    }

    private static <T> void gauge(final PrometheusRegistry registry, final String name, final String help,
        final Supplier<T> snapshot, final ToDoubleFunction<T> value) {
        GaugeWithCallback.builder().name(name).help(help)
            .callback(cb -> cb.call(value.applyAsDouble(snapshot.get()))).register(registry);
    }

    private static <T> void counter(final PrometheusRegistry registry, final String name, final String help,
        final Supplier<T> snapshot, final ToDoubleFunction<T> value) {
        CounterWithCallback.builder().name(name).help(help)
            .callback(cb -> cb.call(value.applyAsDouble(snapshot.get()))).register(registry);
    }

    /** @return the supplier's value, read again when older than half a second. */
    private static <T> Supplier<T> cached(final Supplier<T> source) {
        return new Supplier<>() {
            private T value;
            private long readAt;

            @Override
            public synchronized T get() {
                final long now = System.nanoTime();
                if (value == null || now - readAt > SNAPSHOT_MAX_AGE_NANOS) {
                    value = source.get();
                    readAt = now;
                }
                return value;
            }
        };
    }
}
