// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A full disk on a real, small tmpfs mounted for the test (root only): inserts fail with
 * {@link StorageFullException} while it is full, resume by themselves once a file is deleted, and a crash image
 * taken afterwards replays every acknowledged point once.
 */
@Tag("privileged")
class StorageFullTest {
    private static final int SERIES = 4;

    @TempDir
    Path dir;
    private SmallTmpfs tmpfs;
    private Path mount;

    @BeforeEach
    void mountTmpfs() throws Exception {
        tmpfs = SmallTmpfs.mount(dir, "6m");
        mount = tmpfs.path();
    }

    @AfterEach
    void unmount() throws Exception {
        if (tmpfs != null) {
            tmpfs.close();
        }
    }

    @Test
    void shouldRefuseAppendsWhileFullAndResumeWithoutRestartLosingNothingAcknowledged() throws Exception {
        final Path data = mount.resolve("data");
        final TsdbConfig config = new TsdbConfig().walSegmentLengthBytes(64 * 1024);
        final List<long[]> acknowledged = new ArrayList<>();
        long t = 1_700_000_000_000L;
        try (Tsdb tsdb = Tsdb.open(data, config)) {
            for (int i = 0; i < 200; i++, t += 1000) {
                tsdb.insert(i % SERIES + 1, t, i);
                acknowledged.add(new long[] {i % SERIES + 1, t});
            }
            final Path filler = tmpfs.fill(0);
            int refused = 0;
            for (int i = 0; i < 20_000 && refused < 50; i++, t += 1000) {
                try {
                    tsdb.insert(i % SERIES + 1, t, i);
                    acknowledged.add(new long[] {i % SERIES + 1, t});
                } catch (final StorageFullException expected) {
                    refused++;
                }
            }
            assertThat(refused).as("appends refused while full").isEqualTo(50);
            assertThatThrownBy(() -> tsdb.insert(1, Long.MAX_VALUE - 1, 0)).isInstanceOf(StorageFullException.class)
                .hasMessageContaining("disk full");
            Files.delete(filler);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int resumedAfter = 0;
            while (true) {
                try {
                    tsdb.insert(1, t, -1);
                    acknowledged.add(new long[] {1, t});
                    t += 1000;
                    break;
                } catch (final StorageFullException stillFull) {
                    assertThat(System.nanoTime()).as("resumed within 10 s").isLessThan(deadline);
                    resumedAfter++;
                    Thread.sleep(100);
                }
            }
            for (int i = 0; i < 500; i++, t += 1000) {
                tsdb.insert(i % SERIES + 1, t, i);
                acknowledged.add(new long[] {i % SERIES + 1, t});
            }
            System.out.println("StorageFullTest: " + refused + " refused while full, resumed after " + resumedAfter
                + " more refusals, " + acknowledged.size() + " acknowledged");
            // A crash image: the files as they are now (every acknowledged insert was forced), without close.
            copy(data, dir.resolve("crash"));
        }
        try (Tsdb reopened = Tsdb.open(dir.resolve("crash"), config)) {
            for (int s = 1; s <= SERIES; s++) {
                final int series = s;
                final long expected = acknowledged.stream().filter(p -> p[0] == series).count();
                long count = 0;
                long previous = Long.MIN_VALUE;
                try (SampleCursor cursor = reopened.query(s, Long.MIN_VALUE, Long.MAX_VALUE)) {
                    while (cursor.next()) {
                        assertThat(cursor.timestampMillis()).as("ascending, no point twice").isGreaterThan(previous);
                        previous = cursor.timestampMillis();
                        count++;
                    }
                }
                assertThat(count).as("points of series %d", s).isEqualTo(expected);
            }
        }
    }

    @Test
    void shouldLeaveBlocksWholeWhenPersistMeetsAFullDiskAndPersistOnceSpaceIsBack() throws Exception {
        final Path data = mount.resolve("data");
        final TsdbConfig config = new TsdbConfig().chunkMaxSamples(120);
        final int points = 6_000;
        try (Tsdb tsdb = Tsdb.open(data, config)) {
            for (int i = 0; i < points; i++) {
                tsdb.insert(i % SERIES + 1, 1_700_000_000_000L + i * 1000L, i);
            }
            final Path filler = tmpfs.fill(0);
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    tsdb.persistNow();
                } catch (final TsdbException expected) {
                    assertThat(StorageFullException.isNoSpace(expected)).as(expected.toString()).isTrue();
                }
            }
            copy(data, dir.resolve("while-full"));
            Files.delete(filler);
            tsdb.persistNow();
            assertThat(tsdb.storageStats().blocks()).as("blocks written once space is back").isNotEmpty();
            copy(data, dir.resolve("after"));
        }
        for (final String image : new String[] {"while-full", "after"}) {
            try (Tsdb reopened = Tsdb.open(dir.resolve(image), config)) {
                long total = 0;
                for (int s = 1; s <= SERIES; s++) {
                    try (SampleCursor cursor = reopened.query(s, Long.MIN_VALUE, Long.MAX_VALUE)) {
                        long previous = Long.MIN_VALUE;
                        while (cursor.next()) {
                            assertThat(cursor.timestampMillis()).isGreaterThan(previous);
                            previous = cursor.timestampMillis();
                            total++;
                        }
                    }
                }
                assertThat(total).as("points in the %s image", image).isEqualTo(points);
            }
        }
    }

    private static void copy(final Path from, final Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (final Path source : walk.toList()) {
                final Path target = to.resolve(from.relativize(source));
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (!source.getFileName().toString().endsWith(".lock")) {
                    Files.copy(source, target);
                }
            }
        }
    }
}
