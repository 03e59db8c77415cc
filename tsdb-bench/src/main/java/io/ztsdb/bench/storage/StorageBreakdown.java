// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.storage;

import io.ztsdb.core.block.Block;
import io.ztsdb.core.block.BlockFileDescriptor;
import io.ztsdb.core.block.BlockMeta;
import io.ztsdb.core.codec.columnar.ColumnarChunkDecoder;
import io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor;
import io.ztsdb.core.io.DefaultFileOps;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where the bytes of a data directory go: every file and directory by kind (apparent bytes as {@code du -sb} counts
 * them, and 4 KiB allocation as {@code du -sk}), then the chunk bytes of the blocks by part (block record headers,
 * chunk headers, timestamp columns, value columns, residuals), by value kind and column form, and, with a
 * {@code series.tsv} of the dataset (sid, metric, labels), by metric.
 * <pre>
 * java -cp tsdb-bench/target/benchmarks.jar io.ztsdb.bench.storage.StorageBreakdown DATA_DIR [--points N]
 *     [--series /tmp/synth/series.tsv]
 * </pre>
 * {@code --points} is the denominator of the bytes/point figures (the points sent; the blocks' point count
 * otherwise). Run it on a directory no server has open, or on a copy.
 */
public final class StorageBreakdown {
    private static final int BLOCK_RECORD_HEADER = 8;
    private static final int CHUNK_HEADER = 4;
    private static final long ALLOCATION = 4096;

    private final Map<String, long[]> files = new TreeMap<>();
    private final Map<String, long[]> parts = new TreeMap<>();
    private final Map<String, long[]> metrics = new TreeMap<>();
    private final Map<Long, String> metricOf = new HashMap<>();
    private final ColumnarChunkDecoder decoder = new ColumnarChunkDecoder();
    private long blockPoints;

    private StorageBreakdown() {
    }

    /**
     * Prints the breakdown.
     *
     * @param args see the class comment.
     */
    public static void main(final String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: StorageBreakdown DATA_DIR [--points N] [--series series.tsv]");
            System.exit(2);
        }
        final Path dir = Path.of(args[0]);
        long points = 0;
        final StorageBreakdown breakdown = new StorageBreakdown();
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--points" -> points = Long.parseLong(args[i + 1]);
                case "--series" -> breakdown.readSeries(Path.of(args[i + 1]));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        breakdown.walk(dir);
        breakdown.readBlocks(dir.resolve("blocks"));
        breakdown.print(points > 0 ? points : breakdown.blockPoints);
    }

    private void readSeries(final Path tsv) throws IOException {
        for (final String line : Files.readAllLines(tsv)) {
            final String[] fields = line.split("\t");
            if (fields.length >= 2) {
                metricOf.put(Long.parseLong(fields[0]), fields[1]);
            }
        }
    }

    private void walk(final Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (final Path path : (Iterable<Path>) paths::iterator) {
                final BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                final String kind = attributes.isDirectory() ? "directories" : kindOf(dir.relativize(path));
                final long size = attributes.size();
                add(files, kind, size, (size + ALLOCATION - 1) / ALLOCATION * ALLOCATION);
            }
        }
    }

    private static String kindOf(final Path relative) {
        final String name = relative.getFileName().toString();
        if (relative.getNameCount() >= 3 && relative.getName(0).toString().equals("blocks")) {
            return "block " + name;
        }
        if (relative.getNameCount() == 2 && relative.getName(0).toString().equals("blocks") &&
            name.endsWith(BlockFileDescriptor.SUFFIX)) {
            return "block files";
        }
        if (name.endsWith(".wal")) {
            return "wal segments";
        }
        if (name.startsWith("checkpoint")) {
            return "wal checkpoint";
        }
        return name;
    }

    private void readBlocks(final Path blocks) throws IOException {
        if (!Files.isDirectory(blocks)) {
            return;
        }
        try (Stream<Path> list = Files.list(blocks)) {
            for (final Path path : (Iterable<Path>) list.sorted()::iterator) {
                final String name = path.getFileName().toString();
                if (BlockMeta.parseName(name) < 0) {
                    continue;
                }
                try (Block block = Block.open(DefaultFileOps.INSTANCE, path)) {
                    readBlock(block);
                }
            }
        }
    }

    private void readBlock(final Block block) {
        byte[] bytes = new byte[1 << 16];
        for (int s = 0; s < block.seriesCount(); s++) {
            final String metric = metricOf.getOrDefault(block.seriesId(s), "(no series.tsv entry)");
            final int first = block.firstChunk(s);
            for (int c = first; c < first + block.chunkCount(s); c++) {
                final MemorySegment data = block.chunkData(c);
                final int length = (int) data.byteSize();
                final int count = block.chunkPointCount(c);
                blockPoints += count;
                add(parts, "block record headers (length, CRC)", BLOCK_RECORD_HEADER, 0);
                add(parts, "chunk headers", CHUNK_HEADER, 0);
                add(metrics, metric, length + BLOCK_RECORD_HEADER, count);
                if (block.chunkEncoding(c) != ColumnarChunkDescriptor.ENCODING_COLUMNAR) {
                    add(parts, "gorilla chunk bodies", length - CHUNK_HEADER, count);
                    continue;
                }
                if (bytes.length < length) {
                    bytes = new byte[length];
                }
                MemorySegment.copy(data, ValueLayout.JAVA_BYTE, 0, bytes, 0, length);
                final ColumnarChunkDecoder.Sections sections = decoder.sections(bytes, 0, length);
                add(parts, "timestamps, form " + sections.timestampsForm(), sections.timestamps(), count);
                add(parts, "values, kind " + sections.valuesKind() + " form " + sections.valuesForm(),
                    sections.values(), count);
                add(parts, "residuals of decimal values", sections.residuals(), count);
            }
        }
    }

    private static void add(final Map<String, long[]> map, final String key, final long bytes, final long other) {
        final long[] sums = map.computeIfAbsent(key, k -> new long[3]);
        sums[0] += bytes;
        sums[1] += other;
        sums[2]++;
    }

    private void print(final long points) {
        System.out.printf(Locale.ROOT, "points (denominator): %,d; in blocks: %,d%n", points, blockPoints);
        long apparent = 0;
        long allocated = 0;
        System.out.println("files by kind: count, apparent bytes (B/pt), allocated bytes (B/pt)");
        for (final Map.Entry<String, long[]> e : files.entrySet()) {
            final long[] v = e.getValue();
            apparent += v[0];
            allocated += v[1];
            System.out.printf(Locale.ROOT, "  %-28s %6d %,14d (%.4f) %,14d (%.4f)%n", e.getKey(), v[2], v[0],
                perPoint(v[0], points), v[1], perPoint(v[1], points));
        }
        System.out.printf(Locale.ROOT, "  %-28s %6s %,14d (%.4f) %,14d (%.4f)%n", "total", "", apparent,
            perPoint(apparent, points), allocated, perPoint(allocated, points));
        System.out.println("chunk bytes by part: bytes (B/pt of all points), points covered, bits/point covered");
        for (final Map.Entry<String, long[]> e : parts.entrySet()) {
            final long[] v = e.getValue();
            System.out.printf(Locale.ROOT, "  %-40s %,14d (%.4f) %,12d %7.3f%n", e.getKey(), v[0],
                perPoint(v[0], points), v[1], v[1] == 0 ? 0.0 : 8.0 * v[0] / v[1]);
        }
        if (metrics.size() > 1) {
            System.out.println("chunk records by metric: bytes, points, bits/point");
            for (final Map.Entry<String, long[]> e : metrics.entrySet()) {
                final long[] v = e.getValue();
                System.out.printf(Locale.ROOT, "  %-48s %,14d %,12d %7.3f%n", e.getKey(), v[0], v[1],
                    v[1] == 0 ? 0.0 : 8.0 * v[0] / v[1]);
            }
        }
    }

    private static double perPoint(final long bytes, final long points) {
        return points == 0 ? 0.0 : (double) bytes / points;
    }
}
