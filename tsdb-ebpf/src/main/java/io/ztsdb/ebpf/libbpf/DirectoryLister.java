// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.libbpf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/**
 * Lists the subdirectories of a directory with their inode numbers through libc {@code readdir64}: the type and
 * the inode come with the directory entry ({@code d_type}, {@code d_ino}), so walking a cgroup tree needs no
 * {@code stat} per file. A cgroup directory holds dozens of control files; stat-ing each made a 1,000-container
 * walk take over a second.
 */
@SuppressWarnings("restricted") // reinterpret of the dirent returned by readdir64
public final class DirectoryLister {
    /** {@code struct dirent64} (glibc, any 64-bit arch): d_ino u64 | d_off s64 | d_reclen u16 | d_type u8 | d_name. */
    private static final long D_INO_OFFSET = 0;
    private static final long D_TYPE_OFFSET = 18;
    private static final long D_NAME_OFFSET = 19;
    private static final long DIRENT_MAX_LENGTH = D_NAME_OFFSET + 256;
    private static final byte DT_UNKNOWN = 0;
    private static final byte DT_DIR = 4;

    /** Receives one subdirectory. */
    @FunctionalInterface
    public interface Visitor {
        /**
         * @param name  the entry name.
         * @param inode {@code d_ino}.
         * @param typeKnown false when the file system does not report types (the caller must check).
         */
        void directory(String name, long inode, boolean typeKnown);
    }

    private DirectoryLister() {
    }

    /**
     * Lists the subdirectories of a directory ({@code .} and {@code ..} excluded).
     *
     * @param directory the directory.
     * @param visitor   receives each subdirectory (and each entry of unknown type).
     * @return false when the directory cannot be opened (removed meanwhile, no permission).
     */
    public static boolean list(final Path directory, final Visitor visitor) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment dir =
                (MemorySegment) Libbpf.OPENDIR.invokeExact(arena.allocateFrom(directory.toString()));
            if (dir.address() == 0) {
                return false;
            }
            try {
                while (true) {
                    final MemorySegment entry = ((MemorySegment) Libbpf.READDIR64.invokeExact(dir));
                    if (entry.address() == 0) {
                        return true;
                    }
                    final MemorySegment e = entry.reinterpret(DIRENT_MAX_LENGTH);
                    final byte type = e.get(ValueLayout.JAVA_BYTE, D_TYPE_OFFSET);
                    if (type != DT_DIR && type != DT_UNKNOWN) {
                        continue;
                    }
                    final String name = e.getString(D_NAME_OFFSET);
                    if (name.equals(".") || name.equals("..")) {
                        continue;
                    }
                    visitor.directory(name, e.get(ValueLayout.JAVA_LONG_UNALIGNED, D_INO_OFFSET), type == DT_DIR);
                }
            } finally {
                final int ignored = (int) Libbpf.CLOSEDIR.invokeExact(dir);
            }
        } catch (final RuntimeException | Error e) {
            throw e;
        } catch (final Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
