// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.sampler;

import io.ztsdb.ebpf.libbpf.NativeFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Parses counters out of small cgroupfs files read into one reused native buffer (no String, no allocation per
 * reading). Not thread-safe: one per sampler thread.
 */
public final class CgroupfsReader implements AutoCloseable {
    private static final byte[] USAGE_USEC = "usage_usec ".getBytes(StandardCharsets.US_ASCII);
    private static final int BUFFER_LENGTH = 4096;
    private final Arena arena = Arena.ofShared(); // created by one thread, used by the collector thread
    private final MemorySegment buffer = arena.allocate(BUFFER_LENGTH);

    /**
     * @param cpuStat an open cgroup v2 {@code cpu.stat} file.
     * @return {@code usage_usec}, or -1 when unreadable.
     */
    public long cpuUsageMicros(final NativeFile cpuStat) {
        final int n = cpuStat == null ? -1 : cpuStat.readFromStart(buffer);
        return n <= 0 ? -1 : findUsageUsec(n);
    }

    /**
     * @param file an open file holding one decimal number, e.g. {@code memory.current}.
     * @return the number, or -1 when unreadable.
     */
    public long singleValue(final NativeFile file) {
        final int n = file == null ? -1 : file.readFromStart(buffer);
        return n <= 0 ? -1 : parse(0, n);
    }

    /**
     * Opens and reads a file once (tests, one-off readings).
     *
     * @param cpuStat a {@code cpu.stat} file.
     * @return {@code usage_usec}, or -1.
     */
    public long cpuUsageMicros(final Path cpuStat) {
        try (NativeFile file = NativeFile.openOrNull(cpuStat)) {
            return cpuUsageMicros(file);
        }
    }

    /**
     * Opens and reads a single-value file once.
     *
     * @param file the file.
     * @return the number, or -1.
     */
    public long singleValue(final Path file) {
        try (NativeFile f = NativeFile.openOrNull(file)) {
            return singleValue(f);
        }
    }

    private long findUsageUsec(final int n) {
        int line = 0;
        while (line < n) {
            boolean match = true;
            for (int i = 0; i < USAGE_USEC.length; i++) {
                if (line + i >= n || buffer.get(ValueLayout.JAVA_BYTE, line + i) != USAGE_USEC[i]) {
                    match = false;
                    break;
                }
            }
            if (match) {
                return parse(line + USAGE_USEC.length, n);
            }
            while (line < n && buffer.get(ValueLayout.JAVA_BYTE, line) != '\n') {
                line++;
            }
            line++;
        }
        return -1;
    }

    private long parse(final int from, final int end) {
        long value = 0;
        int i = from;
        while (i < end) {
            final byte b = buffer.get(ValueLayout.JAVA_BYTE, i);
            if (b < '0' || b > '9') {
                break;
            }
            value = value * 10 + (b - '0');
            i++;
        }
        return i > from ? value : -1;
    }

    @Override
    public void close() {
        arena.close();
    }
}
