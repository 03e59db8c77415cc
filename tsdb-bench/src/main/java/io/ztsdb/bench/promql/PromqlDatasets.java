// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.promql;

import io.ztsdb.core.Labels;
import io.ztsdb.core.PointDescriptor;
import io.ztsdb.core.Tsdb;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The seeded data of the PromQL benchmarks, shared by the JMH benchmarks and the comparison with Prometheus:
 * <ul>
 *   <li>{@link #containers}: 1,000 {@code container.cpu.usage} counters ({@code container_name} one of 50,
 *       {@code container_id} unique) scraped every 10 s for one day (8,640 samples each, 0-50 ms of jitter), the
 *       scrape interval of the synthetic container set; queried at a 15 s step (5,760 steps);</li>
 *   <li>{@link #hosts}: 100,000 {@code container.memory.bytes} gauges ({@code host} one of 100, so a host selects
 *       1,000) with the last 10 minutes at 15 s (40 samples each).</li>
 * </ul>
 */
public final class PromqlDatasets {
    /** Start of the data: 2023-11-14T22:00:00Z. */
    public static final long T0 = 1_699_999_200_000L;
    /** Scrape interval of the containers. */
    public static final long SCRAPE_MILLIS = 10_000;
    /** Step of the range query over the containers (and scrape interval of the hosts). */
    public static final long STEP_MILLIS = 15_000;
    public static final int CONTAINER_SERIES = 1_000;
    public static final int CONTAINER_NAMES = 50;
    public static final int DAY_SAMPLES = 8_640;
    public static final int DAY_STEPS = 5_760;
    public static final int HOST_SERIES = 100_000;
    public static final int HOSTS = 100;
    public static final int HOST_SAMPLES = 40;
    /** Start of the host gauges: the last 10 minutes of the containers' day, so Prometheus takes both. */
    public static final long HOSTS_T0 = T0 + 86_400_000L - HOST_SAMPLES * STEP_MILLIS;
    private static final long SEED = 20260301L;

    private PromqlDatasets() {
    }

    /** Receives the samples of one series. */
    public interface SeriesSink {
        void series(String metric, String[] labelPairs, long[] timestamps, double[] values);
    }

    /** Generates the 1,000 x 1 day counters. */
    public static void containers(final SeriesSink sink) {
        final Random random = new Random(SEED);
        final long[] t = new long[DAY_SAMPLES];
        final double[] v = new double[DAY_SAMPLES];
        for (int s = 0; s < CONTAINER_SERIES; s++) {
            double value = random.nextInt(1000);
            for (int i = 0; i < DAY_SAMPLES; i++) {
                value += random.nextInt(1000) / 100.0;
                t[i] = T0 + i * SCRAPE_MILLIS + random.nextInt(50);
                v[i] = value;
            }
            sink.series("container.cpu.usage", new String[] {"container_name", "c" + (s % CONTAINER_NAMES),
                "container_id", "id-" + s}, t, v);
        }
    }

    /** Generates the 100,000 x 10 minutes gauges; they end at {@link #hostsEndMillis()}. */
    public static void hosts(final SeriesSink sink) {
        final Random random = new Random(SEED + 1);
        final long[] t = new long[HOST_SAMPLES];
        final double[] v = new double[HOST_SAMPLES];
        for (int s = 0; s < HOST_SERIES; s++) {
            for (int i = 0; i < HOST_SAMPLES; i++) {
                t[i] = HOSTS_T0 + i * STEP_MILLIS;
                v[i] = 1e8 + random.nextInt(1_000_000);
            }
            sink.series("container.memory.bytes", new String[] {"host", "host-" + (s % HOSTS), "container_id",
                "mem-" + s}, t, v);
        }
    }

    /** @return the time of the last host sample. */
    public static long hostsEndMillis() {
        return HOSTS_T0 + (HOST_SAMPLES - 1) * STEP_MILLIS;
    }

    /**
     * Loads a dataset into a {@link Tsdb}: registers its series in one batch (one fsync), then inserts the samples
     * in batches.
     *
     * @param dataset {@link #containers} or {@link #hosts}.
     */
    public static void load(final Tsdb tsdb, final Consumer<SeriesSink> dataset) {
        final List<String> metrics = new ArrayList<>();
        final List<Labels> labels = new ArrayList<>();
        dataset.accept((metric, labelPairs, timestamps, values) -> {
            metrics.add(metric);
            labels.add(Labels.of(labelPairs));
        });
        final long[] ids = tsdb.registerSeries(metrics.toArray(new String[0]), labels.toArray(new Labels[0]));
        final MemorySegment batch = MemorySegment.ofArray(new byte[PointDescriptor.LENGTH * 65_536]);
        final int[] pending = {0};
        final int[] series = {0};
        dataset.accept((metric, labelPairs, timestamps, values) -> {
            final long id = ids[series[0]++];
            for (int i = 0; i < timestamps.length; i++) {
                if (pending[0] == 65_536) {
                    tsdb.insertBatch(batch, 0, pending[0]);
                    pending[0] = 0;
                }
                final long at = (long) pending[0]++ * PointDescriptor.LENGTH;
                batch.set(PointDescriptor.LONG, at + PointDescriptor.SERIES_ID_OFFSET, id);
                batch.set(PointDescriptor.LONG, at + PointDescriptor.TIMESTAMP_OFFSET, timestamps[i]);
                batch.set(PointDescriptor.DOUBLE, at + PointDescriptor.VALUE_OFFSET, values[i]);
            }
        });
        if (pending[0] > 0) {
            tsdb.insertBatch(batch, 0, pending[0]);
        }
    }
}
