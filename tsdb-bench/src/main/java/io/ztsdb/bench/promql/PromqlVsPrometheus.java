// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.promql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
import io.ztsdb.core.promql.MetricNames;
import io.ztsdb.core.promql.PromqlEngine;
import io.ztsdb.protocol.prometheus.WriteRequestEncoder;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The speed comparison with Prometheus on the same data in the same run: both are loaded with a
 * {@link PromqlDatasets} dataset (ztsdb through its engine, Prometheus by remote write), then each target query
 * is sent over HTTP to both, alternately, and timed (median and 90th percentile of wall time, and the CPU time
 * of each server's process per query: ztsdb's includes the HTTP client of this JVM, which does not parse the
 * answers); ztsdb's in-process engine time is given too. Checks that both answer the same number of series and points.
 * <pre>
 * java -Xmx2g -cp tsdb-bench/target/benchmarks.jar io.ztsdb.bench.promql.PromqlVsPrometheus [runs]
 * </pre>
 */
public final class PromqlVsPrometheus {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final OperatingSystemMXBean PROCESS =
        (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private PromqlVsPrometheus() {
    }

    public static void main(final String[] args) throws Exception {
        final int runs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        final Path dir = Files.createTempDirectory("ztsdb-vs-prometheus");
        Files.createDirectories(dir.resolve("prometheus"));
        try (ServerRuntime ztsdb = ServerRuntime.start(new ServerConfig().port(0).webPort(0)
            .bindAddress("127.0.0.1").dataDir(dir.resolve("ztsdb")).walSync("none"));
             PrometheusPeer prometheus = PrometheusPeer.start(dir.resolve("prometheus"))) {
            final long loadStart = System.nanoTime();
            PromqlDatasets.load(ztsdb.tsdb(), PromqlDatasets::containers);
            PromqlDatasets.load(ztsdb.tsdb(), PromqlDatasets::hosts);
            ztsdb.tsdb().persistNow();
            System.out.printf("ztsdb loaded in %.1f s%n", (System.nanoTime() - loadStart) / 1e9);
            final long promStart = System.nanoTime();
            loadContainers(prometheus);
            loadHosts(prometheus);
            System.out.printf("prometheus loaded in %.1f s%n", (System.nanoTime() - promStart) / 1e9);
            final PromqlEngine engine = new PromqlEngine(ztsdb.tsdb());
            final String ztsdbUrl = "http://127.0.0.1:" + ztsdb.httpPort();
            final long t0 = PromqlDatasets.T0 / 1000;
            compare("range: sum by (container_name) (rate(container_cpu_usage[1m])), 1,000 series x 1 day, 15 s step",
                "/api/v1/query_range", "query=" + encode("sum by (container_name) (rate(container_cpu_usage[1m]))") +
                    "&start=" + (t0 + 60) + "&end=" + (t0 + 86_400 + 45) + "&step=15", ztsdbUrl, prometheus, runs,
                () -> engine.rangeQuery("sum by (container_name) (rate(container_cpu_usage[1m]))",
                    PromqlDatasets.T0 + 60_000, PromqlDatasets.T0 + 86_445_000L, 15_000));
            final long hostTime = (PromqlDatasets.hostsEndMillis() + 7_000) / 1000;
            compare("instant: container_memory_bytes{host=\"host-7\"}, 1,000 of 100,000 series", "/api/v1/query",
                "query=" + encode("container_memory_bytes{host=\"host-7\"}") + "&time=" + hostTime, ztsdbUrl,
                prometheus, runs, () -> engine.instantQuery("container_memory_bytes{host=\"host-7\"}",
                    hostTime * 1000));
        }
    }

    private static void compare(final String title, final String path, final String form, final String ztsdbUrl,
        final PrometheusPeer prometheus, final int runs, final Runnable inProcess) throws Exception {
        final JsonNode z = post(ztsdbUrl + path, form);
        final JsonNode p = post(prometheus.url(path), form);
        final String shapeZ = shape(z);
        final String shapeP = shape(p);
        final long[] ztsdbNanos = new long[runs];
        final long[] promNanos = new long[runs];
        final long[] engineNanos = new long[runs];
        for (int warm = 0; warm < 5; warm++) {
            send(ztsdbUrl + path, form);
            send(prometheus.url(path), form);
            inProcess.run();
        }
        long ztsdbCpu = 0;
        long promCpu = 0;
        long engineCpu = 0;
        for (int r = 0; r < runs; r++) {
            long cpu = PROCESS.getProcessCpuTime();
            long t = System.nanoTime();
            send(ztsdbUrl + path, form);
            ztsdbNanos[r] = System.nanoTime() - t;
            ztsdbCpu += PROCESS.getProcessCpuTime() - cpu;
            cpu = prometheus.cpuNanos();
            t = System.nanoTime();
            send(prometheus.url(path), form);
            promNanos[r] = System.nanoTime() - t;
            promCpu += prometheus.cpuNanos() - cpu;
            cpu = PROCESS.getProcessCpuTime();
            t = System.nanoTime();
            inProcess.run();
            engineNanos[r] = System.nanoTime() - t;
            engineCpu += PROCESS.getProcessCpuTime() - cpu;
        }
        System.out.println(title);
        System.out.println("  answers: ztsdb " + shapeZ + ", prometheus " + shapeP);
        System.out.printf("  ztsdb HTTP      median %7.1f ms  p90 %7.1f ms  CPU %7.1f ms per query%n",
            median(ztsdbNanos), p90(ztsdbNanos), ztsdbCpu / 1e6 / runs);
        System.out.printf("  prometheus HTTP median %7.1f ms  p90 %7.1f ms  CPU %7.1f ms per query%n",
            median(promNanos), p90(promNanos), promCpu / 1e6 / runs);
        System.out.printf("  ztsdb engine    median %7.1f ms  p90 %7.1f ms  CPU %7.1f ms per query (in process)%n",
            median(engineNanos), p90(engineNanos), engineCpu / 1e6 / runs);
        System.out.printf("  ratio ztsdb/prometheus: HTTP medians %.2f, CPU %.2f; load average %s%n",
            median(ztsdbNanos) / median(promNanos), (double) ztsdbCpu / promCpu,
            Files.readString(Path.of("/proc/loadavg")).trim());
    }

    private static String shape(final JsonNode answer) {
        final JsonNode result = answer.path("data").path("result");
        int points = 0;
        for (final JsonNode s : result) {
            points += s.has("values") ? s.path("values").size() : 1;
        }
        return result.size() + " series, " + points + " points";
    }

    private static double median(final long[] nanos) {
        final long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e6;
    }

    private static double p90(final long[] nanos) {
        final long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[(int) (sorted.length * 0.9)] / 1e6;
    }

    private static JsonNode post(final String url, final String form) throws IOException, InterruptedException {
        return JSON.readTree(send(url, form));
    }

    /** @return the answer's bytes, unparsed: the timed calls leave the client's JSON parsing out. */
    private static byte[] send(final String url, final String form) throws IOException, InterruptedException {
        final HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException(url + ": " + response.statusCode() + " " + new String(response.body(),
                StandardCharsets.UTF_8));
        }
        return response.body();
    }

    private static String encode(final String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** A series kept for remote write: Prometheus labels sorted by name. */
    private record Held(String[] labels, long[] t, double[] v) {
    }

    private static List<Held> collect(final boolean containers) {
        final List<Held> series = new ArrayList<>();
        final PromqlDatasets.SeriesSink sink = (metric, pairs, t, v) -> {
            final TreeMap<String, String> sorted = new TreeMap<>();
            sorted.put("__name__", MetricNames.toPrometheus(metric));
            for (int i = 0; i < pairs.length; i += 2) {
                sorted.put(pairs[i], pairs[i + 1]);
            }
            final String[] labels = new String[sorted.size() * 2];
            int i = 0;
            for (final Map.Entry<String, String> e : sorted.entrySet()) {
                labels[i++] = e.getKey();
                labels[i++] = e.getValue();
            }
            series.add(new Held(labels, t.clone(), v.clone()));
        };
        if (containers) {
            PromqlDatasets.containers(sink);
        } else {
            PromqlDatasets.hosts(sink);
        }
        return series;
    }

    /** One day in time order: 10-minute slices of every series, so no sample is out of order. */
    private static void loadContainers(final PrometheusPeer prometheus) throws IOException, InterruptedException {
        final List<Held> series = collect(true);
        final int perSlice = 40;
        for (int from = 0; from < PromqlDatasets.DAY_SAMPLES; from += perSlice) {
            final WriteRequestEncoder request = new WriteRequestEncoder();
            for (final Held s : series) {
                request.beginSeries();
                for (int i = 0; i < s.labels().length; i += 2) {
                    request.label(s.labels()[i], s.labels()[i + 1]);
                }
                for (int i = from; i < Math.min(from + perSlice, s.t().length); i++) {
                    request.sample(s.t()[i], s.v()[i]);
                }
                request.endSeries();
            }
            prometheus.remoteWrite(request.toSnappy());
        }
    }

    /** 100,000 series of 10 minutes: any order within Prometheus' one-hour window. */
    private static void loadHosts(final PrometheusPeer prometheus) throws IOException, InterruptedException {
        final List<Held> series = collect(false);
        for (int from = 0; from < series.size(); from += 5_000) {
            final WriteRequestEncoder request = new WriteRequestEncoder();
            for (final Held s : series.subList(from, Math.min(series.size(), from + 5_000))) {
                request.beginSeries();
                for (int i = 0; i < s.labels().length; i += 2) {
                    request.label(s.labels()[i], s.labels()[i + 1]);
                }
                for (int i = 0; i < s.t().length; i++) {
                    request.sample(s.t()[i], s.v()[i]);
                }
                request.endSeries();
            }
            prometheus.remoteWrite(request.toSnappy());
        }
    }
}
