// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real, small tmpfs mounted for a full-disk test (root only; the test is skipped otherwise), filled with a file of
 * zeros and freed by deleting it.
 */
public final class SmallTmpfs implements AutoCloseable {
    private final Path mount;

    private SmallTmpfs(final Path mount) {
        this.mount = mount;
    }

    /**
     * Mounts a tmpfs at {@code dir/tmpfs}.
     *
     * @param dir  the test's temporary directory.
     * @param size the tmpfs size, e.g. {@code 6m}.
     * @return the mount.
     */
    public static SmallTmpfs mount(final Path dir, final String size) throws IOException, InterruptedException {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        final Path mount = Files.createDirectories(dir.resolve("tmpfs"));
        run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mount.toString());
        return new SmallTmpfs(mount);
    }

    /** @return the mounted directory. */
    public Path path() {
        return mount;
    }

    /**
     * Fills the file system with zeros down to {@code leaveBytes} of free space (0: until a write fails).
     *
     * @return the filler file; deleting it frees the space.
     */
    public Path fill(final long leaveBytes) throws IOException {
        final Path filler = mount.resolve("filler");
        final byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (leaveBytes == 0 || Files.getFileStore(mount).getUsableSpace() > leaveBytes) {
                out.write(block);
                if (leaveBytes > 0) {
                    out.flush();
                }
            }
        } catch (final IOException full) {
            assertThat(full.getMessage()).contains("No space left on device");
        }
        return filler;
    }

    private static void run(final String... command) throws IOException, InterruptedException {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    }

    /** Unmounts (lazily, should a file still be open). */
    @Override
    public void close() throws IOException {
        try {
            run("umount", "-l", mount.toString());
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unmounting " + mount, ex);
        }
    }
}
