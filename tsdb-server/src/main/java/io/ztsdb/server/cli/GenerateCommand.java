// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.cli;

import io.ztsdb.client.ClientException;
import io.ztsdb.client.InsertResult;
import io.ztsdb.client.TsdbClient;
import io.ztsdb.client.WriteBatch;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code tsvdb generate}: sends container-like test data to a server through the Java client, over one or more
 * connections, and reports the acknowledged ingest rate and the batch latency percentiles (HdrHistogram).
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Send test data to a tsvdb server (insert_batch through the Java client) and report points/s "
        + "and batch latency.")
public final class GenerateCommand implements Callable<Integer> {
    private static final long HISTOGRAM_MAX_NANOS = Duration.ofMinutes(5).toNanos();

    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
        description = "Server host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9876",
        description = "Server TCP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1000",
        description = "Points to send in total (default: ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--series", paramLabel = "ID",
        description = "Send every point to this one series id (default: --series-count series with ids 1..N).")
    Long seriesId;

    @Option(names = "--series-count", paramLabel = "N", defaultValue = "100",
        description = "Number of series when --series is not given (default: ${DEFAULT-VALUE}).")
    int seriesCount;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "10000",
        description = "Points per insert_batch frame (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "2",
        description = "Parallel connections, one thread each; series are split among them (default: "
            + "${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--interval-ms", paramLabel = "MS", defaultValue = "10000",
        description = "Time between two points of a series (default: ${DEFAULT-VALUE}); the data ends now.")
    long intervalMillis;

    /** Creates the command; picocli fills the options. */
    public GenerateCommand() {
    }

    private void validate() {
        final var cli = spec.commandLine();
        if (port < 1 || port > 65535) {
            throw new ParameterException(cli, "--port must be a port number 1..65535, was " + port);
        }
        if (count < 0) {
            throw new ParameterException(cli, "--count must be >= 0, was " + count);
        }
        if (seriesCount < 1) {
            throw new ParameterException(cli, "--series-count must be >= 1, was " + seriesCount);
        }
        if (batchSize < 1 || batchSize > WriteBatch.MAX_CAPACITY) {
            throw new ParameterException(cli, "--batch-size must be 1.." + WriteBatch.MAX_CAPACITY + ", was "
                + batchSize);
        }
        if (connections < 1 || connections > 1024) {
            throw new ParameterException(cli, "--connections must be 1..1024, was " + connections);
        }
        if (intervalMillis < 1) {
            throw new ParameterException(cli, "--interval-ms must be >= 1, was " + intervalMillis);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        validate();
        final long[] ids = seriesIds();
        final int workers = Math.min(connections, ids.length);
        final long pointsPerSeries = (count + ids.length - 1) / ids.length;
        final long startMillis = System.currentTimeMillis() - pointsPerSeries * intervalMillis;
        final List<LoadWorker> loads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            final List<SyntheticSeries> mine = new ArrayList<>();
            for (int i = w; i < ids.length; i += workers) {
                mine.add(new SyntheticSeries(ids[i]));
            }
            final long points = count / workers + (w < count % workers ? 1 : 0);
            loads.add(new LoadWorker(mine, points, startMillis));
        }
        final ExecutorService pool = Executors.newFixedThreadPool(workers);
        final long began = System.nanoTime();
        try {
            final List<Future<Void>> done = new ArrayList<>();
            for (final LoadWorker load : loads) {
                done.add(pool.submit(load));
            }
            for (final Future<Void> future : done) {
                future.get();
            }
        } catch (final ExecutionException ex) {
            throw failure(ex.getCause());
        } finally {
            pool.shutdownNow();
        }
        report(spec.commandLine().getOut(), loads, System.nanoTime() - began, ids.length, workers);
        return 0;
    }

    private long[] seriesIds() {
        if (seriesId != null) {
            return new long[] {seriesId};
        }
        final long[] ids = new long[seriesCount];
        for (int i = 0; i < seriesCount; i++) {
            ids[i] = i + 1;
        }
        return ids;
    }

    private RuntimeException failure(final Throwable cause) {
        if (cause instanceof ClientException client) {
            return new CommandFailedException("server " + host + ":" + port + " failed: " + client.getMessage()
                + "; is 'tsvdb serve --port " + port + "' running there?", client);
        }
        return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
    }

    private void report(final PrintWriter out, final List<LoadWorker> loads, final long elapsedNanos,
        final int series, final int workers) {
        final Histogram latency = new Histogram(HISTOGRAM_MAX_NANOS, 3);
        long accepted = 0;
        long rejected = 0;
        for (final LoadWorker load : loads) {
            latency.add(load.latency);
            accepted += load.accepted;
            rejected += load.rejected;
        }
        final double seconds = elapsedNanos / 1e9;
        out.println(String.format(Locale.ROOT, "tsvdb generate: %,d points to %s:%d (%,d series, batches of %,d, "
            + "%d connection%s) in %.3f s", count, host, port, series, batchSize, workers, workers == 1 ? "" : "s",
            seconds));
        out.println(String.format(Locale.ROOT, "  throughput: %,.0f points/s acknowledged (accepted %,d, "
            + "rejected %,d)", accepted / seconds, accepted, rejected));
        if (latency.getTotalCount() > 0) {
            out.println(String.format(Locale.ROOT, "  batch latency: p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, "
                + "max %.3f ms (%,d batches)", latency.getValueAtPercentile(50) / 1e6,
                latency.getValueAtPercentile(99) / 1e6, latency.getValueAtPercentile(99.9) / 1e6,
                latency.getMaxValue() / 1e6, latency.getTotalCount()));
        }
        out.flush();
    }

    /** One connection's share of the load: its series round-robin, batches sent synchronously and timed. */
    private final class LoadWorker implements Callable<Void> {
        private final List<SyntheticSeries> series;
        private final long points;
        private final long startMillis;
        private final Histogram latency = new Histogram(HISTOGRAM_MAX_NANOS, 3);
        private long accepted;
        private long rejected;

        LoadWorker(final List<SyntheticSeries> series, final long points, final long startMillis) {
            this.series = series;
            this.points = points;
            this.startMillis = startMillis;
        }

        @Override
        public Void call() {
            try (TsdbClient client = TsdbClient.builder().host(host).port(port).batchSize(batchSize)
                .requestTimeout(Duration.ofSeconds(60)).build()) {
                client.connect();
                final WriteBatch batch = new WriteBatch(batchSize);
                final int seriesCount = series.size();
                long round = 0;
                int next = 0;
                for (long sent = 0; sent < points; sent++) {
                    final SyntheticSeries s = series.get(next);
                    batch.add(s.seriesId(), startMillis + round * intervalMillis, s.next());
                    if (++next == seriesCount) {
                        next = 0;
                        round++;
                    }
                    if (batch.isFull()) {
                        send(client, batch);
                    }
                }
                if (!batch.isEmpty()) {
                    send(client, batch);
                }
            }
            return null;
        }

        private void send(final TsdbClient client, final WriteBatch batch) {
            final long began = System.nanoTime();
            final InsertResult result = client.insertBatch(batch);
            latency.recordValue(Math.min(System.nanoTime() - began, HISTOGRAM_MAX_NANOS));
            accepted += result.accepted();
            rejected += result.rejected();
            batch.clear();
        }
    }
}
