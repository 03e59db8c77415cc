// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.remotewrite;

import io.ztsdb.core.PointDescriptor;
import io.ztsdb.core.io.DefaultFileOps;
import io.ztsdb.core.wal.WalSegmentDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The queue on real files: order, resume at the cursor after a reopen, torn tails, dropping the oldest segment. */
class SenderQueueTest {
    @TempDir
    Path directory;

    private RemoteWriteConfig config() {
        return new RemoteWriteConfig().queueDirectory(directory).segmentLengthBytes(4096);
    }

    private static void append(final SenderQueue queue, final long from, final int count) {
        final ByteBuffer points = ByteBuffer.allocate(count * PointDescriptor.LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            points.putLong(from + i).putLong(1000 * (from + i)).putDouble(from + i + 0.5);
        }
        queue.append(MemorySegment.ofArray(points.array()), 0, count).join();
    }

    /** Reads everything readable now, across segments. */
    private static List<Long> readAll(final SenderQueue queue, final int maxPoints) throws IOException {
        final List<Long> ids = new ArrayList<>();
        while (true) {
            final int n = queue.read(maxPoints, (id, t, v) -> {
                assertThat(t).isEqualTo(id * 1000);
                assertThat(v).isEqualTo(id + 0.5);
                return ids.add(id);
            }, true);
            if (n == 0 && queue.read(1, (id, t, v) -> false, true) == 0
                && queue.readPosition().sequence() == queue.writerSequence()) {
                return ids;
            }
        }
    }

    private static List<Long> range(final long from, final long to) {
        final List<Long> ids = new ArrayList<>();
        for (long i = from; i < to; i++) {
            ids.add(i);
        }
        return ids;
    }

    @Test
    void shouldReadInOrderAcrossSegmentsAndResumeAtTheCursorAfterReopen() throws IOException {
        final List<Long> first = new ArrayList<>();
        try (SenderQueue queue = SenderQueue.open(config())) {
            for (int b = 0; b < 20; b++) {
                append(queue, b * 50L, 50);   // 1.2 KB records: several segments of 4 KiB
            }
            queue.read(420, (id, t, v) -> first.add(id), true);
            assertThat(first).isEqualTo(range(0, first.size()));
            queue.commit(queue.readPosition());
            queue.persist();
            assertThat(readAll(queue, 77)).isEqualTo(range(first.size(), 1000));
        }
        // Read but not committed: after a reopen these are read again, those before the cursor are not.
        try (SenderQueue reopened = SenderQueue.open(config())) {
            append(reopened, 1000, 10);
            assertThat(readAll(reopened, 1000)).isEqualTo(range(first.size(), 1010));
        }
        final long[] segments = QueueSegments.sequences(directory, DefaultFileOps.INSTANCE);
        assertThat(segments.length).isGreaterThan(3);
    }

    @Test
    void shouldSkipATornTailOfAnOlderSegmentAndWaitOnTheCurrentOne() throws IOException {
        try (SenderQueue queue = SenderQueue.open(config())) {
            append(queue, 0, 100);
        }
        // A crash in the middle of a record: half of a record at the end of segment 0.
        final Path segment0 = directory.resolve(WalSegmentDescriptor.fileName(0));
        final long intact = Files.size(segment0);
        try (FileChannel channel = FileChannel.open(segment0, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {(byte) 200, 0, 0, 0, 1, 2, 3, 4, 1, 0, 0, 0, 9, 9}), intact);
        }
        try (SenderQueue queue = SenderQueue.open(config())) {
            append(queue, 100, 20);
            assertThat(readAll(queue, 1000)).isEqualTo(range(0, 120));
            final List<Long> none = new ArrayList<>();
            assertThat(queue.read(10, (id, t, v) -> none.add(id), true)).isZero();
            append(queue, 120, 5);
            assertThat(readAll(queue, 1000)).isEqualTo(range(120, 125));
        }
    }

    @Test
    void shouldDropTheOldestSegmentCountingItsUnsentPoints() throws IOException {
        try (SenderQueue queue = SenderQueue.open(config())) {
            append(queue, 0, 100);   // 2.4 KB in segment 0
            queue.rotate();
            append(queue, 100, 100);
            queue.read(30, (id, t, v) -> true, true);
            queue.commit(queue.readPosition());
            assertThat(queue.pendingBytes()).isGreaterThan(4000);
            assertThat(queue.dropOldestSegment()).isEqualTo(70);
            assertThat(readAll(queue, 1000)).isEqualTo(range(100, 200));
            // The segment being written is never dropped.
            assertThat(queue.dropOldestSegment()).isEqualTo(-1);
            assertThat(Files.exists(directory.resolve(WalSegmentDescriptor.fileName(0)))).isFalse();
        }
    }
}
