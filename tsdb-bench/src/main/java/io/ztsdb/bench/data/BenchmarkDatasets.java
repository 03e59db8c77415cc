// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The datasets the codec and head benchmarks run on, as per-series arrays or as time-major wire records.
 * <ul>
 *   <li>{@code synthetic}: container-like metrics of {@code gen_synthetic.py}. Read from the directory in system
 *   property {@value #SYNTHETIC_DIR_PROP_NAME} (a pre-generated dataset: {@code points.bin}), else generated into
 *   a temp directory with the script in {@value #SHARED_DATA_PROP_NAME}{@code /synth} and the default arguments
 *   (1,000 series x 8,640 points), deleted after loading.</li>
 *   <li>{@code nab}: every CSV under {@value #SHARED_DATA_PROP_NAME}{@code /nab} (Numenta Anomaly Benchmark),
 *   one series per file.</li>
 * </ul>
 */
public final class BenchmarkDatasets {
    /** System property: directory of a pre-generated synthetic dataset. */
    public static final String SYNTHETIC_DIR_PROP_NAME = "ztsdb.bench.synthetic.dir";
    /** System property: the shared data directory; default {@value #SHARED_DATA_DEFAULT}. */
    public static final String SHARED_DATA_PROP_NAME = "ztsdb.bench.data.dir";
    /** Default shared data directory. */
    public static final String SHARED_DATA_DEFAULT = "/work/shared/data";
    /** Size of a wire point record. */
    public static final int RECORD_LENGTH = 24;

    private static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private BenchmarkDatasets() {
    }

    /** Samples of many series: {@code timestamps[series][i]}, {@code values[series][i]}. */
    public record SeriesSet(String name, long[][] timestamps, double[][] values) {
        /** @return points over all series. */
        public long pointCount() {
            long total = 0;
            for (final long[] t : timestamps) {
                total += t.length;
            }
            return total;
        }
    }

    /**
     * @param name {@code synthetic} or {@code nab}.
     * @return the dataset split by series.
     */
    public static SeriesSet load(final String name) {
        return switch (name) {
            case "synthetic" -> bySeries(name, syntheticRecords());
            case "nab" -> nab();
            default -> throw new IllegalArgumentException("unknown dataset: name=" + name);
        };
    }

    /** @return the synthetic dataset as time-major 24-byte little-endian wire records. */
    public static ByteBuffer syntheticRecords() {
        final String dir = System.getProperty(SYNTHETIC_DIR_PROP_NAME);
        if (dir != null) {
            return readAll(Path.of(dir, "points.bin"));
        }
        final Path shared = Path.of(System.getProperty(SHARED_DATA_PROP_NAME, SHARED_DATA_DEFAULT));
        try {
            final Path out = Files.createTempDirectory("ztsdb-synth-");
            try {
                final Process process = new ProcessBuilder("python3",
                    shared.resolve("synth/gen_synthetic.py").toString(), "--out", out.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                    throw new IllegalStateException("gen_synthetic.py failed: exit=" + process.exitValue());
                }
                return readAll(out.resolve("points.bin"));
            } finally {
                try (Stream<Path> files = Files.walk(out)) {
                    for (final Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ByteBuffer readAll(final Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            final ByteBuffer buffer = ByteBuffer.allocateDirect(Math.toIntExact(channel.size()))
                .order(ByteOrder.LITTLE_ENDIAN);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                continue;
            }
            return buffer.flip();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SeriesSet bySeries(final String name, final ByteBuffer records) {
        final Map<Long, long[]> counts = new LinkedHashMap<>();
        final int n = records.remaining() / RECORD_LENGTH;
        for (int i = 0; i < n; i++) {
            counts.computeIfAbsent(records.getLong(i * RECORD_LENGTH), k -> new long[1])[0]++;
        }
        final Map<Long, Integer> index = new LinkedHashMap<>();
        final long[][] timestamps = new long[counts.size()][];
        final double[][] values = new double[counts.size()][];
        int s = 0;
        for (final Map.Entry<Long, long[]> e : counts.entrySet()) {
            index.put(e.getKey(), s);
            timestamps[s] = new long[(int)e.getValue()[0]];
            values[s] = new double[(int)e.getValue()[0]];
            s++;
        }
        final int[] fill = new int[counts.size()];
        for (int i = 0; i < n; i++) {
            final int at = i * RECORD_LENGTH;
            final int series = index.get(records.getLong(at));
            timestamps[series][fill[series]] = records.getLong(at + 8);
            values[series][fill[series]] = records.getDouble(at + 16);
            fill[series]++;
        }
        return new SeriesSet(name, timestamps, values);
    }

    private static SeriesSet nab() {
        final Path root = Path.of(System.getProperty(SHARED_DATA_PROP_NAME, SHARED_DATA_DEFAULT), "nab");
        final List<long[]> timestamps = new ArrayList<>();
        final List<double[]> values = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (final Path file : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
                final List<String> lines = Files.readAllLines(file);
                final long[] t = new long[lines.size() - 1];
                final double[] v = new double[lines.size() - 1];
                for (int i = 1; i < lines.size(); i++) {
                    final String line = lines.get(i);
                    final int comma = line.indexOf(',');
                    t[i - 1] = LocalDateTime.parse(line.substring(0, comma), NAB_TIME).toInstant(ZoneOffset.UTC)
                        .toEpochMilli();
                    v[i - 1] = Double.parseDouble(line.substring(comma + 1));
                }
                timestamps.add(t);
                values.add(v);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SeriesSet("nab", timestamps.toArray(new long[0][]), values.toArray(new double[0][]));
    }

    /**
     * Cuts every series into chunks of at most {@code chunkSamples} samples, as the head does.
     *
     * @return {@code [chunk] -> {seriesIndex, from, to}}.
     */
    public static int[][] chunks(final SeriesSet set, final int chunkSamples) {
        final List<int[]> result = new ArrayList<>();
        for (int s = 0; s < set.timestamps().length; s++) {
            final int length = set.timestamps()[s].length;
            for (int from = 0; from < length; from += chunkSamples) {
                result.add(new int[] {s, from, Math.min(length, from + chunkSamples)});
            }
        }
        return result.toArray(new int[0][]);
    }

    /** @return a compact description for logs. */
    public static String describe(final SeriesSet set) {
        return set.name() + ": series=" + set.timestamps().length + " points=" + set.pointCount() +
            " first=" + Arrays.toString(Arrays.copyOf(set.values()[0], Math.min(3, set.values()[0].length)));
    }
}
