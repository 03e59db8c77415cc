// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.fuzz;

import io.ztsdb.core.Labels;
import io.ztsdb.core.SampleCursor;
import io.ztsdb.core.SeriesInfo;
import io.ztsdb.core.Tsdb;
import io.ztsdb.core.TsdbException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Fuzzing of the readers of the data directory (WAL segments and checkpoint, block chunks, index and meta, series
 * registry): a database with persisted blocks, WAL and named series is copied, one of its files is damaged (bytes
 * flipped, overwritten with zeros, cut short, or a run of garbage appended), and opened again. Opening and reading
 * every series either works or fails with a {@link TsdbException} (a {@code CorruptionException} naming file and
 * offset); never another exception, a hang or an unbounded allocation. jqwik, fixed seed, every build.
 */
class CorruptedFilesPropertyTest {
    private static Path pristine;
    private static List<Path> files;
    private static int opened;
    private static int refused;

    @BeforeContainer
    static void createDatabase() throws IOException {
        pristine = Files.createTempDirectory("ztsdb-fuzz-pristine");
        try (Tsdb tsdb = Tsdb.open(pristine)) {
            for (int s = 0; s < 8; s++) {
                tsdb.registerSeries("cpu", Labels.of("host", "h" + s));
            }
            for (int i = 0; i < 3000; i++) {
                tsdb.insert(i % 8 + 1, 1_700_000_000_000L + i * 1000L, i * 0.25);
            }
            tsdb.persistNow();
            for (int i = 3000; i < 4000; i++) {
                tsdb.insert(i % 8 + 1, 1_700_000_000_000L + i * 1000L, i);
            }
        }
        try (Stream<Path> walk = Files.walk(pristine)) {
            files = walk.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".lock"))
                .sorted().toList();
        }
    }

    @AfterContainer
    static void deleteDatabase() {
        System.out.println("CorruptedFilesPropertyTest: " + files.size() + " files, " + opened
            + " damaged copies opened and read, " + refused + " refused with a TsdbException");
        delete(pristine);
    }

    @Property(tries = 120, seed = "20261206")
    void shouldOpenOrRefuseADamagedDirectory(@ForAll @IntRange(min = 0, max = 10_000) final int fileChoice,
        @ForAll @IntRange(min = 0, max = 3) final int damage, @ForAll final long position,
        @ForAll @IntRange(min = 1, max = 64) final int length) throws IOException {
        final Path copy = Files.createTempDirectory("ztsdb-fuzz");
        try {
            copyTree(pristine, copy);
            final Path target = copy.resolve(pristine.relativize(files.get(fileChoice % files.size())));
            damage(target, damage, position, length);
            try (Tsdb tsdb = Tsdb.open(copy)) {
                readEverything(tsdb);
                opened++;
            } catch (final TsdbException expected) {
                // refused with a typed error naming the damage
                refused++;
            }
        } finally {
            delete(copy);
        }
    }

    private static void readEverything(final Tsdb tsdb) {
        for (final SeriesInfo series : tsdb.series()) {
            try (SampleCursor cursor = tsdb.query(series.seriesId(), Long.MIN_VALUE, Long.MAX_VALUE)) {
                while (cursor.next()) {
                    cursor.value();
                }
            }
        }
        tsdb.stats();
    }

    private static void damage(final Path file, final int kind, final long position, final int length)
        throws IOException {
        final byte[] bytes = Files.readAllBytes(file);
        if (bytes.length == 0) {
            Files.write(file, new byte[] {(byte)position});
            return;
        }
        final int at = (int)Math.floorMod(position, (long)bytes.length);
        switch (kind) {
            case 0 -> {
                for (int i = at; i < Math.min(bytes.length, at + length); i++) {
                    bytes[i] ^= (byte)(position >>> (i % 8) | 1);
                }
                Files.write(file, bytes);
            }
            case 1 -> {
                for (int i = at; i < Math.min(bytes.length, at + length); i++) {
                    bytes[i] = (byte)(i % 3 == 0 ? 0xFF : 0);
                }
                Files.write(file, bytes);
            }
            case 2 -> Files.write(file, java.util.Arrays.copyOf(bytes, at));
            default -> {
                final byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + length);
                for (int i = bytes.length; i < longer.length; i++) {
                    longer[i] = (byte)(position >>> (i % 7));
                }
                Files.write(file, longer);
            }
        }
    }

    private static void copyTree(final Path from, final Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (final Path source : walk.toList()) {
                final Path target = to.resolve(from.relativize(source));
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static void delete(final Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (final IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
