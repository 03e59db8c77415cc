// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.codec;

import io.ztsdb.bench.data.BenchmarkDatasets;
import io.ztsdb.bench.data.BenchmarkDatasets.SeriesSet;
import io.ztsdb.core.codec.GorillaEncoder;
import io.ztsdb.core.codec.columnar.ColumnarChunkDecoder;
import io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor;
import io.ztsdb.core.codec.columnar.ColumnarChunkEncoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Compression figures of the columnar chunk next to Gorilla, on the same chunks in the same run, every chunk
 * checked to decode bit-exact.
 * <ul>
 *   <li>{@code alp}: every file of {@code ../shared/data/alp} as one chunk of its 1,024 values at a regular 1 s
 *   interval; bits per value of the value section, next to the published ALP figure of the dataset.</li>
 *   <li>{@code synthetic}, {@code nab}: every series cut into chunks per time partition (as blocks store them),
 *   at most 65,535 samples each; bytes per point of the chunk payload (timestamps and values), and with the
 *   per-chunk block overhead (40 bytes: index entry and chunk record header).</li>
 * </ul>
 * {@code java -cp benchmarks.jar io.ztsdb.bench.codec.CompressionRatioTool [alp] [synthetic] [nab]}; system property
 * {@code partitions} lists the partition lengths in minutes (default {@code 120,1440,10080}), {@code columnarVersion}
 * the columnar layout version to write (default the current one; 1 for the layout without Rice and sparse
 * miniblocks).
 */
public final class CompressionRatioTool {
    /** Per-chunk bytes a block adds: a 32-byte index entry and an 8-byte chunk record header. */
    private static final int BLOCK_CHUNK_OVERHEAD = 40;
    /** ALP's published bits/value on the full datasets (cwida/ALP, publication/alp_*compression_ratio.csv). */
    private static final Map<String, Double> PUBLISHED_ALP = Map.ofEntries(
        Map.entry("basel_temp_f", 30.72), Map.entry("bird_migration_f", 20.14),
        Map.entry("bitcoin_transactions_f", 36.49), Map.entry("cms1", 35.65), Map.entry("cms9", 11.67),
        Map.entry("gov10", 30.99), Map.entry("gov30", 7.48), Map.entry("gov40", 0.83), Map.entry("medicare9", 12.26),
        Map.entry("neon_bio_temp_c", 10.75), Map.entry("neon_pm10_dust", 8.56), Map.entry("nyc29", 40.38),
        Map.entry("poi_lon", 56.56), Map.entry("stocks_de", 11.01), Map.entry("stocks_usa_c", 7.90));

    private final ColumnarChunkEncoder columnar = new ColumnarChunkEncoder(
        Integer.getInteger("columnarVersion", ColumnarChunkDescriptor.COLUMNAR_VERSION));
    private final ColumnarChunkDecoder decoder = new ColumnarChunkDecoder();
    private final MemorySegment gorillaBuffer = MemorySegment.ofBuffer(ByteBuffer.allocateDirect(65_535 * 19 + 64));
    private final GorillaEncoder gorilla = new GorillaEncoder();
    private long[] checkTimestamps = new long[0];
    private double[] checkValues = new double[0];

    private CompressionRatioTool() {
    }

    /**
     * @param args datasets: {@code alp}, {@code synthetic}, {@code nab}; default all three.
     */
    public static void main(final String[] args) {
        final List<String> datasets = args.length == 0 ? List.of("alp", "synthetic", "nab") : List.of(args);
        final CompressionRatioTool tool = new CompressionRatioTool();
        for (final String dataset : datasets) {
            if (dataset.equals("alp")) {
                tool.alp();
            } else {
                final SeriesSet set = BenchmarkDatasets.load(dataset);
                for (final String minutes : System.getProperty("partitions", "120,1440,10080").split(",")) {
                    tool.partitioned(set, Long.parseLong(minutes.trim()) * 60_000L);
                }
            }
        }
    }

    private void alp() {
        final Path dir = Path.of(System.getProperty(BenchmarkDatasets.SHARED_DATA_PROP_NAME,
            BenchmarkDatasets.SHARED_DATA_DEFAULT), "alp");
        System.out.printf("%-24s %7s %9s %9s %9s %9s%n", "alp file", "values", "columnar", "gorilla", "ALP pub.",
            "chunk B");
        double sum = 0;
        double gorillaSum = 0;
        double publishedSum = 0;
        double sumWithPublished = 0;
        int files = 0;
        int withPublished = 0;
        try (Stream<Path> list = Files.list(dir)) {
            for (final Path file : list.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
                final double[] values = Files.readAllLines(file).stream().map(String::trim)
                    .filter(l -> !l.isEmpty()).mapToDouble(Double::parseDouble).toArray();
                final long[] timestamps = new long[values.length];
                for (int i = 0; i < values.length; i++) {
                    timestamps[i] = 1_704_067_200_000L + 1000L * i;
                }
                final int length = encodeChecked(timestamps, values, 0, values.length);
                final double bits = (length - 4 - columnar.timestampBytes()) * 8.0 / values.length;
                final double gorillaBits = gorillaValueBits(timestamps, values);
                final String name = file.getFileName().toString().replace(".csv", "");
                final Double published = PUBLISHED_ALP.get(name);
                System.out.printf("%-24s %7d %9.2f %9.2f %9s %9d%n", name, values.length, bits, gorillaBits,
                    published == null ? "-" : String.format("%.2f", published), length);
                sum += bits;
                gorillaSum += gorillaBits;
                files++;
                if (published != null) {
                    publishedSum += published;
                    sumWithPublished += bits;
                    withPublished++;
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.printf("alp average over %d files: columnar %.2f bits/value, gorilla %.2f; over the %d files " +
            "with a published figure: columnar %.2f, ALP published %.2f%n", files, sum / files, gorillaSum / files,
            withPublished, sumWithPublished / withPublished, publishedSum / withPublished);
    }

    /** Gorilla bits of the values alone: the chunk minus header, first timestamp and 1 bit per regular delta. */
    private double gorillaValueBits(final long[] timestamps, final double[] values) {
        gorilla.wrap(gorillaBuffer, 0, (int) gorillaBuffer.byteSize());
        gorilla.append(timestamps, values, 0, values.length);
        final long bits = (gorilla.lengthBytes() - 4) * 8L - 64 - (values.length - 1);
        return (double)bits / values.length;
    }

    private void partitioned(final SeriesSet set, final long partitionMillis) {
        long points = 0;
        long chunks = 0;
        long columnarBytes = 0;
        long columnarTimestampBytes = 0;
        long gorillaBytes = 0;
        final boolean perSeries = Boolean.getBoolean("perSeries");
        for (int s = 0; s < set.timestamps().length; s++) {
            final long[] t = set.timestamps()[s];
            final double[] v = set.values()[s];
            final long seriesBytes = columnarBytes;
            final long seriesTimestampBytes = columnarTimestampBytes;
            final long seriesGorillaBytes = gorillaBytes;
            int from = 0;
            while (from < t.length) {
                final long partition = Math.floorDiv(t[from], partitionMillis);
                int to = from + 1;
                while (to < t.length && to - from < 65_535 && Math.floorDiv(t[to], partitionMillis) == partition) {
                    to++;
                }
                columnarBytes += encodeChecked(t, v, from, to);
                dump(set.name() + "-" + partitionMillis / 60_000 + "-" + chunks);
                columnarTimestampBytes += columnar.timestampBytes();
                gorilla.wrap(gorillaBuffer, 0, (int) gorillaBuffer.byteSize());
                gorilla.append(t, v, from, to);
                gorillaBytes += gorilla.lengthBytes();
                points += to - from;
                chunks++;
                from = to;
            }
            if (perSeries) {
                System.out.printf("  series %d: %d points, columnar %.3f B/pt (timestamps %.3f), gorilla %.3f%n", s,
                    t.length, (double)(columnarBytes - seriesBytes) / t.length,
                    (double)(columnarTimestampBytes - seriesTimestampBytes) / t.length,
                    (double)(gorillaBytes - seriesGorillaBytes) / t.length);
            }
        }
        System.out.printf("%s partition=%dmin chunks=%d points=%d samples/chunk=%.0f | columnar %.3f B/pt " +
            "(timestamps %.3f), with block overhead %.3f | gorilla %.3f B/pt, with block overhead %.3f%n",
            set.name(), partitionMillis / 60_000, chunks, points, (double)points / chunks,
            (double)columnarBytes / points, (double)columnarTimestampBytes / points,
            (double)(columnarBytes + BLOCK_CHUNK_OVERHEAD * chunks) / points, (double)gorillaBytes / points,
            (double)(gorillaBytes + BLOCK_CHUNK_OVERHEAD * chunks) / points);
    }

    /**
     * With system property {@code dump} set to a directory, writes the last encoded chunk there (one file per chunk,
     * to try general-purpose compressors on them).
     */
    private void dump(final String name) {
        final String dir = System.getProperty("dump");
        if (dir != null) {
            try {
                Files.write(Path.of(dir, name + ".chunk"), columnar.toByteArray());
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Encodes one chunk, decodes it and checks every sample bit-exact. */
    private int encodeChecked(final long[] timestamps, final double[] values, final int from, final int to) {
        final int length = columnar.encode(timestamps, values, from, to);
        final int count = to - from;
        if (checkTimestamps.length < count) {
            checkTimestamps = new long[count];
            checkValues = new double[count];
        }
        decoder.decode(columnar.toByteArray(), 0, length, checkTimestamps, checkValues, 0);
        for (int i = 0; i < count; i++) {
            if (checkTimestamps[i] != timestamps[from + i] ||
                Double.doubleToRawLongBits(checkValues[i]) != Double.doubleToRawLongBits(values[from + i])) {
                throw new IllegalStateException("columnar round-trip mismatch at sample " + (from + i));
            }
        }
        return length;
    }
}
