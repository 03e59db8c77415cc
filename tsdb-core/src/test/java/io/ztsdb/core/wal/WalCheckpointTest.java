// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.wal;

import io.ztsdb.core.PointDescriptor;
import io.ztsdb.core.TsdbException;
import io.ztsdb.core.io.DefaultFileOps;
import io.ztsdb.core.io.FaultInjectingFileOps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WalCheckpointTest {
    @TempDir
    Path dir;

    private final WalConfig config = new WalConfig().segmentLengthBytes(4096);

    /** Replays and returns "batch:point" for every point. */
    private List<String> points() {
        final List<String> points = new ArrayList<>();
        WalReader.replay(dir, DefaultFileOps.INSTANCE, (segment, type, buffer, offset, length) -> {
            for (long p = offset; p < offset + length; p += PointDescriptor.LENGTH) {
                points.add(buffer.get(PointDescriptor.LONG, p + PointDescriptor.SERIES_ID_OFFSET) + ":" +
                    buffer.get(PointDescriptor.LONG, p + PointDescriptor.TIMESTAMP_OFFSET));
            }
        });
        return points;
    }

    private static List<String> expected(final int fromBatch, final int toBatch, final int fromPoint) {
        final List<String> result = new ArrayList<>();
        for (int b = fromBatch; b < toBatch; b++) {
            for (int p = fromPoint; p < 10; p++) {
                result.add(b + ":" + p);
            }
        }
        return result;
    }

    @Test
    void shouldKeepOnlyUnpersistedPointsInOrderAndDeleteFoldedSegments() throws IOException {
        final long upTo;
        try (WalWriter writer = WalWriter.open(dir, DefaultFileOps.INSTANCE, config, 0)) {
            for (int i = 0; i < 40; i++) {
                WalWriterTest.append(writer, i, 10);
            }
            upTo = writer.rotate();
            final WalCheckpoint.Result result = WalCheckpoint.create(dir, DefaultFileOps.INSTANCE, upTo,
                (series, ts) -> ts >= 7 || series >= 35);
            assertThat(result.keptPoints()).isEqualTo(35 * 3 + 5 * 10);
            assertThat(result.droppedPoints()).isEqualTo(35 * 7);
            assertThat(result.deletedSegments()).isEqualTo((int) upTo);
            for (int i = 40; i < 45; i++) {
                WalWriterTest.append(writer, i, 10);
            }
        }
        final List<String> want = expected(0, 35, 7);
        want.addAll(expected(35, 45, 0));
        assertThat(points()).isEqualTo(want);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                .containsExactlyInAnyOrder(WalCheckpoint.fileName(upTo), WalSegmentDescriptor.fileName(upTo));
        }
    }

    @Test
    void shouldFoldPreviousCheckpointIntoTheNextOne() {
        try (WalWriter writer = WalWriter.open(dir, DefaultFileOps.INSTANCE, config, 0)) {
            for (int i = 0; i < 20; i++) {
                WalWriterTest.append(writer, i, 10);
            }
            WalCheckpoint.create(dir, DefaultFileOps.INSTANCE, writer.rotate(), (series, ts) -> ts >= 5);
            for (int i = 20; i < 30; i++) {
                WalWriterTest.append(writer, i, 10);
            }
            WalCheckpoint.create(dir, DefaultFileOps.INSTANCE, writer.rotate(), (series, ts) -> ts >= 8);
        }
        assertThat(points()).isEqualTo(expected(0, 30, 8));
    }

    @Test
    void shouldRecoverFromCheckpointInterruptedBeforeRename() {
        final FaultInjectingFileOps ops = new FaultInjectingFileOps();
        try (WalWriter writer = WalWriter.open(dir, DefaultFileOps.INSTANCE, config, 0)) {
            for (int i = 0; i < 20; i++) {
                WalWriterTest.append(writer, i, 10);
            }
            final long upTo = writer.rotate();
            ops.failAt(FaultInjectingFileOps.Op.RENAME, 1);
            assertThatThrownBy(() -> WalCheckpoint.create(dir, ops, upTo, (series, ts) -> false))
                .isInstanceOf(TsdbException.class);
            WalWriterTest.append(writer, 20, 10);
        }
        assertThat(points()).isEqualTo(expected(0, 21, 0));
        assertThat(dir.resolve(WalCheckpoint.fileName(1) + WalCheckpoint.TEMP_SUFFIX)).doesNotExist();
    }

    @Test
    void shouldIgnoreSegmentsLeftBelowACheckpoint() throws IOException {
        final Path copy = dir.resolve("copy");
        Files.createDirectories(copy);
        final long upTo;
        try (WalWriter writer = WalWriter.open(dir, DefaultFileOps.INSTANCE, config, 0)) {
            for (int i = 0; i < 20; i++) {
                WalWriterTest.append(writer, i, 10);
            }
            upTo = writer.rotate();
            Files.copy(dir.resolve(WalSegmentDescriptor.fileName(0)), copy.resolve("s0"));
            WalCheckpoint.create(dir, DefaultFileOps.INSTANCE, upTo, (series, ts) -> ts >= 9);
        }
        // A crash between installing the checkpoint and deleting the segments leaves them behind.
        Files.move(copy.resolve("s0"), dir.resolve(WalSegmentDescriptor.fileName(0)));
        Files.delete(copy);
        assertThat(points()).isEqualTo(expected(0, 20, 9));
        assertThat(dir.resolve(WalSegmentDescriptor.fileName(0))).doesNotExist();
    }
}
