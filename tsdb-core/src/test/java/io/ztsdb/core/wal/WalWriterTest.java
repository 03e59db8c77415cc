// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.wal;

import io.ztsdb.core.CorruptionException;
import io.ztsdb.core.PointDescriptor;
import io.ztsdb.core.TestPoints;
import io.ztsdb.core.TsdbException;
import io.ztsdb.core.WalSync;
import io.ztsdb.core.io.DefaultFileOps;
import io.ztsdb.core.io.FaultInjectingFileOps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WalWriterTest {
    @TempDir
    Path dir;

    /** A batch whose points all encode its number, so a replayed batch can be checked whole. */
    static MemorySegment batch(final long batchNumber, final int points) {
        final MemorySegment buffer = MemorySegment.ofBuffer(ByteBuffer.allocateDirect(points * PointDescriptor.LENGTH));
        for (int i = 0; i < points; i++) {
            TestPoints.put(buffer, i, batchNumber, i, batchNumber * 1000.0 + i);
        }
        return buffer;
    }

    /** Replays and checks every batch is whole; returns batch numbers in order. */
    static List<Long> replayBatches(final Path dir) {
        final List<Long> batches = new ArrayList<>();
        WalReader.replay(dir, DefaultFileOps.INSTANCE, (segment, type, buffer, offset, length) -> {
            assertThat(type).isEqualTo(WalRecordType.POINTS);
            assertThat(length % PointDescriptor.LENGTH).isZero();
            final long number = buffer.get(PointDescriptor.LONG, offset + PointDescriptor.SERIES_ID_OFFSET);
            for (int i = 0; i < length / PointDescriptor.LENGTH; i++) {
                final long at = offset + (long) i * PointDescriptor.LENGTH;
                assertThat(buffer.get(PointDescriptor.LONG, at + PointDescriptor.SERIES_ID_OFFSET)).isEqualTo(number);
                assertThat(buffer.get(PointDescriptor.LONG, at + PointDescriptor.TIMESTAMP_OFFSET)).isEqualTo(i);
                assertThat(buffer.get(PointDescriptor.DOUBLE, at + PointDescriptor.VALUE_OFFSET))
                    .isEqualTo(number * 1000.0 + i);
            }
            batches.add(number);
        });
        return batches;
    }

    static long append(final WalWriter writer, final long number, final int points) {
        final MemorySegment buffer = batch(number, points);
        return writer.append(WalRecordType.POINTS, buffer, 0, points * PointDescriptor.LENGTH);
    }

    private static Path lastSegment(final Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".wal")).sorted().toList().getLast();
        }
    }

    @Test
    void shouldStartAtSequenceZeroInAnEmptyDirectory() {
        final WalReplayResult result = WalReader.replay(dir.resolve("none"), DefaultFileOps.INSTANCE,
            (s, t, b, o, l) -> { });
        assertThat(result.nextSequence()).isZero();
        assertThat(result.records()).isZero();
    }

    @Test
    void shouldReplayRecordsInAppendOrderAcrossSegments() {
        final WalConfig config = new WalConfig().segmentLengthBytes(8192);
        try (WalWriter writer = WalWriter.open(dir, DefaultFileOps.INSTANCE, config, 0)) {
            for (int i = 0; i < 100; i++) {
                writer.awaitDurable(append(writer, i, 10));
            }
            assertThat(writer.currentSequence()).isEqualTo(3);
        }
        assertThat(replayBatches(dir)).hasSize(100).isSorted().startsWith(0L, 1L).endsWith(99L);
    }

    @Test
    void shouldTruncateTornTailAndKeepAppendingAfterRestart() throws IOException {
        try (WalWriter writer = WalWriter.open(dir, DefaultFileOps.INSTANCE, new WalConfig(), 0)) {
            for (int i = 0; i < 10; i++) {
                append(writer, i, 5);
            }
        }
        final Path segment = lastSegment(dir);
        final long length = Files.size(segment);
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.setLength(length - 7);
        }
        final WalReplayResult result = WalReader.replay(dir, DefaultFileOps.INSTANCE, (s, t, b, o, l) -> { });
        assertThat(result.records()).isEqualTo(9);
        assertThat(result.truncatedBytes()).isEqualTo(WalRecordDescriptor.HEADER_LENGTH + 5 * 24 - 7);
        assertThat(Files.size(segment)).isEqualTo(length - WalRecordDescriptor.HEADER_LENGTH - 5 * 24);

        try (WalWriter writer = WalWriter.open(dir, DefaultFileOps.INSTANCE, new WalConfig(), result.nextSequence())) {
            append(writer, 10, 5);
        }
        assertThat(replayBatches(dir)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 10L);
    }

    @Test
    void shouldTruncateTailRecordWithBadChecksum() throws IOException {
        try (WalWriter writer = WalWriter.open(dir, DefaultFileOps.INSTANCE, new WalConfig(), 0)) {
            for (int i = 0; i < 3; i++) {
                append(writer, i, 4);
            }
        }
        final Path segment = lastSegment(dir);
        flipByte(segment, Files.size(segment) - 3);
        assertThat(replayBatches(dir)).containsExactly(0L, 1L);
    }

    @Test
    void shouldRemoveNewestSegmentShorterThanItsHeader() throws IOException {
        try (WalWriter writer = WalWriter.open(dir, DefaultFileOps.INSTANCE, new WalConfig(), 0)) {
            append(writer, 0, 4);
        }
        Files.write(dir.resolve(WalSegmentDescriptor.fileName(1)), new byte[5]);
        final WalReplayResult result = WalReader.replay(dir, DefaultFileOps.INSTANCE, (s, t, b, o, l) -> { });
        assertThat(result.records()).isEqualTo(1);
        assertThat(result.nextSequence()).isEqualTo(1);
        assertThat(Files.exists(dir.resolve(WalSegmentDescriptor.fileName(1)))).isFalse();
    }

    @Test
    void shouldReportCorruptionInOlderSegment() throws IOException {
        final WalConfig config = new WalConfig().segmentLengthBytes(4096);
        try (WalWriter writer = WalWriter.open(dir, DefaultFileOps.INSTANCE, config, 0)) {
            for (int i = 0; i < 40; i++) {
                append(writer, i, 10);
            }
        }
        final Path first = dir.resolve(WalSegmentDescriptor.fileName(0));
        final long offset = WalSegmentDescriptor.HEADER_LENGTH + 252 + 100;
        flipByte(first, offset);
        assertThatThrownBy(() -> replayBatches(dir))
            .isInstanceOfSatisfying(CorruptionException.class, ex -> {
                assertThat(ex.file()).isEqualTo(first);
                assertThat(ex.segment()).isZero();
                assertThat(ex.offset()).isEqualTo(WalSegmentDescriptor.HEADER_LENGTH + 252);
                assertThat(ex.reason()).contains("checksum");
            });
    }

    @Test
    void shouldReportMissingSegmentInTheMiddle() throws IOException {
        final WalConfig config = new WalConfig().segmentLengthBytes(4096);
        try (WalWriter writer = WalWriter.open(dir, DefaultFileOps.INSTANCE, config, 0)) {
            for (int i = 0; i < 40; i++) {
                append(writer, i, 10);
            }
        }
        Files.delete(dir.resolve(WalSegmentDescriptor.fileName(1)));
        assertThatThrownBy(() -> replayBatches(dir)).isInstanceOf(CorruptionException.class)
            .hasMessageContaining("missing WAL segment 1");
    }

    @Test
    void shouldRejectUnknownSegmentVersion() throws IOException {
        try (WalWriter writer = WalWriter.open(dir, DefaultFileOps.INSTANCE, new WalConfig(), 0)) {
            append(writer, 0, 4);
        }
        flipByte(dir.resolve(WalSegmentDescriptor.fileName(0)), WalSegmentDescriptor.VERSION_OFFSET);
        assertThatThrownBy(() -> replayBatches(dir)).isInstanceOf(CorruptionException.class)
            .hasMessageContaining("unsupported WAL version");
    }

    @Test
    void shouldShareOneFsyncAmongConcurrentAppenders() throws Exception {
        final CountingFileOps ops = new CountingFileOps();
        final int threads = 8;
        final int perThread = 200;
        try (WalWriter writer = WalWriter.open(dir, ops, new WalConfig(), 0)) {
            final List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int base = t * perThread;
                workers.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < perThread; i++) {
                        writer.awaitDurable(append(writer, base + i, 8));
                    }
                }));
            }
            for (final Thread worker : workers) {
                worker.join();
            }
            assertThat(writer.durablePosition()).isEqualTo(writer.appendedPosition());
        }
        assertThat(ops.forces.get()).isLessThan(threads * perThread);
        assertThat(replayBatches(dir)).hasSize(threads * perThread).doesNotHaveDuplicates();
    }

    @Test
    void shouldCompleteFutureOnlyAfterForce() throws Exception {
        try (WalWriter writer = WalWriter.open(dir, DefaultFileOps.INSTANCE, new WalConfig(), 0)) {
            final long position = append(writer, 1, 3);
            final CompletableFuture<String> future = writer.whenDurable(position, "done");
            assertThat(future.get()).isEqualTo("done");
            assertThat(writer.durablePosition()).isGreaterThanOrEqualTo(position);
            assertThat(writer.whenDurable(position, "again")).isCompletedWithValue("again");
        }
    }

    @Test
    void shouldAcknowledgeOnWriteWithPolicyNone() {
        final WalConfig config = new WalConfig().sync(WalSync.parse("none"));
        try (WalWriter writer = WalWriter.open(dir, DefaultFileOps.INSTANCE, config, 0)) {
            assertThat(writer.whenDurable(append(writer, 1, 3), 1)).isCompletedWithValue(1);
        }
        assertThat(replayBatches(dir)).containsExactly(1L);
    }

    @Test
    void shouldForceEveryIntervalWithPolicyInterval() throws Exception {
        final CountingFileOps ops = new CountingFileOps();
        final WalConfig config = new WalConfig().sync(WalSync.parse("interval=5"));
        assertThat(config.sync().mode()).isEqualTo(WalSync.Mode.INTERVAL);
        assertThat(config.sync().intervalMillis()).isEqualTo(5);
        try (WalWriter writer = WalWriter.open(dir, ops, config, 0)) {
            final int before = ops.forces.get();
            append(writer, 1, 3);
            final long deadline = System.nanoTime() + 5_000_000_000L;
            while (ops.forces.get() == before && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertThat(ops.forces.get()).isGreaterThan(before);
        }
    }

    @Test
    void shouldRejectBadSyncPolicy() {
        assertThatThrownBy(() -> WalSync.parse("sometimes"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sometimes");
    }

    @Test
    void shouldDeleteSegmentsBeforeCheckpoint() throws IOException {
        final WalConfig config = new WalConfig().segmentLengthBytes(4096);
        try (WalWriter writer = WalWriter.open(dir, DefaultFileOps.INSTANCE, config, 0)) {
            for (int i = 0; i < 20; i++) {
                append(writer, i, 10);
            }
            final long checkpoint = writer.rotate();
            append(writer, 20, 10);
            assertThat(writer.deleteSegmentsBefore(checkpoint)).isEqualTo((int) checkpoint);
            assertThatThrownBy(() -> writer.deleteSegmentsBefore(checkpoint + 1))
                .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(replayBatches(dir)).containsExactly(20L);
    }

    @Test
    void shouldFailWaitersAndRefuseAppendsAfterForceFailure() {
        final FaultInjectingFileOps ops = new FaultInjectingFileOps();
        try (WalWriter writer = WalWriter.open(dir, ops, new WalConfig(), 0)) {
            writer.awaitDurable(append(writer, 0, 4));
            ops.failAt(FaultInjectingFileOps.Op.FORCE, 1);
            final long position = append(writer, 1, 4);
            assertThatThrownBy(() -> writer.awaitDurable(position)).isInstanceOf(TsdbException.class);
            assertThat(writer.whenDurable(position, 1)).isCompletedExceptionally();
            assertThatThrownBy(() -> append(writer, 2, 4)).isInstanceOf(TsdbException.class);
        }
        // Batch 0 was acknowledged; batch 1 was not, but it is whole if present.
        assertThat(replayBatches(dir)).startsWith(0L).doesNotContain(2L);
    }

    @Test
    void shouldKeepAcknowledgedBatchesAndDropTornOneAfterWriteFailure() {
        final FaultInjectingFileOps ops = new FaultInjectingFileOps();
        try (WalWriter writer = WalWriter.open(dir, ops, new WalConfig(), 0)) {
            for (int i = 0; i < 5; i++) {
                writer.awaitDurable(append(writer, i, 50));
            }
            ops.failAt(FaultInjectingFileOps.Op.WRITE, 1);
            assertThatThrownBy(() -> append(writer, 5, 50)).isInstanceOf(TsdbException.class);
        }
        assertThat(replayBatches(dir)).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void shouldFailAppendWhenSegmentSwitchCannotSyncDirectory() {
        final FaultInjectingFileOps ops = new FaultInjectingFileOps();
        final WalConfig config = new WalConfig().segmentLengthBytes(4096);
        int acknowledged = 0;
        try (WalWriter writer = WalWriter.open(dir, ops, config, 0)) {
            ops.failAt(FaultInjectingFileOps.Op.SYNC_DIRECTORY, 1);
            try {
                for (int i = 0; i < 100; i++) {
                    writer.awaitDurable(append(writer, i, 10));
                    acknowledged++;
                }
            } catch (final TsdbException expected) {
                assertThat(expected).hasMessageContaining("WAL");
            }
        }
        assertThat(acknowledged).isLessThan(100);
        assertThat(replayBatches(dir)).hasSizeGreaterThanOrEqualTo(acknowledged)
            .startsWith(0L).isSorted();
    }

    static void flipByte(final Path file, final long offset) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            final int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0x5A);
        }
    }

    private static final class CountingFileOps extends DefaultFileOps {
        final AtomicInteger forces = new AtomicInteger();

        @Override
        public void force(final java.nio.channels.FileChannel channel, final boolean metadata) throws IOException {
            forces.incrementAndGet();
            super.force(channel, metadata);
        }
    }

    @Test
    void shouldKeepExistingPrefixOfSourceBufferAlone() {
        final MemorySegment source = MemorySegment.ofArray(new byte[256]).fill((byte) 0x11);
        try (WalWriter writer = WalWriter.open(dir, DefaultFileOps.INSTANCE, new WalConfig(), 0)) {
            writer.append(WalRecordType.POINTS, source, 16, 48);
        }
        final List<Integer> lengths = new ArrayList<>();
        WalReader.replay(dir, DefaultFileOps.INSTANCE, (s, t, b, o, l) -> {
            lengths.add(l);
            assertThat(b.get(ValueLayout.JAVA_BYTE, o)).isEqualTo((byte) 0x11);
        });
        assertThat(lengths).containsExactly(48);
        assertThat(source.get(ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) 0x11);
    }
}
