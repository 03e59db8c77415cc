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
 * reading): single-value files ({@code memory.current}) and flat keyed files ({@code cpu.stat},
 * {@code memory.stat}, {@code memory.events}: one {@code key value} per line). Not thread-safe: one per sampler
 * thread.
 */
public final class CgroupfsReader implements AutoCloseable {
    private static final byte[] USAGE_USEC = key("usage_usec");
    private static final int BUFFER_LENGTH = 8192; // memory.stat of v1 is the largest, about 1.5 KiB
    private final Arena arena = Arena.ofShared(); // created by one thread, used by the collector thread
    private final MemorySegment buffer = arena.allocate(BUFFER_LENGTH);
    private int length = -1;

    /**
     * @param name a key of a flat keyed file, e.g. {@code nr_throttled}.
     * @return the bytes to look for at the start of its line (the name and a space).
     */
    public static byte[] key(final String name) {
        return (name + " ").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Reads a file into the buffer for the {@link #value(byte[])} calls that follow.
     *
     * @param file an open file, or null.
     * @return true when something was read.
     */
    public boolean read(final NativeFile file) {
        length = file == null ? -1 : file.readFromStart(buffer);
        return length > 0;
    }

    /**
     * @param key a key from {@link #key(String)}.
     * @return its value in the file last {@link #read}, or -1 when absent or unreadable.
     */
    public long value(final byte[] key) {
        if (length <= 0) {
            return -1;
        }
        int line = 0;
        while (line < length) {
            boolean match = true;
            for (int i = 0; i < key.length; i++) {
                if (line + i >= length || buffer.get(ValueLayout.JAVA_BYTE, line + i) != key[i]) {
                    match = false;
                    break;
                }
            }
            if (match) {
                return parse(line + key.length, length);
            }
            while (line < length && buffer.get(ValueLayout.JAVA_BYTE, line) != '\n') {
                line++;
            }
            line++;
        }
        return -1;
    }

    /**
     * @param cpuStat an open cgroup v2 {@code cpu.stat} file.
     * @return {@code usage_usec}, or -1 when unreadable.
     */
    public long cpuUsageMicros(final NativeFile cpuStat) {
        return read(cpuStat) ? value(USAGE_USEC) : -1;
    }

    /**
     * @param file an open file holding one decimal number, e.g. {@code memory.current}.
     * @return the number, or -1 when unreadable.
     */
    public long singleValue(final NativeFile file) {
        return read(file) ? parse(0, length) : -1;
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

    /**
     * Opens and reads a flat keyed file once.
     *
     * @param file the file.
     * @param name the key.
     * @return its value, or -1.
     */
    public long value(final Path file, final String name) {
        try (NativeFile f = NativeFile.openOrNull(file)) {
            return read(f) ? value(key(name)) : -1;
        }
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
