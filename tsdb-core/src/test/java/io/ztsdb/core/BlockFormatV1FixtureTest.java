// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Blocks of format version 1 (Gorilla chunks only), written by the engine before the columnar encoding existed, stay
 * readable for ever. The fixture in {@code src/test/resources/fixtures/block-v1/} (never rewritten) holds four
 * blocks of that build: one compacted (level 1, re-encoded 1,024-sample chunks) and three cut from the head. They
 * hold a prefix of the three series below, written with {@code Tsdb.insertBatch} (one batch of 1,400 points per
 * series), {@code persistNow()} and the background compaction of that build.
 */
class BlockFormatV1FixtureTest {
    static final long T0 = 1_704_067_200_000L;
    static final String[] BLOCKS = {"b-00000000000000000003", "b-00000000000000000004", "b-00000000000000000005",
        "b-00000000000000000006"};
    /** Points of series 1, 2, 3 in the fixture's blocks (the rest of the 1,400 stayed in that build's WAL). */
    static final int[] POINTS = {0, 1320, 1389, 1320};

    @TempDir
    Path dir;

    /** Timestamp of point {@code i} of series {@code s}, as the fixture's generator wrote it. */
    static long timestamp(final int s, final int i) {
        return s == 2 ? T0 + 21_000L * i + (i % 5 == 0 ? 313 : 0) : T0 + 30_000L * i;
    }

    /** Value of point {@code i} of series {@code s}: a counter with resets, special doubles, a decimal gauge. */
    static double value(final int s, final int i) {
        if (s == 1) {
            return i % 700 == 699 ? 0.0 : (double) (i % 700 * 17L);
        }
        if (s == 2) {
            final double[] special = {Double.NaN, Double.longBitsToDouble(0x7ff0_0000_0000_0badL), -0.0, 0.0,
                Double.MIN_VALUE, Double.MAX_VALUE, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 1e-310,
                -1.5e300};
            return i % 3 == 0 ? special[i / 3 % special.length] : Math.sin(i * 0.01) * 1e6;
        }
        return Math.round(Math.sin(i / 100.0) * 10_000) / 100.0;
    }

    /** Writes the fixture's blocks into {@code dataDir/blocks}. */
    static void materialize(final Path dataDir) {
        try {
            for (final String block : BLOCKS) {
                final Path target = Files.createDirectories(dataDir.resolve("blocks").resolve(block));
                for (final String file : List.of("chunks", "index", "meta")) {
                    Files.write(target.resolve(file), hex("/fixtures/block-v1/" + block + "." + file + ".hex"));
                }
            }
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static byte[] hex(final String resource) throws IOException {
        try (InputStream in = BlockFormatV1FixtureTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                .replaceAll("\\s", ""));
        }
    }

    /** Asserts that the database holds exactly the fixture's points, bit for bit. */
    static void assertFixtureData(final Tsdb tsdb) {
        for (int s = 1; s <= 3; s++) {
            int i = 0;
            try (SampleCursor cursor = tsdb.query(s, Long.MIN_VALUE, Long.MAX_VALUE)) {
                while (cursor.next()) {
                    assertThat(cursor.timestampMillis()).as("series %d point %d", s, i).isEqualTo(timestamp(s, i));
                    assertThat(Double.doubleToRawLongBits(cursor.value())).as("series %d point %d", s, i)
                        .isEqualTo(Double.doubleToRawLongBits(value(s, i)));
                    i++;
                }
            }
            assertThat(i).as("points of series %d", s).isEqualTo(POINTS[s]);
        }
    }

    @Test
    void shouldReadVersionOneBlocks() {
        materialize(dir);
        try (Tsdb tsdb = Tsdb.open(dir)) {
            assertThat(tsdb.storageStats().blocks()).extracting(BlockInfo::level).containsExactly(1, 0, 0, 0);
            assertThat(tsdb.storageStats().corruptBlocks()).isZero();
            assertFixtureData(tsdb);
            // A sub-range crossing the compacted block and a level-0 block.
            try (SampleCursor cursor = tsdb.query(3, timestamp(3, 700), timestamp(3, 760))) {
                int n = 0;
                while (cursor.next()) {
                    assertThat(cursor.timestampMillis()).isEqualTo(timestamp(3, 700 + n));
                    n++;
                }
                assertThat(n).isEqualTo(61);
            }
        }
    }

    @Test
    void shouldRewriteBlockDirectoriesAsBlockFiles() throws IOException {
        materialize(dir);
        try (Tsdb tsdb = Tsdb.open(dir)) {
            tsdb.persistNow();
            assertFixtureData(tsdb);
        }
        try (var entries = Files.list(dir.resolve("blocks"))) {
            assertThat(entries.toList()).isNotEmpty().allSatisfy(entry -> {
                assertThat(entry).isRegularFile();
                assertThat(entry.getFileName().toString()).endsWith(".blk");
            });
        }
        try (Tsdb tsdb = Tsdb.open(dir)) {
            assertThat(tsdb.storageStats().corruptBlocks()).isZero();
            assertFixtureData(tsdb);
        }
    }
}
