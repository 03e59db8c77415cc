// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.remotewrite;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ztsdb.core.PointDescriptor;
import io.ztsdb.core.Tsdb;
import io.ztsdb.core.WriteResult;
import io.ztsdb.server.ingest.IngestForwarder;
import io.ztsdb.server.runtime.RuntimeComponent;
import io.ztsdb.server.runtime.ServerRuntime;
import io.ztsdb.server.runtime.StartupException;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The remote-write sender as a server component: every batch the server ingests is appended to the durable
 * {@link SenderQueue} before the client's acknowledgement, and a {@link Dispatcher} thread sends the queue to the
 * receiver through parallel {@link Shard}s. Its state is the {@code remote_write} object of {@code GET /stats};
 * {@link #stats()} gives the same numbers to exporters.
 */
public final class RemoteWriteSender implements RuntimeComponent, IngestForwarder {
    private static final System.Logger LOG = System.getLogger(RemoteWriteSender.class.getName());
    private static final long STOP_TIMEOUT_SECONDS = 10;

    private final RemoteWriteConfig config;
    private final RemoteWriteStats stats = new RemoteWriteStats();
    private SenderQueue queue;
    private RemoteEndpoint endpoint;
    private Shard[] shards;
    private Dispatcher dispatcher;
    private Thread dispatcherThread;
    private boolean closed;

    /**
     * @param config settings; a missing queue directory becomes {@code <data-dir>/remote-write} and the queue
     *               follows the engine's WAL sync policy.
     */
    public RemoteWriteSender(final RemoteWriteConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "remote_write";
    }

    /** @return the sender's counters. */
    public RemoteWriteStats stats() {
        return stats;
    }

    @Override
    public void start(final ServerRuntime runtime) {
        if (config.queueDirectory() == null) {
            config.queueDirectory(runtime.config().dataDir().resolve("remote-write"));
        }
        config.queueSync(runtime.config().tsdbConfig().walSync());
        try {
            queue = SenderQueue.open(config);
        } catch (final IOException | RuntimeException ex) {
            throw new StartupException("cannot open the remote-write queue in " + config.queueDirectory() + ": "
                + ex.getMessage(), ex);
        }
        startSending(runtime.tsdb());
        LOG.log(System.Logger.Level.INFO, "remote-write: sending to " + config.url() + " with " + config.shards()
            + " shards, queue in " + config.queueDirectory());
    }

    private void startSending(final Tsdb tsdb) {
        endpoint = new RemoteEndpoint(config);
        shards = new Shard[config.shards()];
        for (int i = 0; i < shards.length; i++) {
            shards[i] = new Shard(i, config, endpoint, new SeriesLabelEncoder(tsdb::findSeries), stats);
        }
        dispatcher = new Dispatcher(config, queue, shards, stats);
        dispatcherThread = Thread.ofPlatform().daemon(true).name("ztsdb-remote-write").start(dispatcher);
    }

    @Override
    public CompletableFuture<WriteResult> forward(final MemorySegment batch, final long offset, final int pointCount,
        final CompletableFuture<WriteResult> stored) {
        if (pointCount == 0 || queue == null) {
            return stored;
        }
        final CompletableFuture<Void> queued;
        try {
            queued = appendInRecords(batch, offset, pointCount);
        } catch (final RuntimeException ex) {
            stats.queueFailed("remote-write queue append failed: " + ex.getMessage());
            LOG.log(System.Logger.Level.ERROR, "remote-write: cannot queue " + pointCount + " points", ex);
            return stored;
        }
        final long lastTimestamp = batch.get(ValueLayout.JAVA_LONG_UNALIGNED,
            offset + (long) (pointCount - 1) * PointDescriptor.LENGTH + PointDescriptor.TIMESTAMP_OFFSET);
        stats.queued(pointCount, lastTimestamp);
        dispatcher.signal();
        return stored.thenCombine(queued.exceptionally(failure -> {
            stats.queueFailed("remote-write queue not durable: " + failure.getMessage());
            return null;
        }), (result, ignored) -> result);
    }

    private CompletableFuture<Void> appendInRecords(final MemorySegment batch, final long offset, final int points) {
        final int perRecord = SenderQueue.maxPointsPerRecord();
        CompletableFuture<Void> last = null;
        for (int done = 0; done < points; done += perRecord) {
            last = queue.append(batch, offset + (long) done * PointDescriptor.LENGTH, Math.min(perRecord,
                points - done));
        }
        return last;
    }

    @Override
    public void writeStats(final JsonGenerator json) throws IOException {
        json.writeStringField("url", config.url().toString());
        json.writeNumberField("shards", config.shards());
        json.writeNumberField("queue_bytes", stats.queueBytes());
        json.writeNumberField("lag_seconds", stats.lagMillis() / 1000.0);
        json.writeNumberField("samples_queued", stats.samplesQueued());
        json.writeNumberField("samples_sent", stats.samplesSent());
        json.writeNumberField("requests_sent", stats.requestsSent());
        json.writeNumberField("bytes_sent", stats.bytesSent());
        json.writeNumberField("last_sent_at_ms", stats.lastSentAtMillis());
        json.writeNumberField("retries", stats.retries());
        json.writeNumberField("samples_rejected", stats.samplesRejected());
        json.writeNumberField("requests_rejected", stats.requestsRejected());
        json.writeNumberField("samples_dropped_queue_bound", stats.samplesDroppedQueueBound());
        json.writeNumberField("queue_failures", stats.queueFailures());
        if (stats.lastError() == null) {
            json.writeNullField("last_error");
        } else {
            json.writeStringField("last_error", stats.lastError());
        }
        json.writeNumberField("last_error_at_ms", stats.lastErrorAtMillis());
        if (stats.lastDrop() == null) {
            json.writeNullField("last_drop");
        } else {
            json.writeStringField("last_drop", stats.lastDrop());
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (dispatcher != null) {
            dispatcher.stop();
            for (final Shard shard : shards) {
                shard.close();
            }
            try {
                dispatcherThread.join(TimeUnit.SECONDS.toMillis(STOP_TIMEOUT_SECONDS));
                for (final Shard shard : shards) {
                    shard.awaitClosed(TimeUnit.SECONDS.toMillis(STOP_TIMEOUT_SECONDS));
                }
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            endpoint.close();
        }
        if (queue != null) {
            try {
                queue.close();
            } catch (final IOException | RuntimeException ex) {
                LOG.log(System.Logger.Level.ERROR, "remote-write: closing the queue failed", ex);
            }
        }
    }
}
