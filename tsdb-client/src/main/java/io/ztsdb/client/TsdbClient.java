// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.client;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import io.ztsdb.client.internal.AckRequest;
import io.ztsdb.client.internal.ClientSettings;
import io.ztsdb.client.internal.FrameBuffer;
import io.ztsdb.client.internal.PipelinedBatches;
import io.ztsdb.client.internal.QueryRequest;
import io.ztsdb.client.internal.RegisterRequest;
import io.ztsdb.client.internal.Session;
import io.ztsdb.protocol.Aggregation;
import io.ztsdb.protocol.DataPointDescriptor;
import io.ztsdb.protocol.ErrorCode;
import io.ztsdb.protocol.FrameDescriptor;
import io.ztsdb.protocol.FrameEncoder;
import io.ztsdb.protocol.QueryRequestDescriptor;

/**
 * Java client of the ztsdb binary TCP protocol (docs/protocol.md). Blocking calls over one connection, plus
 * pipelined batches for throughput.
 * <pre>{@code
 * try (TsdbClient client = TsdbClient.builder().host("127.0.0.1").port(9876).build()) {
 *     client.connect();
 *     client.insert(12345, System.currentTimeMillis(), 42.5);   // returns once the point is durable
 * }
 * }</pre>
 * <h2>Writing</h2>
 * <ul>
 *   <li>{@link #insert} and {@link #insertBatch}: synchronous, return when the server has acknowledged
 *       (under its default policy: the points are on disk).</li>
 *   <li>{@link #add}: automatic batching. Points go into an internal batch of
 *       {@link TsdbClientBuilder#batchSize} points that is sent, pipelined, when full. {@link #flush()} sends the
 *       rest and waits for every answer.</li>
 *   <li>{@link #sendBatch}: pipelined explicit batches. Up to {@link TsdbClientBuilder#maxInFlight} batches are
 *       on the wire unanswered; answers are matched in order. Error answers to pipelined batches are collected and
 *       thrown by the next {@link #flush()} as one {@link ServerErrorException}.</li>
 * </ul>
 * <h2>Failures</h2>
 * <ul>
 *   <li>Error answer to a synchronous call: {@link ServerErrorException} with the server's code and message.
 *       The connection stays open unless the code is fatal (then the client closes it too).</li>
 *   <li>Connection dropped, reset or refused: {@link ConnectionLostException}, thrown by the call that sees
 *       it. Every request in flight at that moment (pipelined batches included) is failed: it may or may not
 *       have been applied, and the exception gives the number of requests and points. The client keeps no
 *       copy of them; resend if needed (re-inserting the same points is harmless under the server's
 *       duplicate rule). The connection is closed.</li>
 *   <li>No answer within the request timeout: {@link RequestTimeoutException} (a ConnectionLostException);
 *       the connection is closed because a late answer would break the in-order matching.</li>
 *   <li>Reconnect: with {@link TsdbClientBuilder#reconnect(boolean)} on (the default), the next call after a loss
 *       opens a new connection (up to {@link TsdbClientBuilder#reconnectAttempts} attempts, backoff doubling from
 *       {@link TsdbClientBuilder#reconnectBackoff}). Idempotent calls ({@link #ping}, {@link #query},
 *       {@link #registerSeries}) that lose their connection with nothing else in flight are retried once on
 *       a new connection; inserts are never retried by the client.</li>
 * </ul>
 * <h2>Thread safety</h2>
 * Thread-safe: every public method takes one lock, so calls from several threads are serialised over the one
 * connection (and answers are never mixed up). For parallel ingest use one client per thread. {@link WriteBatch}
 * and {@link QueryResult} objects are not thread-safe.
 * <h2>Compatibility</h2>
 * Compiled for Java 17; needs no JVM flags and no dependency but {@code tsdb-protocol}.
 */
public final class TsdbClient implements AutoCloseable {
    private static final int INSERT_FRAME_LENGTH = FrameDescriptor.HEADER_LENGTH + DataPointDescriptor.LENGTH;
    private static final int QUERY_FRAME_LENGTH = FrameDescriptor.HEADER_LENGTH
        + QueryRequestDescriptor.EXTENDED_LENGTH;

    private final ClientSettings settings;
    private final ReentrantLock lock = new ReentrantLock();
    private final Session session;
    private final FrameBuffer frames = new FrameBuffer();
    private final PipelinedBatches pipelined = new PipelinedBatches();
    private final WriteBatch autoBatch;
    private boolean closed;

    TsdbClient(final ClientSettings settings) {
        this.settings = settings;
        this.session = new Session(settings);
        this.autoBatch = new WriteBatch(settings.batchSize());
    }

    /**
     * Starts a builder with the defaults: 127.0.0.1:9876, connect timeout 5 s, request timeout 30 s, batch
     * size 8,192 points, 16 batches in flight, reconnect on (3 attempts, 100 ms backoff).
     *
     * @return a new builder.
     */
    public static TsdbClientBuilder builder() {
        return new TsdbClientBuilder();
    }

    /**
     * Opens the connection (no-op when already open).
     *
     * @throws ConnectionLostException  when the server cannot be reached after the configured attempts.
     * @throws IllegalStateException    after {@link #close()}.
     */
    public void connect() {
        locked(() -> {
            checkNotClosed();
            session.connect();
            return null;
        });
    }

    /** {@return whether a connection is currently open} */
    public boolean isConnected() {
        return locked(session::isConnected);
    }

    /**
     * Inserts one point (an insert frame) and waits for the server's acknowledgement.
     *
     * @param seriesId        series id.
     * @param timestampMillis timestamp in ms since the epoch.
     * @param value           value, stored bit-exact.
     * @return the counts: accepted 1, or rejected 1 by the out-of-order/duplicate rule.
     * @throws ServerErrorException    when the server answers with an error.
     * @throws ConnectionLostException when the connection fails or the answer times out.
     */
    public InsertResult insert(final long seriesId, final long timestampMillis, final double value) {
        return locked(() -> {
            prepare();
            frames.encoder(INSERT_FRAME_LENGTH).insert(seriesId, timestampMillis, value);
            final AckRequest request = new AckRequest("insert");
            session.roundTrip(request, 1, frames.encoded());
            return request.result();
        });
    }

    /**
     * Sends a batch as one insert_batch frame and waits for its acknowledgement (and for any pipelined batch
     * sent before it). The batch can be cleared and reused when this returns.
     *
     * @param batch the points.
     * @return the counts for this batch.
     * @throws ServerErrorException    when the server answers this batch with an error (nothing of it stored).
     * @throws ConnectionLostException when the connection fails or the answer times out.
     */
    public InsertResult insertBatch(final WriteBatch batch) {
        return locked(() -> {
            prepare();
            checkPayloadLength(batch);
            final AckRequest request = new AckRequest("insert_batch");
            final long deadline = session.newDeadline();
            session.send(request, batch.size(), frames.insertBatchHeader(batch.byteLength()),
                batch.byteBufferForWrite(), deadline);
            session.awaitAnswers(0, deadline, request.name());
            return request.result();
        });
    }

    /**
     * Sends a batch as one insert_batch frame without waiting for its answer (pipelining). Blocks only while
     * {@link TsdbClientBuilder#maxInFlight} batches are already unanswered. The batch can be cleared and reused
     * when this returns (its bytes are in the socket). Answers are collected by {@link #flush()}.
     *
     * @param batch the points; an empty batch is not sent.
     * @throws ConnectionLostException when the connection fails.
     */
    public void sendBatch(final WriteBatch batch) {
        locked(() -> {
            prepare();
            sendPipelined(batch);
            return null;
        });
    }

    /**
     * Adds a point to the client's automatic batch; a full batch is sent pipelined. Call {@link #flush()} to
     * send the rest and learn the outcome.
     *
     * @param seriesId        series id.
     * @param timestampMillis timestamp in ms since the epoch.
     * @param value           value, stored bit-exact.
     * @throws ConnectionLostException when sending a full batch fails.
     */
    public void add(final long seriesId, final long timestampMillis, final double value) {
        lock.lock();
        try {
            checkNotClosed();
            if (autoBatch.isFull()) {
                prepare();
                sendPipelined(autoBatch);
            }
            autoBatch.add(seriesId, timestampMillis, value);
            if (autoBatch.isFull()) {
                prepare();
                sendPipelined(autoBatch);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends the partial automatic batch, then waits for the answer to every pipelined batch.
     *
     * @return accepted and rejected points of the pipelined batches answered since the last flush.
     * @throws ServerErrorException    when any of them was answered with an error: it reports the first one and
     *                                 counts all; the other batches were stored.
     * @throws ConnectionLostException when the connection fails (see the class comment for in-flight batches).
     */
    public InsertResult flush() {
        return locked(() -> {
            checkNotClosed();
            if (!autoBatch.isEmpty()) {
                prepare();
                sendPipelined(autoBatch);
            }
            if (session.pendingCount() > 0) {
                session.awaitAnswers(0, session.newDeadline(), "flush");
            }
            return pipelined.takeResult();
        });
    }

    /**
     * Queries the raw points of a series in {@code [startMillis, endMillis]} (a plain query).
     *
     * @param seriesId    series id.
     * @param startMillis inclusive start in ms.
     * @param endMillis   inclusive end in ms.
     * @return the points.
     * @throws ServerErrorException    e.g. {@link ErrorCode#QUERY_LIMIT_EXCEEDED}.
     * @throws ConnectionLostException when the connection fails or the answer times out.
     */
    public QueryResult query(final long seriesId, final long startMillis, final long endMillis) {
        return query(seriesId, startMillis, endMillis, new QueryResult());
    }

    /**
     * Queries the raw points of a series into a caller-supplied result (reused, no allocation once large enough).
     *
     * @param seriesId    series id.
     * @param startMillis inclusive start in ms.
     * @param endMillis   inclusive end in ms.
     * @param into        the result to fill.
     * @return {@code into}.
     */
    public QueryResult query(final long seriesId, final long startMillis, final long endMillis,
        final QueryResult into) {
        return idempotent(() -> {
            frames.encoder(QUERY_FRAME_LENGTH).query(seriesId, startMillis, endMillis);
            return awaitQuery(seriesId, into);
        });
    }

    /**
     * Queries a series aggregated per step (extended query).
     *
     * @param seriesId    series id.
     * @param startMillis inclusive start in ms.
     * @param endMillis   inclusive end in ms.
     * @param stepMillis  bucket width in ms; 0 = one bucket over the range.
     * @param aggregation aggregation per bucket.
     * @return one point per non-empty bucket, timestamped at the bucket start.
     */
    public QueryResult query(final long seriesId, final long startMillis, final long endMillis,
        final long stepMillis, final Aggregation aggregation) {
        Objects.requireNonNull(aggregation, "aggregation");
        final QueryResult into = new QueryResult();
        return idempotent(() -> {
            frames.encoder(QUERY_FRAME_LENGTH).query(seriesId, startMillis, endMillis, stepMillis, aggregation);
            return awaitQuery(seriesId, into);
        });
    }

    /**
     * Registers a named series (metric name + labels) and returns its stable id.
     *
     * @param metricName e.g. "container.cpu.usage".
     * @param labels     label names to values (order does not matter).
     * @return the series id.
     * @throws ServerErrorException e.g. {@link ErrorCode#SERIES_COLLISION}.
     */
    public long registerSeries(final String metricName, final Map<String, String> labels) {
        Objects.requireNonNull(metricName, "metricName");
        Objects.requireNonNull(labels, "labels");
        return idempotent(() -> {
            frames.encoder(FrameEncoder.registerSeriesLength(metricName, labels)).registerSeries(metricName, labels);
            final RegisterRequest request = new RegisterRequest();
            session.roundTrip(request, 0, frames.encoded());
            return request.seriesId();
        });
    }

    /**
     * Sends a ping and waits for the ok.
     *
     * @return the round-trip time in nanoseconds (including answers to pipelined batches sent before).
     */
    public long ping() {
        return idempotent(() -> {
            final long start = System.nanoTime();
            frames.encoder(FrameDescriptor.HEADER_LENGTH).ping();
            final AckRequest request = new AckRequest("ping");
            session.roundTrip(request, 0, frames.encoded());
            request.result();
            return System.nanoTime() - start;
        });
    }

    /**
     * Flushes pending points (when connected) and closes the connection. Idempotent.
     *
     * @throws ServerErrorException    when the final flush reports errors (the connection is closed anyway).
     * @throws ConnectionLostException when the final flush fails (the connection is closed anyway).
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            try {
                if (session.hasConnected() && (!autoBatch.isEmpty() || session.pendingCount() > 0)) {
                    flush();
                }
            } finally {
                closed = true;
                session.drop();
            }
        } finally {
            lock.unlock();
        }
    }

    private <T> T locked(final Supplier<T> call) {
        lock.lock();
        try {
            return call.get();
        } finally {
            lock.unlock();
        }
    }

    private <T> T idempotent(final Supplier<T> call) {
        return locked(() -> {
            checkNotClosed();
            return session.idempotent(call);
        });
    }

    private void prepare() {
        checkNotClosed();
        session.ensureConnected();
    }

    private void checkNotClosed() {
        if (closed) {
            throw new IllegalStateException("client is closed");
        }
    }

    private QueryResult awaitQuery(final long seriesId, final QueryResult into) {
        final QueryRequest request = new QueryRequest(points -> into.load(seriesId, points));
        session.roundTrip(request, 0, frames.encoded());
        request.checkResult();
        return into;
    }

    private void sendPipelined(final WriteBatch batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            checkPayloadLength(batch);
            session.sendPipelined(pipelined, batch.size(), frames.insertBatchHeader(batch.byteLength()),
                batch.byteBufferForWrite(), settings.maxInFlight());
        } finally {
            if (batch == autoBatch) {
                // Sent, or reported as unacknowledged by the exception: never resent behind the caller's back.
                batch.clear();
            }
        }
    }

    private void checkPayloadLength(final WriteBatch batch) {
        if (batch.byteLength() > settings.maxPayloadLength()) {
            throw new IllegalArgumentException("batch larger than maxPayloadLength: bytes=" + batch.byteLength()
                + " maxPayloadLength=" + settings.maxPayloadLength());
        }
    }
}
