// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.memory;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The module's tests run without JVM flags; this class runs a second time with {@code
 * --enable-native-access=ALL-UNNAMED} (see the {@code native-access} surefire execution in {@code
 * tsdb-core/pom.xml}), so both the skipped and the real {@code malloc_trim} are tested.
 */
class FreePageReleaserTest {
    private static final int BLOCK_BYTES = 4096;
    private static final int BLOCKS = 32 * 1024; // 128 MiB in blocks small enough to come from malloc's arenas
    private static final int KEPT_EVERY = 16;

    private static boolean nativeAccess() {
        return FreePageReleaser.class.getModule().isNativeAccessEnabled();
    }

    /** Resident anonymous memory of this process, from /proc/self/status. */
    private static long rssAnonBytes() throws IOException {
        for (final String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("RssAnon:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no RssAnon in /proc/self/status");
    }

    @Test
    void shouldSkipTheTrimAndSaySoOnceWithoutNativeAccess() {
        assumeFalse(nativeAccess(), "native access is enabled: the trim itself is tested below");
        assertThat(FreePageReleaser.available()).isFalse();
        final FreePageReleaser releaser = new FreePageReleaser(0, 0);
        final long handle = NativeMemory.allocate(1 << 20, MemoryTag.SCRATCH);
        NativeMemory.free(handle, 1 << 20, MemoryTag.SCRATCH);
        final long reserved = NativeMemory.reservedBytes();
        assertThat(releaser.maybeRelease()).isFalse();
        assertThat(NativeMemory.reservedBytes()).as("free regions given back all the same").isLessThan(reserved);
        assertThat(FreePageReleaser.skipReported()).as("the skip was logged").isTrue();
        assertThat(releaser.maybeRelease()).isFalse();
        assertThat(new FreePageReleaser(0, 0).maybeRelease()).isFalse();
    }

    @Test
    void shouldGiveFreedArenaPagesBackOnlyAfterTheThresholdWasCrossed() throws IOException {
        assumeTrue(nativeAccess(), "needs native access: runs in the native-access execution");
        assumeTrue(FreePageReleaser.available(), "no glibc malloc_trim on this platform");
        final long before = NativeMemory.bytesInUse();
        final FreePageReleaser releaser = new FreePageReleaser(64L << 20, Long.MAX_VALUE / 2_000_000);
        // Native memory the C allocator hands out in small blocks; the counted NativeMemory blocks make the fall.
        final Arena[] arenas = new Arena[BLOCKS];
        final long[] handles = new long[BLOCKS];
        for (int i = 0; i < BLOCKS; i++) {
            arenas[i] = Arena.ofConfined();
            arenas[i].allocate(BLOCK_BYTES);
            handles[i] = NativeMemory.allocate(BLOCK_BYTES, MemoryTag.SCRATCH);
        }
        assertThat(releaser.maybeRelease()).as("nothing freed yet").isFalse();
        // free all but every 16th block: the C arena stays fragmented, so free() alone cannot shrink it
        for (int i = 0; i < BLOCKS; i++) {
            if (i % KEPT_EVERY != 0) {
                arenas[i].close();
                NativeMemory.free(handles[i], BLOCK_BYTES, MemoryTag.SCRATCH);
            }
        }
        final long residentBeforeRelease = rssAnonBytes();
        assertThat(releaser.maybeRelease()).as("120 MiB freed, over the 64 MiB threshold").isTrue();
        final long released = residentBeforeRelease - rssAnonBytes();
        assertThat(releaser.maybeRelease()).as("nothing freed since").isFalse();
        for (int i = 0; i < BLOCKS; i += KEPT_EVERY) {
            arenas[i].close();
            NativeMemory.free(handles[i], BLOCK_BYTES, MemoryTag.SCRATCH);
        }
        assertThat(NativeMemory.bytesInUse()).isEqualTo(before);
        // 120 MiB were freed in runs of 60 KiB between kept blocks: most of those pages go back
        assertThat(released).as("resident bytes given back").isGreaterThan(64L << 20);
    }

    @Test
    void shouldAlsoReleaseOncePerInterval() throws InterruptedException {
        assumeTrue(nativeAccess(), "needs native access: runs in the native-access execution");
        assumeTrue(FreePageReleaser.available(), "no glibc malloc_trim on this platform");
        // Long enough that a malloc_trim on a loaded machine does not outlast it.
        final FreePageReleaser releaser = new FreePageReleaser(Long.MAX_VALUE, 400);
        assertThat(releaser.maybeRelease()).as("interval not over yet").isFalse();
        Thread.sleep(450);
        assertThat(releaser.maybeRelease()).as("interval over").isTrue();
        assertThat(releaser.maybeRelease()).as("a new interval began").isFalse();
    }
}
