// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.sampler;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads counters from small cgroupfs files into a reused buffer (no String per read).
 * Not thread-safe: one per sampler thread.
 */
public final class CgroupfsReader {
    private static final byte[] USAGE_USEC = "usage_usec ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private final ByteBuffer buffer = ByteBuffer.allocate(4096);

    /**
     * @param cpuStat a cgroup v2 {@code cpu.stat} file.
     * @return {@code usage_usec}, or -1 when unreadable.
     */
    public long cpuUsageMicros(final Path cpuStat) {
        final int n = read(cpuStat);
        if (n <= 0) {
            return -1;
        }
        final byte[] b = buffer.array();
        outer:
        for (int line = 0; line < n; ) {
            for (int i = 0; i < USAGE_USEC.length; i++) {
                if (line + i >= n || b[line + i] != USAGE_USEC[i]) {
                    while (line < n && b[line] != '\n') {
                        line++;
                    }
                    line++;
                    continue outer;
                }
            }
            return parse(b, line + USAGE_USEC.length, n);
        }
        return -1;
    }

    /**
     * @param file a file holding one decimal number, e.g. {@code memory.current}.
     * @return the number, or -1 when unreadable.
     */
    public long singleValue(final Path file) {
        final int n = read(file);
        return n <= 0 ? -1 : parse(buffer.array(), 0, n);
    }

    private int read(final Path file) {
        buffer.clear();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            int total = 0;
            int r;
            while ((r = channel.read(buffer)) > 0) {
                total += r;
                if (!buffer.hasRemaining()) {
                    break;
                }
            }
            return total;
        } catch (final IOException | SecurityException e) {
            return -1;
        }
    }

    private static long parse(final byte[] b, final int from, final int end) {
        long value = 0;
        int i = from;
        boolean any = false;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            value = value * 10 + (b[i] - '0');
            i++;
            any = true;
        }
        return any ? value : -1;
    }
}
