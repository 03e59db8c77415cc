// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.prometheus;

import io.ztsdb.core.Labels;
import io.ztsdb.core.Tsdb;
import io.ztsdb.core.promql.LabelSet;
import io.ztsdb.protocol.prometheus.WriteRequestEncoder;
import io.ztsdb.server.TestBatch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The deterministic data of the differential tests, written alike into ztsdb (canonical names with dots where
 * ztsdb users would have them) and into Prometheus (remote write, Prometheus names): counters with resets,
 * gauges, jittered scrape times, gaps longer than the lookback, explicit staleness markers, classic histograms
 * with {@code le}, NaN and infinities, several jobs and instances. Two hours from {@link #T0}, 15 s scrapes.
 */
final class OracleDataset {
    /** Start of the data, hour-aligned: 2023-11-14T22:00:00Z. */
    static final long T0 = 1_699_999_200_000L;
    /** Length of the data. */
    static final long SPAN = 7_200_000L;
    static final long STALE_NAN_BITS = 0x7ff0000000000002L;
    private static final long SCRAPE = 15_000L;
    private static final double[] BUCKETS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, Double.POSITIVE_INFINITY};

    /**
     * One series.
     *
     * @param canonical   the metric name as stored in ztsdb.
     * @param ztsdbLabels its labels as stored in ztsdb.
     * @param labels      the Prometheus labels, {@code __name__} included.
     * @param t           sample times.
     * @param v           sample values.
     */
    record Series(String canonical, Labels ztsdbLabels, LabelSet labels, long[] t, double[] v) {
    }

    private final Random random;
    private final List<Series> series = new ArrayList<>();

    private OracleDataset(final long seed) {
        this.random = new Random(seed);
    }

    static OracleDataset generate(final long seed) {
        final OracleDataset d = new OracleDataset(seed);
        d.containers();
        d.requests();
        d.gauges();
        d.histograms();
        d.staleness();
        return d;
    }

    List<Series> series() {
        return series;
    }

    private void add(final String canonical, final String promName, final Map<String, String> ztsdbLabels,
        final List<Long> times, final List<Double> values) {
        LabelSet labels = LabelSet.of(LabelSet.METRIC_NAME, promName);
        for (final Map.Entry<String, String> e : ztsdbLabels.entrySet()) {
            labels = labels.with(e.getKey().replace('.', '_'), e.getValue());
        }
        final long[] t = new long[times.size()];
        final double[] v = new double[values.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = times.get(i);
            v[i] = values.get(i);
        }
        series.add(new Series(canonical, Labels.of(ztsdbLabels), labels, t, v));
    }

    private static Map<String, String> labels(final String... namesAndValues) {
        final Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    private long jittered(final long base) {
        return base + random.nextInt(40);
    }

    private static double round3(final double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /** container.cpu.usage: counters with rare resets and jitter; a dotted label name (pod.uid). */
    private void containers() {
        for (final String container : new String[] {"web", "db", "cache"}) {
            for (final String instance : new String[] {"i0", "i1"}) {
                final List<Long> t = new ArrayList<>();
                final List<Double> v = new ArrayList<>();
                double value = random.nextInt(1000);
                for (long at = 0; at <= SPAN; at += SCRAPE) {
                    value = random.nextInt(200) == 0 ? round3(random.nextDouble() * 5) :
                        round3(value + random.nextDouble() * 10);
                    t.add(jittered(T0 + at));
                    v.add(value);
                }
                add("container.cpu.usage", "container_cpu_usage", labels("container_name", container,
                    "instance", instance, "job", container.equals("web") ? "api" : "worker",
                    "pod.uid", "uid-" + container + "-" + instance), t, v);
            }
        }
    }

    /** http_requests_total: counters; one with a gap longer than the lookback, one starting late, one ending. */
    private void requests() {
        for (final String job : new String[] {"api", "worker"}) {
            for (final String instance : new String[] {"i0", "i1", "i2"}) {
                for (final String code : new String[] {"200", "500"}) {
                    final List<Long> t = new ArrayList<>();
                    final List<Double> v = new ArrayList<>();
                    double value = code.equals("200") ? 10_000 : 5;
                    final boolean gap = instance.equals("i2") && code.equals("500");
                    final boolean late = job.equals("worker") && instance.equals("i1") && code.equals("500");
                    final boolean ends = job.equals("api") && instance.equals("i0") && code.equals("500");
                    for (long at = 0; at <= SPAN; at += SCRAPE) {
                        value += code.equals("200") ? random.nextInt(50) : random.nextInt(3);
                        if (gap && at >= 40 * 60_000 && at < 55 * 60_000 || late && at < 30 * 60_000) {
                            continue;
                        }
                        if (ends && at > 70 * 60_000) {
                            t.add(T0 + at);
                            v.add(Double.longBitsToDouble(STALE_NAN_BITS));
                            break;
                        }
                        t.add(T0 + at);
                        v.add(value);
                    }
                    final Map<String, String> l = labels("job", job, "instance", instance, "code", code);
                    if (!instance.equals("i2")) {
                        l.put("method", instance.equals("i0") ? "GET" : "POST");
                    }
                    add("http_requests_total", "http_requests_total", l, t, v);
                }
                upSeries(job, instance);
            }
        }
    }

    private void upSeries(final String job, final String instance) {
        final List<Long> t = new ArrayList<>();
        final List<Double> v = new ArrayList<>();
        for (long at = 0; at <= SPAN; at += SCRAPE) {
            t.add(T0 + at);
            v.add(random.nextInt(20) == 0 ? 0.0 : 1.0);
        }
        add("up", "up", labels("job", job, "instance", instance), t, v);
    }

    /** node.memory.bytes (random walks), temperature_celsius (30 s, negative values), weird_values (NaN, Inf). */
    private void gauges() {
        for (final String instance : new String[] {"i0", "i1", "i2"}) {
            final List<Long> t = new ArrayList<>();
            final List<Double> v = new ArrayList<>();
            double value = 1e9 + random.nextInt(100_000_000);
            for (long at = 0; at <= SPAN; at += SCRAPE) {
                value += random.nextInt(20_000_001) - 10_000_000;
                t.add(jittered(T0 + at));
                v.add(value);
            }
            add("node.memory.bytes", "node_memory_bytes", labels("instance", instance, "job", "node"), t, v);
        }
        for (final String site : new String[] {"north", "south"}) {
            final List<Long> t = new ArrayList<>();
            final List<Double> v = new ArrayList<>();
            double value = site.equals("north") ? -5 : 18;
            for (long at = 0; at <= SPAN; at += 2 * SCRAPE) {
                value = Math.max(-20, Math.min(40, round3(value + random.nextDouble() * 2 - 1)));
                t.add(T0 + at + 1234);
                v.add(value);
            }
            add("temperature_celsius", "temperature_celsius", labels("site", site), t, v);
        }
        for (final String instance : new String[] {"x", "y"}) {
            final List<Long> t = new ArrayList<>();
            final List<Double> v = new ArrayList<>();
            for (long at = 0; at <= SPAN; at += SCRAPE) {
                t.add(T0 + at);
                final int special = instance.equals("x") ? random.nextInt(30) : 99;
                v.add(special == 0 ? Double.NaN : special == 1 ? Double.POSITIVE_INFINITY :
                    special == 2 ? Double.NEGATIVE_INFINITY : round3(random.nextDouble() * 100));
            }
            add("weird_values", "weird_values", labels("instance", instance), t, v);
        }
    }

    /** http_request_duration_seconds: classic histograms (buckets, sum, count), counters. */
    private void histograms() {
        for (final String job : new String[] {"api", "worker"}) {
            for (final String instance : new String[] {"i0", "i1"}) {
                final double[] counts = new double[BUCKETS.length];
                double sum = 0;
                final List<Long> t = new ArrayList<>();
                final List<List<Double>> bucketValues = new ArrayList<>();
                for (int b = 0; b < BUCKETS.length; b++) {
                    bucketValues.add(new ArrayList<>());
                }
                final List<Double> sums = new ArrayList<>();
                final List<Double> totals = new ArrayList<>();
                for (long at = 0; at <= SPAN; at += SCRAPE) {
                    final int observations = random.nextInt(21);
                    for (int o = 0; o < observations; o++) {
                        final double latency = -Math.log(1 - random.nextDouble()) * (job.equals("api") ? 0.2 : 0.6);
                        sum += latency;
                        for (int b = 0; b < BUCKETS.length; b++) {
                            if (latency <= BUCKETS[b]) {
                                counts[b]++;
                            }
                        }
                    }
                    t.add(T0 + at);
                    for (int b = 0; b < BUCKETS.length; b++) {
                        bucketValues.get(b).add(counts[b]);
                    }
                    sums.add(round3(sum));
                    totals.add(counts[BUCKETS.length - 1]);
                }
                for (int b = 0; b < BUCKETS.length; b++) {
                    final Map<String, String> l = labels("job", job, "instance", instance, "le",
                        b == BUCKETS.length - 1 ? "+Inf" : Double.toString(BUCKETS[b]).replaceAll("\\.0$", ""));
                    add("http_request_duration_seconds_bucket", "http_request_duration_seconds_bucket", l, t,
                        bucketValues.get(b));
                }
                add("http_request_duration_seconds_sum", "http_request_duration_seconds_sum",
                    labels("job", job, "instance", instance), t, sums);
                add("http_request_duration_seconds_count", "http_request_duration_seconds_count",
                    labels("job", job, "instance", instance), t, totals);
            }
        }
    }

    /** batch.job.last_success: ends with an explicit staleness marker at 60m, resumes at 90m. */
    private void staleness() {
        final List<Long> t = new ArrayList<>();
        final List<Double> v = new ArrayList<>();
        for (long at = 0; at <= SPAN; at += SCRAPE) {
            if (at > 60 * 60_000 && at < 90 * 60_000) {
                if (at == 60 * 60_000 + SCRAPE) {
                    t.add(T0 + at);
                    v.add(Double.longBitsToDouble(STALE_NAN_BITS));
                }
                continue;
            }
            t.add(T0 + at);
            v.add((double) (T0 + at - at % 600_000) / 1000);
        }
        add("batch.job.last_success", "batch_job_last_success", labels("job", "batch"), t, v);
    }

    /** Writes every series into ztsdb under its canonical name and labels. */
    void loadInto(final Tsdb tsdb) {
        try (TestBatch batch = new TestBatch(tsdb)) {
            for (final Series s : series) {
                final long id = tsdb.registerSeries(s.canonical(), s.ztsdbLabels());
                for (int i = 0; i < s.t().length; i++) {
                    batch.add(id, s.t()[i], s.v()[i]);
                }
            }
        }
    }

    /** Writes every series into Prometheus by remote write, in time slices so that no sample is out of order. */
    void loadInto(final PrometheusProcess prometheus) throws IOException, InterruptedException {
        final long slice = 10 * 60_000L;
        final int[] next = new int[series.size()];
        for (long until = T0 + slice; until <= T0 + SPAN + slice; until += slice) {
            final WriteRequestEncoder request = new WriteRequestEncoder();
            for (int s = 0; s < series.size(); s++) {
                final Series one = series.get(s);
                if (next[s] >= one.t().length || one.t()[next[s]] >= until) {
                    continue;
                }
                request.beginSeries();
                for (int i = 0; i < one.labels().size(); i++) {
                    request.label(one.labels().name(i), one.labels().value(i));
                }
                while (next[s] < one.t().length && one.t()[next[s]] < until) {
                    request.sample(one.t()[next[s]], one.v()[next[s]]);
                    next[s]++;
                }
                request.endSeries();
            }
            prometheus.remoteWrite(request.toSnappy());
        }
    }
}
