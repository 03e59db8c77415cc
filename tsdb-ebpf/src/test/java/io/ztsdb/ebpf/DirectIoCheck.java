// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import io.ztsdb.ebpf.sampler.CgroupState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * 64 direct 1 MiB writes, then 64 direct 1 MiB reads from a fake container, which the collector must count
 * exactly. The kernel may charge a few unrelated bios to the same process (ext4 journal checkpoints run in the
 * context of the task that needs journal space, executable page-ins on first exec), so an attempt with such noise
 * is repeated, up to three times; every attempt must count at least the data and at most 1 MiB more.
 */
final class DirectIoCheck {
    private static final long EXPECTED_BYTES = 67_108_864L;

    private DirectIoCheck() {
    }

    /**
     * @param cgroupId the id the collector keys the container by.
     */
    static void assertCountedExactly(final EbpfCollector collector, final FakeContainers fake,
                                     final FakeContainers.Container c, final long cgroupId) throws Exception {
        final Path dir = Files.createDirectories(Path.of("target", "ebpf-io-test").toAbsolutePath());
        final List<String> attempts = new ArrayList<>();
        collector.sampleNow();
        for (int attempt = 0; attempt < 3; attempt++) {
            final Path file = dir.resolve("dd-" + System.nanoTime());
            try {
                final long[] before = ioTotals(collector, cgroupId);
                assertThat(FakeContainers.await(fake.run(c, "dd", "if=/dev/zero", "of=" + file, "bs=1M", "count=64",
                    "oflag=direct", "status=none"), 60)).isZero();
                assertThat(FakeContainers.await(fake.run(c, "dd", "if=" + file, "of=/dev/null", "bs=1M", "count=64",
                    "iflag=direct", "status=none"), 60)).isZero();
                collector.sampleNow();
                final long[] after = ioTotals(collector, cgroupId);
                final long writeBytes = after[0] - before[0];
                final long writeOps = after[1] - before[1];
                final long readBytes = after[2] - before[2];
                final long readOps = after[3] - before[3];
                attempts.add("write " + writeBytes + " B / " + writeOps + " ops, read " + readBytes + " B / "
                    + readOps + " ops");
                assertThat(writeBytes).as(attempts.toString()).isBetween(EXPECTED_BYTES, EXPECTED_BYTES + (1 << 20));
                assertThat(readBytes).as(attempts.toString()).isBetween(EXPECTED_BYTES, EXPECTED_BYTES + (1 << 20));
                if (writeBytes == EXPECTED_BYTES && writeOps == 64 && readBytes == EXPECTED_BYTES && readOps == 64) {
                    return;
                }
            } finally {
                Files.deleteIfExists(file);
            }
        }
        throw new AssertionError("no attempt counted exactly 67108864 B / 64 ops each way: " + attempts);
    }

    private static long[] ioTotals(final EbpfCollector collector, final long cgroupId) {
        return new long[] {collector.total(cgroupId, CgroupState.IO_WRITE_BYTES),
            collector.total(cgroupId, CgroupState.IO_WRITE_OPS), collector.total(cgroupId, CgroupState.IO_READ_BYTES),
            collector.total(cgroupId, CgroupState.IO_READ_OPS)};
    }
}
