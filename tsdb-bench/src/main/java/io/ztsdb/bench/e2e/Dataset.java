// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.ztsdb.protocol.DataPointDescriptor;

/**
 * A benchmark dataset held in memory as 24-byte little-endian wire points
 * {@code seriesId u64 | timestampMillis i64 | value f64}, split into per-connection shares by series id so that
 * each series keeps its time order on one connection.
 */
final class Dataset {
    static final int POINT_LENGTH = DataPointDescriptor.LENGTH;
    private static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final String name;
    private final ByteBuffer[] shares;
    private final long points;
    private final int series;
    private final long minTimeMillis;
    private final long maxTimeMillis;

    private Dataset(final String name, final ByteBuffer[] shares, final long points, final int series,
        final long minTimeMillis, final long maxTimeMillis) {
        this.name = name;
        this.shares = shares;
        this.points = points;
        this.series = series;
        this.minTimeMillis = minTimeMillis;
        this.maxTimeMillis = maxTimeMillis;
    }

    /**
     * Reads a {@code points.bin} of gen_synthetic.py (records sorted by time) into {@code parts} shares.
     *
     * @param file  the points file.
     * @param parts number of shares (connections).
     * @param limit most points to read (all when {@code <= 0}).
     */
    static Dataset fromPointsFile(final Path file, final int parts, final long limit) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            final long total = channel.size() / POINT_LENGTH;
            final long points = limit > 0 ? Math.min(limit, total) : total;
            final ByteBuffer in = channel.map(FileChannel.MapMode.READ_ONLY, 0, points * POINT_LENGTH)
                .order(ByteOrder.LITTLE_ENDIAN);
            final long[] counts = new long[parts];
            final java.util.HashSet<Long> ids = new java.util.HashSet<>();
            for (long i = 0; i < points; i++) {
                final long id = in.getLong((int) (i * POINT_LENGTH));
                counts[share(id, parts)]++;
                if (ids.size() < 10_000_000) {
                    ids.add(id);
                }
            }
            final ByteBuffer[] shares = allocate(counts);
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (long i = 0; i < points; i++) {
                final int at = (int) (i * POINT_LENGTH);
                final long id = in.getLong(at + DataPointDescriptor.SERIES_ID_OFFSET);
                final long ts = in.getLong(at + DataPointDescriptor.TIMESTAMP_OFFSET);
                min = Math.min(min, ts);
                max = Math.max(max, ts);
                final long valueBits = in.getLong(at + DataPointDescriptor.VALUE_OFFSET);
                shares[share(id, parts)].putLong(id).putLong(ts).putLong(valueBits);
            }
            return new Dataset(file.toString(), flip(shares), points, ids.size(), min, max);
        }
    }

    /**
     * Reads every NAB CSV ({@code timestamp,value}) under {@code directory}; one series per file, its id a stable
     * 64-bit FNV-1a hash of the path relative to {@code directory} (e.g. {@code realTraffic/speed_6005.csv}).
     */
    static Dataset fromNab(final Path directory, final int parts) throws IOException {
        final List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        final List<long[]> perSeries = new ArrayList<>();
        final long[] counts = new long[parts];
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (final Path file : files) {
            final long id = fnv1a(directory.relativize(file).toString());
            final List<long[]> rows = new ArrayList<>();
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line = reader.readLine(); // header
                while ((line = reader.readLine()) != null) {
                    final int comma = line.indexOf(',');
                    if (comma < 0) {
                        continue;
                    }
                    final long ts = LocalDateTime.parse(line.substring(0, comma), NAB_TIME)
                        .toInstant(ZoneOffset.UTC).toEpochMilli();
                    final double value = Double.parseDouble(line.substring(comma + 1));
                    rows.add(new long[] {ts, Double.doubleToRawLongBits(value)});
                    min = Math.min(min, ts);
                    max = Math.max(max, ts);
                }
            }
            final long[] flat = new long[rows.size() * 3];
            for (int i = 0; i < rows.size(); i++) {
                flat[i * 3] = id;
                flat[i * 3 + 1] = rows.get(i)[0];
                flat[i * 3 + 2] = rows.get(i)[1];
            }
            perSeries.add(flat);
            counts[share(id, parts)] += rows.size();
        }
        final ByteBuffer[] shares = allocate(counts);
        long points = 0;
        for (final long[] flat : perSeries) {
            for (int i = 0; i < flat.length; i += 3) {
                shares[share(flat[i], parts)].putLong(flat[i]).putLong(flat[i + 1]).putLong(flat[i + 2]);
                points++;
            }
        }
        return new Dataset(directory + " (NAB)", flip(shares), points, files.size(), min, max);
    }

    private static int share(final long seriesId, final int parts) {
        return (int) Long.remainderUnsigned(seriesId * 0x9E3779B97F4A7C15L >>> 16, parts);
    }

    private static ByteBuffer[] allocate(final long[] counts) {
        final ByteBuffer[] shares = new ByteBuffer[counts.length];
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] * POINT_LENGTH > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("share too large for one buffer; use more connections: points="
                    + counts[i]);
            }
            shares[i] = ByteBuffer.allocateDirect((int) (counts[i] * POINT_LENGTH)).order(ByteOrder.LITTLE_ENDIAN);
        }
        return shares;
    }

    private static ByteBuffer[] flip(final ByteBuffer[] shares) {
        for (final ByteBuffer share : shares) {
            share.flip();
        }
        return shares;
    }

    static long fnv1a(final String text) {
        long hash = 0xcbf29ce484222325L;
        for (final byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    String name() {
        return name;
    }

    /** @return share {@code i}: a read-only view of its points, position 0. */
    ByteBuffer share(final int i) {
        return shares[i].duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    int shareCount() {
        return shares.length;
    }

    long points() {
        return points;
    }

    int series() {
        return series;
    }

    long minTimeMillis() {
        return minTimeMillis;
    }

    long maxTimeMillis() {
        return maxTimeMillis;
    }
}
