// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.client;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.ztsdb.protocol.Aggregation;
import io.ztsdb.protocol.DataPointDescriptor;
import io.ztsdb.protocol.DataResponseFlyweight;
import io.ztsdb.protocol.ErrorCode;
import io.ztsdb.protocol.ErrorFlyweight;
import io.ztsdb.protocol.FrameDecoder;
import io.ztsdb.protocol.FrameDescriptor;
import io.ztsdb.protocol.FrameEncoder;
import io.ztsdb.protocol.HeaderFlyweight;
import io.ztsdb.protocol.MessageType;
import io.ztsdb.protocol.OkFlyweight;
import io.ztsdb.protocol.ProtocolException;
import io.ztsdb.protocol.SeriesResponseFlyweight;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;

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
 *   <li>{@link #add}: automatic batching. Points go into an internal batch of {@link Builder#batchSize} points
 *       that is sent, pipelined, when full. {@link #flush()} sends the rest and waits for every answer.</li>
 *   <li>{@link #sendBatch}: pipelined explicit batches. Up to {@link Builder#maxInFlight} batches are on the
 *       wire unanswered; answers are matched in order. Error answers to pipelined batches are collected and
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
 *   <li>Reconnect: with {@link Builder#reconnect(boolean)} on (the default), the next call after a loss
 *       opens a new connection (up to {@link Builder#reconnectAttempts} attempts, backoff doubling from
 *       {@link Builder#reconnectBackoff}). Idempotent calls ({@link #ping}, {@link #query},
 *       {@link #registerSeries}) that lose their connection with nothing else in flight are retried once on
 *       a new connection; inserts are never retried by the client.</li>
 * </ul>
 * <h2>Thread safety</h2>
 * Thread-safe: every public method takes one lock, so calls from several threads are serialised over the one
 * connection (and answers are never mixed up). For parallel ingest use one client per thread. {@link WriteBatch}
 * and {@link QueryResult} objects are not thread-safe.
 */
public final class TsdbClient implements AutoCloseable {
    private static final int KIND_INSERT = 1;
    private static final int KIND_BATCH = 2;
    private static final int KIND_PIPELINED_BATCH = 3;
    private static final int KIND_QUERY = 4;
    private static final int KIND_PING = 5;
    private static final int KIND_REGISTER = 6;
    private static final int READ_BUFFER_LENGTH = 256 * 1024;

    private final InetSocketAddress address;
    private final long connectTimeoutNanos;
    private final long requestTimeoutNanos;
    private final int maxInFlight;
    private final int maxPayloadLength;
    private final boolean reconnect;
    private final int reconnectAttempts;
    private final long reconnectBackoffNanos;

    private final ReentrantLock lock = new ReentrantLock();
    private final PendingRequests pending;
    private final ExpandableDirectByteBuffer writeBuffer = new ExpandableDirectByteBuffer(4096);
    private final FrameEncoder encoder = new FrameEncoder();
    private final ByteBuffer headerByteBuffer = ByteBuffer.allocateDirect(FrameDescriptor.HEADER_LENGTH)
        .order(ByteOrder.LITTLE_ENDIAN);
    private final UnsafeBuffer header = new UnsafeBuffer(headerByteBuffer);
    private final HeaderFlyweight headerFlyweight = new HeaderFlyweight();
    private final ByteBuffer[] gather = new ByteBuffer[2];
    private final ByteBuffer readByteBuffer = ByteBuffer.allocateDirect(READ_BUFFER_LENGTH);
    private final UnsafeBuffer readBuffer = new UnsafeBuffer(readByteBuffer);
    private final FrameDecoder decoder;
    private final OkFlyweight ok = new OkFlyweight();
    private final ErrorFlyweight error = new ErrorFlyweight();
    private final DataResponseFlyweight data = new DataResponseFlyweight();
    private final SeriesResponseFlyweight series = new SeriesResponseFlyweight();
    private final WriteBatch autoBatch;

    private Connection connection;
    private boolean connectedOnce;
    private boolean closed;
    private boolean closeAfterResponses;

    private ServerErrorException syncError;
    private long syncAccepted;
    private long syncRejected;
    private long syncSeriesId;
    private QueryResult queryTarget;
    private long querySeriesId;

    private long pipelinedAccepted;
    private long pipelinedRejected;
    private ServerErrorException pipelinedError;
    private int pipelinedFailedRequests;
    private long pipelinedFailedPoints;

    private TsdbClient(final Builder builder) {
        address = new InetSocketAddress(builder.host, builder.port);
        connectTimeoutNanos = builder.connectTimeout.toNanos();
        requestTimeoutNanos = builder.requestTimeout.toNanos();
        maxInFlight = builder.maxInFlight;
        maxPayloadLength = builder.maxPayloadLength;
        reconnect = builder.reconnect;
        reconnectAttempts = builder.reconnectAttempts;
        reconnectBackoffNanos = builder.reconnectBackoff.toNanos();
        pending = new PendingRequests(maxInFlight + 1);
        autoBatch = new WriteBatch(builder.batchSize);
        decoder = new FrameDecoder(this::onResponse, builder.maxResponsePayloadLength);
    }

    /**
     * Starts a builder with the defaults: 127.0.0.1:9876, connect timeout 5 s, request timeout 30 s, batch
     * size 8,192 points, 16 batches in flight, reconnect on (3 attempts, 100 ms backoff).
     *
     * @return a new builder.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens the connection (no-op when already open).
     *
     * @throws ConnectionLostException  when the server cannot be reached after the configured attempts.
     * @throws IllegalStateException    after {@link #close()}.
     */
    public void connect() {
        lock.lock();
        try {
            checkNotClosed();
            if (connection == null) {
                openConnection();
            }
        } finally {
            lock.unlock();
        }
    }

    /** @return whether a connection is currently open. */
    public boolean isConnected() {
        lock.lock();
        try {
            return connection != null;
        } finally {
            lock.unlock();
        }
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
        lock.lock();
        try {
            prepare();
            encoder.wrap(writeBuffer, 0).insert(seriesId, timestampMillis, value);
            roundTrip(KIND_INSERT, 1, "insert");
            return new InsertResult(syncAccepted, syncRejected);
        } finally {
            lock.unlock();
        }
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
        lock.lock();
        try {
            prepare();
            writeBatch(batch, KIND_BATCH, System.nanoTime() + requestTimeoutNanos);
            awaitAll(System.nanoTime() + requestTimeoutNanos, "insert_batch");
            throwSyncError();
            return new InsertResult(syncAccepted, syncRejected);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends a batch as one insert_batch frame without waiting for its answer (pipelining). Blocks only while
     * {@link Builder#maxInFlight} batches are already unanswered. The batch can be cleared and reused when this
     * returns (its bytes are in the socket). Answers are collected by {@link #flush()}.
     *
     * @param batch the points; an empty batch is not sent.
     * @throws ConnectionLostException when the connection fails.
     */
    public void sendBatch(final WriteBatch batch) {
        lock.lock();
        try {
            prepare();
            sendPipelined(batch);
        } finally {
            lock.unlock();
        }
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
        lock.lock();
        try {
            checkNotClosed();
            if (!autoBatch.isEmpty()) {
                prepare();
                sendPipelined(autoBatch);
            }
            if (!pending.isEmpty()) {
                awaitAll(System.nanoTime() + requestTimeoutNanos, "flush");
            }
            final InsertResult result = new InsertResult(pipelinedAccepted, pipelinedRejected);
            pipelinedAccepted = 0;
            pipelinedRejected = 0;
            final ServerErrorException failure = pipelinedError;
            if (failure != null) {
                pipelinedError = null;
                final int failedRequests = pipelinedFailedRequests;
                final long failedPoints = pipelinedFailedPoints;
                pipelinedFailedRequests = 0;
                pipelinedFailedPoints = 0;
                throw new ServerErrorException("pipelined insert_batch", failure.code(), failure.serverMessage(),
                    failedRequests, failedPoints);
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queries the raw points of a series in {@code [startMillis, endMillis]} (the seed's plain query).
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
        lock.lock();
        try {
            return runIdempotent("query", () -> {
                encoder.wrap(writeBuffer, 0).query(seriesId, startMillis, endMillis);
                return awaitQuery(seriesId, into);
            });
        } finally {
            lock.unlock();
        }
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
        lock.lock();
        try {
            final QueryResult into = new QueryResult();
            return runIdempotent("query", () -> {
                encoder.wrap(writeBuffer, 0).query(seriesId, startMillis, endMillis, stepMillis, aggregation);
                return awaitQuery(seriesId, into);
            });
        } finally {
            lock.unlock();
        }
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
        lock.lock();
        try {
            return runIdempotent("register_series", () -> {
                encoder.wrap(writeBuffer, 0).registerSeries(metricName, labels);
                roundTrip(KIND_REGISTER, 0, "register_series");
                return syncSeriesId;
            });
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends a ping and waits for the ok.
     *
     * @return the round-trip time in nanoseconds (including answers to pipelined batches sent before).
     */
    public long ping() {
        lock.lock();
        try {
            return runIdempotent("ping", () -> {
                final long start = System.nanoTime();
                encoder.wrap(writeBuffer, 0).ping();
                roundTrip(KIND_PING, 0, "ping");
                return System.nanoTime() - start;
            });
        } finally {
            lock.unlock();
        }
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
                if (connectedOnce && (!autoBatch.isEmpty() || !pending.isEmpty())) {
                    flush();
                }
            } finally {
                closed = true;
                dropConnection();
            }
        } finally {
            lock.unlock();
        }
    }

    @FunctionalInterface
    private interface Call<T> {
        T run();
    }

    private <T> T runIdempotent(final String request, final Call<T> call) {
        prepare();
        try {
            return call.run();
        } catch (final ConnectionLostException ex) {
            if (!reconnect || ex instanceof RequestTimeoutException || ex.unacknowledgedRequests() != 1) {
                throw ex;
            }
            prepare();
            return call.run();
        }
    }

    private QueryResult awaitQuery(final long seriesId, final QueryResult into) {
        queryTarget = into;
        querySeriesId = seriesId;
        try {
            roundTrip(KIND_QUERY, 0, "query");
        } finally {
            queryTarget = null;
        }
        return into;
    }

    private void prepare() {
        checkNotClosed();
        if (connection != null) {
            return;
        }
        if (!connectedOnce) {
            throw new IllegalStateException("not connected: call connect() first");
        }
        if (!reconnect) {
            throw new ConnectionLostException("connection to " + address + " lost and reconnect is disabled", 0, 0,
                null);
        }
        openConnection();
    }

    private void openConnection() {
        IOException last = null;
        long backoffNanos = reconnectBackoffNanos;
        for (int attempt = 1; attempt <= reconnectAttempts; attempt++) {
            try {
                connection = Connection.open(address, connectTimeoutNanos);
                connectedOnce = true;
                decoder.reset();
                closeAfterResponses = false;
                return;
            } catch (final IOException ex) {
                last = ex;
                if (attempt < reconnectAttempts) {
                    sleep(backoffNanos);
                    backoffNanos = Math.min(2 * backoffNanos, TimeUnit.SECONDS.toNanos(5));
                }
            }
        }
        final String message = "cannot connect to " + address + " after " + reconnectAttempts + " attempt(s): "
            + last;
        if (last instanceof SocketTimeoutException) {
            throw new RequestTimeoutException(message, 0, 0, last);
        }
        throw new ConnectionLostException(message, 0, 0, last);
    }

    private static void sleep(final long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted while reconnecting", ex);
        }
    }

    /** Writes the frame encoded in writeBuffer, then waits for its answer and all before it. */
    private void roundTrip(final int kind, final long points, final String request) {
        final long deadline = System.nanoTime() + requestTimeoutNanos;
        pending.add(kind, points);
        try {
            final ByteBuffer frame = writeBuffer.byteBuffer();
            frame.clear().limit(encoder.position());
            gather[0] = frame;
            connection.write(gather, 1, deadline);
        } catch (final IOException ex) {
            throw connectionFailure(request, ex);
        }
        awaitAll(deadline, request);
        throwSyncError();
    }

    private void sendPipelined(final WriteBatch batch) {
        if (batch.isEmpty()) {
            return;
        }
        final long deadline = System.nanoTime() + requestTimeoutNanos;
        try {
            if (pending.size() >= maxInFlight) {
                awaitUntil(maxInFlight - 1, deadline, "insert_batch");
                if (connection == null) {
                    // A fatal error answer closed the connection: the batch goes out on a new one.
                    prepare();
                }
            }
            writeBatch(batch, KIND_PIPELINED_BATCH, deadline);
        } finally {
            if (batch == autoBatch) {
                // Sent, or reported as unacknowledged by the exception: never resent behind the caller's back.
                batch.clear();
            }
        }
    }

    private void writeBatch(final WriteBatch batch, final int kind, final long deadline) {
        if (batch.byteLength() > maxPayloadLength) {
            throw new IllegalArgumentException("batch larger than maxPayloadLength: bytes=" + batch.byteLength()
                + " maxPayloadLength=" + maxPayloadLength);
        }
        headerFlyweight.wrap(header, 0).writeDefaults(MessageType.INSERT_BATCH).payloadLength(batch.byteLength());
        headerByteBuffer.clear();
        gather[0] = headerByteBuffer;
        gather[1] = batch.byteBufferForWrite();
        pending.add(kind, batch.size());
        try {
            connection.write(gather, 2, deadline);
        } catch (final IOException ex) {
            throw connectionFailure("insert_batch", ex);
        }
    }

    private void awaitAll(final long deadline, final String request) {
        awaitUntil(0, deadline, request);
    }

    private void awaitUntil(final int maxPending, final long deadline, final String request) {
        try {
            while (pending.size() > maxPending) {
                readByteBuffer.clear();
                final int read = connection.read(readByteBuffer, deadline);
                if (read < 0) {
                    throw new EOFException("server closed the connection");
                }
                decoder.feed(readBuffer, 0, read);
            }
        } catch (final IOException | ProtocolException ex) {
            throw connectionFailure(request, ex);
        }
        if (closeAfterResponses) {
            dropConnection();
        }
    }

    private void throwSyncError() {
        final ServerErrorException failure = syncError;
        if (failure != null) {
            syncError = null;
            throw failure;
        }
    }

    private ConnectionLostException connectionFailure(final String request, final Exception cause) {
        final int lostRequests = pending.size();
        final long lostPoints = pending.totalPoints();
        dropConnection();
        if (cause instanceof SocketTimeoutException) {
            return new RequestTimeoutException(request + ": no answer from " + address + " within "
                + TimeUnit.NANOSECONDS.toMillis(requestTimeoutNanos) + " ms", lostRequests, lostPoints, cause);
        }
        return new ConnectionLostException(request + ": connection to " + address + " failed: " + cause,
            lostRequests, lostPoints, cause);
    }

    private void dropConnection() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
        pending.clear();
        decoder.reset();
    }

    private void checkNotClosed() {
        if (closed) {
            throw new IllegalStateException("client is closed");
        }
    }

    private void onResponse(final int type, final DirectBuffer buffer, final int offset, final int length) {
        if (pending.isEmpty()) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_TYPE,
                "unsolicited " + MessageType.name(type) + " frame from the server");
        }
        final int kind = pending.headKind();
        final long points = pending.headPoints();
        pending.removeHead();
        if (type == MessageType.ERROR) {
            onError(kind, points, buffer, offset, length);
            return;
        }
        final int expected = kind == KIND_QUERY ? MessageType.DATA
            : kind == KIND_REGISTER ? MessageType.SERIES : MessageType.OK;
        if (type != expected) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_TYPE, "expected " + MessageType.name(expected)
                + " but the server sent " + MessageType.name(type));
        }
        switch (kind) {
            case KIND_PIPELINED_BATCH -> {
                ok.wrap(buffer, offset, length);
                pipelinedAccepted += ok.hasCounts() ? ok.accepted() : points;
                pipelinedRejected += ok.rejected();
            }
            case KIND_QUERY -> {
                data.wrap(buffer, offset, length);
                if (queryTarget != null) {
                    queryTarget.load(querySeriesId, data.points());
                }
            }
            case KIND_REGISTER -> syncSeriesId = series.wrap(buffer, offset, length).seriesId();
            default -> {
                ok.wrap(buffer, offset, length);
                syncAccepted = ok.hasCounts() ? ok.accepted() : points;
                syncRejected = ok.rejected();
            }
        }
    }

    private void onError(final int kind, final long points, final DirectBuffer buffer, final int offset,
        final int length) {
        error.wrap(buffer, offset, length);
        final int code = error.code();
        final ErrorCode errorCode = ErrorCode.fromCode(code);
        if (errorCode != null && errorCode.isFatal()) {
            closeAfterResponses = true;
        }
        if (kind == KIND_PIPELINED_BATCH) {
            pipelinedFailedRequests++;
            pipelinedFailedPoints += points;
            if (pipelinedError == null) {
                pipelinedError = new ServerErrorException("insert_batch", code, error.message(), 1, points);
            }
        } else {
            syncError = new ServerErrorException(requestName(kind), code, error.message(), 1, points);
        }
    }

    private static String requestName(final int kind) {
        return switch (kind) {
            case KIND_INSERT -> "insert";
            case KIND_BATCH, KIND_PIPELINED_BATCH -> "insert_batch";
            case KIND_QUERY -> "query";
            case KIND_PING -> "ping";
            case KIND_REGISTER -> "register_series";
            default -> "request";
        };
    }

    /**
     * Settings of a {@link TsdbClient}; every setter validates its argument and returns this.
     */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 9876;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int batchSize = 8192;
        private int maxInFlight = 16;
        private int maxPayloadLength = FrameDescriptor.MAX_PAYLOAD_LENGTH_DEFAULT;
        private int maxResponsePayloadLength = 64 * 1024 * 1024;
        private boolean reconnect = true;
        private int reconnectAttempts = 3;
        private Duration reconnectBackoff = Duration.ofMillis(100);

        private Builder() {
        }

        /**
         * @param host server host name or address (default 127.0.0.1).
         * @return this.
         */
        public Builder host(final String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * @param port server TCP port (default 9876).
         * @return this.
         */
        public Builder port(final int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535: port=" + port);
            }
            this.port = port;
            return this;
        }

        /**
         * @param connectTimeout limit for establishing a connection (default 5 s).
         * @return this.
         */
        public Builder connectTimeout(final Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * @param requestTimeout limit for writing a request and receiving its answer (default 30 s).
         * @return this.
         */
        public Builder requestTimeout(final Duration requestTimeout) {
            this.requestTimeout = positive(requestTimeout, "requestTimeout");
            return this;
        }

        /**
         * @param batchSize points per automatic batch of {@link TsdbClient#add} (default 8,192).
         * @return this.
         */
        public Builder batchSize(final int batchSize) {
            if (batchSize < 1 || batchSize > WriteBatch.MAX_CAPACITY) {
                throw new IllegalArgumentException("batchSize must be 1.." + WriteBatch.MAX_CAPACITY
                    + ": batchSize=" + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param maxInFlight pipelined batches sent and not yet answered (default 16).
         * @return this.
         */
        public Builder maxInFlight(final int maxInFlight) {
            if (maxInFlight < 1 || maxInFlight > 4096) {
                throw new IllegalArgumentException("maxInFlight must be 1..4096: maxInFlight=" + maxInFlight);
            }
            this.maxInFlight = maxInFlight;
            return this;
        }

        /**
         * @param maxPayloadLength largest request payload, must not exceed the server's limit (default 4 MiB).
         * @return this.
         */
        public Builder maxPayloadLength(final int maxPayloadLength) {
            if (maxPayloadLength < DataPointDescriptor.LENGTH) {
                throw new IllegalArgumentException("maxPayloadLength too small: maxPayloadLength="
                    + maxPayloadLength);
            }
            this.maxPayloadLength = maxPayloadLength;
            return this;
        }

        /**
         * @param maxResponsePayloadLength largest accepted answer, e.g. a data frame (default 64 MiB).
         * @return this.
         */
        public Builder maxResponsePayloadLength(final int maxResponsePayloadLength) {
            if (maxResponsePayloadLength < 64 || maxResponsePayloadLength > FrameDescriptor.MAX_PAYLOAD_LENGTH_LIMIT) {
                throw new IllegalArgumentException("maxResponsePayloadLength out of range: maxResponsePayloadLength="
                    + maxResponsePayloadLength);
            }
            this.maxResponsePayloadLength = maxResponsePayloadLength;
            return this;
        }

        /**
         * @param reconnect whether the next call after a lost connection reconnects (default true).
         * @return this.
         */
        public Builder reconnect(final boolean reconnect) {
            this.reconnect = reconnect;
            return this;
        }

        /**
         * @param reconnectAttempts connection attempts per (re)connect, at least 1 (default 3).
         * @return this.
         */
        public Builder reconnectAttempts(final int reconnectAttempts) {
            if (reconnectAttempts < 1) {
                throw new IllegalArgumentException("reconnectAttempts must be >= 1: reconnectAttempts="
                    + reconnectAttempts);
            }
            this.reconnectAttempts = reconnectAttempts;
            return this;
        }

        /**
         * @param reconnectBackoff pause after the first failed attempt, doubling up to 5 s (default 100 ms).
         * @return this.
         */
        public Builder reconnectBackoff(final Duration reconnectBackoff) {
            this.reconnectBackoff = positive(reconnectBackoff, "reconnectBackoff");
            return this;
        }

        /**
         * Creates the client; it does not connect until {@link TsdbClient#connect()}.
         *
         * @return a new client.
         */
        public TsdbClient build() {
            return new TsdbClient(this);
        }

        private static Duration positive(final Duration duration, final String name) {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + name + "=" + duration);
            }
            return duration;
        }
    }
}
