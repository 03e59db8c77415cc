// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.e2e;

import io.ztsdb.client.InsertResult;
import io.ztsdb.client.TsdbClient;
import io.ztsdb.client.WriteBatch;
import io.ztsdb.protocol.DataPointDescriptor;
import io.ztsdb.protocol.PointsFlyweight;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * End-to-end load tool: streams a dataset (a gen_synthetic.py {@code points.bin}, or the NAB CSVs) into a running
 * {@code tsvdb serve} over TCP with {@code tsdb-client} insert_batch frames, pipelined, over N connections, and
 * reports the acknowledged points/s and the batch latency percentiles (HdrHistogram).
 * <pre>
 * java -cp tsdb-bench/target/benchmarks.jar io.ztsdb.bench.e2e.DatasetLoader \
 *     --points /tmp/synth/points.bin --port 9876 --connections 2 --batch-size 10000 --in-flight 16
 * java -cp ... io.ztsdb.bench.e2e.DatasetLoader --nab /work/shared/data/nab --port 9876
 * </pre>
 * Options: {@code --host H} (127.0.0.1), {@code --port P} (9876), {@code --points FILE} or {@code --nab DIR},
 * {@code --connections N} (2), {@code --batch-size N} (10000), {@code --in-flight N} (16; 1 = synchronous
 * insertBatch), {@code --repeat R} (1; round r shifts every timestamp by r x (span + 10 s), to build large
 * stores from the 24 h set), {@code --first-round F} (0; rounds F..F+R-1, to append to such a store),
 * {@code --limit N} (points read from the file, all by default).
 * <p>
 * The dataset is read and split into per-connection shares (by series id, so each series stays in time order on
 * one connection) before the clock starts. Batch latency with pipelining ({@code --in-flight > 1}) is measured
 * from the send of a batch to the moment the client learns of its answer, which is when a later send finds the
 * window full, or at the final flush: an upper bound on the true ack latency, tight while the server is the
 * bottleneck. With {@code --in-flight 1} it is the exact round trip of a synchronous insert_batch.
 */
public final class DatasetLoader {
    private static final long HISTOGRAM_MAX_NANOS = Duration.ofMinutes(5).toNanos();

    private DatasetLoader() {
    }

    /**
     * Runs the load and prints one summary line per figure.
     *
     * @param args see the class comment.
     */
    public static void main(final String[] args) throws Exception {
        String host = "127.0.0.1";
        int port = 9876;
        String pointsFile = null;
        String nabDir = null;
        int connections = 2;
        int batchSize = 10_000;
        int inFlight = 16;
        int repeat = 1;
        int firstRound = 0;
        long limit = 0;
        for (int i = 0; i < args.length; i++) {
            final String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--host" -> host = value;
                case "--port" -> port = Integer.parseInt(value);
                case "--points" -> pointsFile = value;
                case "--nab" -> nabDir = value;
                case "--connections" -> connections = Integer.parseInt(value);
                case "--batch-size" -> batchSize = Integer.parseInt(value);
                case "--in-flight" -> inFlight = Integer.parseInt(value);
                case "--repeat" -> repeat = Integer.parseInt(value);
                case "--first-round" -> firstRound = Integer.parseInt(value);
                case "--limit" -> limit = Long.parseLong(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see the javadoc)");
            }
            i++;
        }
        if ((pointsFile == null) == (nabDir == null)) {
            throw new IllegalArgumentException("give exactly one of --points FILE or --nab DIR");
        }
        final long readStart = System.nanoTime();
        final Dataset dataset = pointsFile != null ? Dataset.fromPointsFile(Path.of(pointsFile), connections, limit)
            : Dataset.fromNab(Path.of(nabDir), connections);
        System.out.printf(Locale.ROOT, "dataset %s: %,d points, %,d series, read in %.1f s%n", dataset.name(),
            dataset.points(), dataset.series(), (System.nanoTime() - readStart) / 1e9);
        final long shift = dataset.maxTimeMillis() - dataset.minTimeMillis() + 10_000;
        final List<Worker> workers = new ArrayList<>();
        for (int w = 0; w < connections; w++) {
            workers.add(new Worker(host, port, dataset.share(w), batchSize, inFlight, firstRound, repeat, shift));
        }
        final ExecutorService pool = Executors.newFixedThreadPool(connections);
        final long began = System.nanoTime();
        final List<Future<?>> done = new ArrayList<>();
        try {
            for (final Worker worker : workers) {
                done.add(pool.submit(() -> {
                    worker.run();
                    return null;
                }));
            }
            for (final Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        final long elapsed = System.nanoTime() - began;
        final Histogram latency = new Histogram(HISTOGRAM_MAX_NANOS, 3);
        long accepted = 0;
        long rejected = 0;
        for (final Worker worker : workers) {
            latency.add(worker.latency);
            accepted += worker.accepted;
            rejected += worker.rejected;
        }
        final double seconds = elapsed / 1e9;
        System.out.printf(Locale.ROOT, "sent %,d points in %.3f s over %d connections, batches of %,d, %d in "
            + "flight%n", dataset.points() * repeat, seconds, connections, batchSize, inFlight);
        System.out.printf(Locale.ROOT, "throughput: %,.0f points/s acknowledged (accepted %,d, rejected %,d)%n",
            accepted / seconds, accepted, rejected);
        System.out.printf(Locale.ROOT, "batch latency%s: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms "
            + "(%,d batches)%n", inFlight > 1 ? " (send to ack seen, upper bound)" : "",
            latency.getValueAtPercentile(50) / 1e6, latency.getValueAtPercentile(99) / 1e6,
            latency.getValueAtPercentile(99.9) / 1e6, latency.getMaxValue() / 1e6, latency.getTotalCount());
    }

    /** One connection: its share of the points, in batches. */
    private static final class Worker {
        private final String host;
        private final int port;
        private final ByteBuffer points;
        private final int batchSize;
        private final int inFlight;
        private final int firstRound;
        private final int repeat;
        private final long shiftMillis;
        private final Histogram latency = new Histogram(HISTOGRAM_MAX_NANOS, 3);
        private final long[] sentAt;
        private long sent;
        private long seen;
        private long accepted;
        private long rejected;

        Worker(final String host, final int port, final ByteBuffer points, final int batchSize, final int inFlight,
            final int firstRound, final int repeat, final long shiftMillis) {
            this.host = host;
            this.port = port;
            this.points = points;
            this.batchSize = batchSize;
            this.inFlight = inFlight;
            this.firstRound = firstRound;
            this.repeat = repeat;
            this.shiftMillis = shiftMillis;
            this.sentAt = new long[inFlight + 1];
        }

        void run() {
            try (TsdbClient client = TsdbClient.builder().host(host).port(port).batchSize(batchSize)
                .maxInFlight(inFlight).requestTimeout(Duration.ofSeconds(120)).build()) {
                client.connect();
                final WriteBatch batch = new WriteBatch(batchSize);
                final PointsFlyweight data = new PointsFlyweight().wrap(points, 0,
                    points.limit() / DataPointDescriptor.LENGTH);
                for (int round = firstRound; round < firstRound + repeat; round++) {
                    final long shift = round * shiftMillis;
                    for (int i = 0; i < data.pointCount(); i++) {
                        batch.add(data.seriesId(i), data.timestampMillis(i) + shift, data.value(i));
                        if (batch.isFull()) {
                            send(client, batch);
                        }
                    }
                }
                if (!batch.isEmpty()) {
                    send(client, batch);
                }
                final InsertResult result = client.flush();
                final long now = System.nanoTime();
                while (seen < sent) {
                    record(now);
                }
                accepted += result.accepted();
                rejected += result.rejected();
            }
        }

        private void send(final TsdbClient client, final WriteBatch batch) {
            final long start = System.nanoTime();
            if (inFlight == 1) {
                final InsertResult result = client.insertBatch(batch);
                latency.recordValue(Math.min(System.nanoTime() - start, HISTOGRAM_MAX_NANOS));
                accepted += result.accepted();
                rejected += result.rejected();
            } else {
                sentAt[(int) (sent % sentAt.length)] = start;
                sent++;
                client.sendBatch(batch);
                // sendBatch returns with at most inFlight batches unanswered: older ones were acknowledged.
                final long now = System.nanoTime();
                while (sent - seen > inFlight) {
                    record(now);
                }
            }
            batch.clear();
        }

        private void record(final long now) {
            latency.recordValue(Math.min(now - sentAt[(int) (seen % sentAt.length)], HISTOGRAM_MAX_NANOS));
            seen++;
        }
    }
}
