// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.ingest;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * Runs the CPU work of the HTTP ingest requests (decompression, decoding, registration of new series, the WAL and
 * head append) on a few worker threads shared by the ingest endpoints, one per core, rather than on the event loop
 * that read the request: one event loop serves every HTTP connection, so work left on it would use one core
 * however many the machine has. The event loop keeps the reading of bodies and the answers.
 */
public final class IngestWorkers {
    /** Name of the shared worker pool (its threads are {@code ztsdb-ingest-N}). */
    static final String POOL_NAME = "ztsdb-ingest";

    private final WorkerExecutor executor;

    /** @param vertx whose shared worker pool {@value #POOL_NAME} runs the work; every endpoint gets the same one. */
    public IngestWorkers(final Vertx vertx) {
        this.executor = vertx.createSharedWorkerExecutor(POOL_NAME,
            Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Runs {@code work} on an ingest worker, then {@code then} on the calling (event-loop) context once the write it
     * started is durable: with its outcome, or with what {@code work} threw or the write failed with.
     *
     * @param work decodes a request and starts its write; returns the write's future.
     * @param then gets the outcome or the failure (exactly one of them is null).
     * @param <T>  the outcome of a write.
     */
    public <T> void submit(final Callable<CompletableFuture<T>> work, final BiConsumer<T, Throwable> then) {
        final Context context = Vertx.currentContext();
        executor.executeBlocking(work, false).onComplete(started -> {
            if (started.failed()) {
                then.accept(null, started.cause());
                return;
            }
            started.result().whenComplete((result, failure) -> context.runOnContext(v -> then.accept(result,
                failure)));
        });
    }
}
