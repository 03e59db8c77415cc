// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.ingest;

import io.ztsdb.protocol.prometheus.WriteRequestEncoder;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loads the synthetic set ({@code gen_synthetic.py}: {@code series.tsv} + {@code points.bin}, time-major) into an
 * HTTP ingest endpoint, ztsdb's or a peer's, and prints the acknowledged rate and the CPU time this loader used.
 * The requests (head and body) are built before the clock starts and replayed over keep-alive connections
 * ({@link KeepAliveConnection}), so the loader costs little of the machine; each connection owns the series
 * {@code sid % connections} and sends its requests one after the other, so each series stays in time order.
 * Every answer must be 2xx.
 * <pre>
 * java -cp tsdb-bench/target/benchmarks.jar io.ztsdb.bench.ingest.HttpIngestLoad remote-write \
 *     http://127.0.0.1:9201/api/v1/write /tmp/synth 4000000 4 50
 * java -cp tsdb-bench/target/benchmarks.jar io.ztsdb.bench.ingest.HttpIngestLoad line \
 *     'http://127.0.0.1:9201/write?db=x&amp;precision=ms' /tmp/synth 4000000 4 50
 * </pre>
 * Arguments: format, URL, dataset directory, points, connections, timestamps per request, and optionally a suffix
 * appended to every metric name: a warm-up run with a suffix writes other series than the measured run, whose
 * timestamps then stay in order.
 */
public final class HttpIngestLoad {
    private HttpIngestLoad() {
    }

    /** @param args format, URL, dataset directory, points, connections, timestamps per request[, name suffix]. */
    public static void main(final String[] args) throws Exception {
        final boolean remoteWrite = args[0].equals("remote-write");
        final String url = args[1];
        final Path data = Path.of(args[2]);
        final long limit = Long.parseLong(args[3]);
        final int connections = Integer.parseInt(args[4]);
        final int stampsPerRequest = Integer.parseInt(args[5]);
        final String suffix = args.length > 6 ? args[6] : "";
        final List<String[]> series = new ArrayList<>();
        for (final String line : Files.readAllLines(data.resolve("series.tsv"))) {
            final String[] fields = line.split("\t");
            fields[1] += suffix;
            series.add(fields);
        }
        final int seriesCount = series.size();
        final ByteBuffer points = ByteBuffer.wrap(Files.readAllBytes(data.resolve("points.bin")))
            .order(ByteOrder.LITTLE_ENDIAN);
        final int stamps = (int) Math.min(points.capacity() / 24 / seriesCount, limit / seriesCount);
        final List<List<byte[]>> bodies = new ArrayList<>();
        long bytes = 0;
        for (int c = 0; c < connections; c++) {
            final List<byte[]> own = new ArrayList<>();
            for (int t0 = 0; t0 < stamps; t0 += stampsPerRequest) {
                final int t1 = Math.min(stamps, t0 + stampsPerRequest);
                final byte[] body = remoteWrite ? remoteWriteBody(series, points, c, connections, t0, t1)
                    : lineBody(series, points, c, connections, t0, t1);
                own.add(body);
                bytes += body.length;
            }
            bodies.add(own);
        }
        final long total = (long) stamps * seriesCount;
        System.out.printf("%s %s: %,d points in %,d requests, %,d body bytes%n", args[0], url, total,
            bodies.stream().mapToInt(List::size).sum(), bytes);
        final AtomicLong failures = new AtomicLong();
        final List<Thread> threads = new ArrayList<>();
        final com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
            ManagementFactory.getOperatingSystemMXBean();
        final long cpuStart = os.getProcessCpuTime();
        final long start = System.nanoTime();
        for (final List<byte[]> own : bodies) {
            threads.add(Thread.ofPlatform().start(() -> send(url, own, remoteWrite, failures)));
        }
        for (final Thread thread : threads) {
            thread.join();
        }
        final double seconds = (System.nanoTime() - start) / 1e9;
        final double loaderCpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
        System.out.printf("%s: %,d points acknowledged in %.2f s = %.2f M points/s, %d failed requests; "
            + "loader CPU %.2f s%n", url, total, seconds, total / seconds / 1e6, failures.get(), loaderCpu);
    }

    private static void send(final String url, final List<byte[]> bodies, final boolean remoteWrite,
        final AtomicLong failures) {
        final URI uri = URI.create(url);
        final String headers = remoteWrite ? "Content-Type: application/x-protobuf\r\nContent-Encoding: snappy\r\n"
            + "X-Prometheus-Remote-Write-Version: 0.1.0\r\n" : "Content-Type: text/plain; charset=utf-8\r\n";
        final List<byte[]> heads = new ArrayList<>(bodies.size());
        for (final byte[] body : bodies) {
            heads.add(KeepAliveConnection.head(uri, body.length, headers));
        }
        int i = 0;
        while (i < bodies.size()) {
            try (KeepAliveConnection connection = new KeepAliveConnection(uri)) {
                for (; i < bodies.size(); i++) {
                    if (connection.post(heads.get(i), bodies.get(i)) / 100 != 2) {
                        failures.incrementAndGet();
                    }
                }
            } catch (final IOException ex) {
                // The request in flight is counted failed and the next goes over a new connection.
                failures.incrementAndGet();
                System.out.println("failed: " + ex);
                i++;
            }
        }
    }

    private static byte[] remoteWriteBody(final List<String[]> series, final ByteBuffer points, final int c,
        final int connections, final int t0, final int t1) {
        final WriteRequestEncoder encoder = new WriteRequestEncoder();
        final int n = series.size();
        for (int s = c; s < n; s += connections) {
            encoder.beginSeries().label("__name__", series.get(s)[1]);
            for (final String pair : series.get(s)[2].split(",")) {
                final int eq = pair.indexOf('=');
                encoder.label(pair.substring(0, eq), pair.substring(eq + 1));
            }
            for (int t = t0; t < t1; t++) {
                final int at = (t * n + s) * 24;
                encoder.sample(points.getLong(at + 8), points.getDouble(at + 16));
            }
            encoder.endSeries();
        }
        return encoder.toSnappy();
    }

    private static byte[] lineBody(final List<String[]> series, final ByteBuffer points, final int c,
        final int connections, final int t0, final int t1) {
        final StringBuilder sb = new StringBuilder();
        final int n = series.size();
        for (int t = t0; t < t1; t++) {
            for (int s = c; s < n; s += connections) {
                final int at = (t * n + s) * 24;
                sb.append(series.get(s)[1]).append(',').append(series.get(s)[2]).append(" value=")
                    .append(points.getDouble(at + 16)).append(' ').append(points.getLong(at + 8)).append('\n');
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
