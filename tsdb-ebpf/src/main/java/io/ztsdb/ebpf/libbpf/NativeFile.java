// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.libbpf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * A read-only file descriptor kept open across collection rounds and re-read with {@code pread(fd, buf, 0)}:
 * cgroupfs (kernfs seq_file) regenerates the content at offset 0, so one syscall per reading replaces
 * open + read + close. Plain libc downcalls, no libbpf needed. {@link #close()} is idempotent.
 */
public final class NativeFile implements AutoCloseable {
    private final Path path;
    private int fd;

    private NativeFile(final Path path, final int fd) {
        this.path = path;
        this.fd = fd;
    }

    /**
     * @param path the file.
     * @return the open file, or null when it cannot be opened (missing, removed cgroup, no permission).
     */
    public static NativeFile openOrNull(final Path path) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment state = arena.allocate(Libbpf.CAPTURE_STATE_LAYOUT);
            final int fd = (int) Libbpf.OPEN.invokeExact(state, arena.allocateFrom(path.toString()), Libbpf.O_RDONLY,
                0);
            return fd < 0 ? null : new NativeFile(path, fd);
        } catch (final RuntimeException | Error e) {
            throw e;
        } catch (final Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Reads the file from offset 0.
     *
     * @param buffer receives the bytes.
     * @return the number of bytes read, or -1 on error (e.g. the cgroup was removed).
     */
    public int readFromStart(final MemorySegment buffer) {
        if (fd < 0) {
            return -1;
        }
        try {
            final long n = (long) Libbpf.PREAD.invokeExact(fd, buffer, buffer.byteSize(), 0L);
            return (int) n;
        } catch (final RuntimeException | Error e) {
            throw e;
        } catch (final Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * @return the file's path.
     */
    public Path path() {
        return path;
    }

    @Override
    public void close() {
        if (fd >= 0) {
            final int toClose = fd;
            fd = -1;
            try {
                final int ignored = (int) Libbpf.CLOSE.invokeExact(toClose);
            } catch (final RuntimeException | Error e) {
                throw e;
            } catch (final Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }
}
