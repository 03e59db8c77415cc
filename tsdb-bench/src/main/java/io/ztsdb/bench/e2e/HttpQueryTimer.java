// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.e2e;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Times one HTTP GET (e.g. {@code /query?series=..}) against a running server: warm-up requests, then timed ones
 * over a kept-alive HTTP/1.1 connection, both in this JVM so that the client is warm too; the whole body is read
 * each time. Given the server's pid, also prints the server's CPU time (utime + stime from {@code /proc/PID/stat})
 * per timed request, a figure that does not depend on what else runs on the machine.
 * <pre>
 * java -cp tsdb-bench/target/benchmarks.jar io.ztsdb.bench.e2e.HttpQueryTimer \
 *     'http://127.0.0.1:8080/query?series=1&amp;start=0&amp;end=9999999999999' [warmup=200] [measured=500] [pid]
 * </pre>
 */
public final class HttpQueryTimer {
    /** USER_HZ: 100 on Linux x86-64 and arm64. */
    private static final int CLOCK_TICKS_PER_SECOND = 100;

    private HttpQueryTimer() {
    }

    /**
     * @param args URL, then optional warm-up and measured request counts and the server's pid.
     */
    public static void main(final String[] args) throws Exception {
        final URI uri = URI.create(args[0]);
        final int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        final int measured = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        final HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
        long bytes = 0;
        int status = 0;
        for (int i = 0; i < warmup; i++) {
            final HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            bytes = response.body().length;
            status = response.statusCode();
        }
        final Path serverStat = args.length > 3 ? Path.of("/proc", args[3], "stat") : null;
        final long cpuTicksBefore = serverStat == null ? 0 : cpuTicks(serverStat);
        final Histogram histogram = new Histogram(60_000_000_000L, 3);
        for (int i = 0; i < measured; i++) {
            final long start = System.nanoTime();
            final HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            histogram.recordValue(System.nanoTime() - start);
            bytes = response.body().length;
            status = response.statusCode();
        }
        System.out.printf(Locale.ROOT, "%s: status %d, %,d bytes; %d timed requests after %d warm-up: min %.2f ms, "
            + "p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", uri, status, bytes, measured, warmup,
            histogram.getMinValue() / 1e6, histogram.getValueAtPercentile(50) / 1e6,
            histogram.getValueAtPercentile(99) / 1e6, histogram.getMaxValue() / 1e6);
        if (serverStat != null) {
            System.out.printf(Locale.ROOT, "server CPU per request: %.2f ms%n",
                (cpuTicks(serverStat) - cpuTicksBefore) * 1000.0 / CLOCK_TICKS_PER_SECOND / measured);
        }
    }

    /** utime + stime of a process, in clock ticks (fields 14 and 15; the name in field 2 may hold spaces). */
    private static long cpuTicks(final Path stat) throws IOException {
        final String text = Files.readString(stat);
        final String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
