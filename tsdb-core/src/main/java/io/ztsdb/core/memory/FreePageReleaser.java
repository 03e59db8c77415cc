// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.memory;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gives free native memory back to the system: the {@link NativeMemory} regions that hold nothing, at every call,
 * and the C allocator's free pages once much of the native memory in use was freed.
 * <p>
 * <b>Design note:</b> glibc keeps freed blocks in its arenas for reuse and returns memory to the system only
 * from the top of a heap. Closed regions and the JIT compiler's and the network's buffers are freed into those
 * arenas, and {@code malloc_trim(0)} releases the free pages inside them as well (for the server under the
 * synthetic load, 40 MB of resident but free pages). It is called only after native memory in use fell by a
 * threshold since its last high point, and otherwise once per interval, from the maintenance thread, so the
 * allocator's locks are taken rarely. {@code malloc_trim} is reached through an FFM downcall, which needs native
 * access enabled ({@code --enable-native-access=ALL-UNNAMED}, or {@code io.ztsdb.core} on the module path; the
 * server jar's manifest enables it): without it, or without glibc, that step is skipped, and said so once in the
 * log. Not thread-safe: one instance per maintenance thread.
 */
public final class FreePageReleaser {
    private static final System.Logger LOG = System.getLogger(FreePageReleaser.class.getName());
    private static final MethodHandle MALLOC_TRIM = mallocTrim();
    private static final AtomicBoolean SKIP_LOGGED = new AtomicBoolean();

    private final long thresholdBytes;
    private final long intervalNanos;
    private long highWaterBytes;
    private long lastReleaseNanos = System.nanoTime();

    /**
     * @param thresholdBytes  how far native memory in use must fall below its high point before pages are released.
     * @param intervalMillis  longest time between two releases otherwise.
     */
    public FreePageReleaser(final long thresholdBytes, final long intervalMillis) {
        this.thresholdBytes = thresholdBytes;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
    }

    /** @return whether this platform can release free pages ({@code malloc_trim} found and callable). */
    public static boolean available() {
        return MALLOC_TRIM != null;
    }

    /**
     * Closes the free {@link NativeMemory} regions, then releases the C allocator's free pages when {@link
     * NativeMemory#bytesInUse()} fell by the threshold since its highest point after the last release, or when the
     * interval has passed since the last release.
     *
     * @return true when it asked the C allocator to release (false where it cannot).
     */
    public boolean maybeRelease() {
        NativeMemory.releaseFreeRegions();
        final long inUse = NativeMemory.bytesInUse();
        highWaterBytes = Math.max(highWaterBytes, inUse);
        final long now = System.nanoTime();
        if (highWaterBytes - inUse < thresholdBytes && now - lastReleaseNanos < intervalNanos) {
            return false;
        }
        highWaterBytes = inUse;
        lastReleaseNanos = now;
        if (MALLOC_TRIM == null) {
            if (SKIP_LOGGED.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.INFO, "free pages of the C allocator are not given back to the system: " +
                    (FreePageReleaser.class.getModule().isNativeAccessEnabled() ? "no malloc_trim in this C library" :
                        "native access is not enabled (java --enable-native-access=ALL-UNNAMED)"));
            }
            return false;
        }
        try {
            final int ignored = (int)MALLOC_TRIM.invokeExact(0L); // 1 if memory went back, 0 if none was free
        } catch (final Throwable ex) {
            return false;
        } finally {
            // The interval runs from the end of a release: trimming a large, fragmented heap takes a while.
            lastReleaseNanos = System.nanoTime();
        }
        return true;
    }

    /** @return whether the skipped release was logged (it is, once per process). */
    static boolean skipReported() {
        return SKIP_LOGGED.get();
    }

    @SuppressWarnings("restricted") // a downcall to libc's malloc_trim(size_t), whose signature is fixed
    private static MethodHandle mallocTrim() {
        if (!FreePageReleaser.class.getModule().isNativeAccessEnabled()) {
            return null; // without --enable-native-access the JVM would print a warning; release nothing instead
        }
        try {
            final Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("malloc_trim")
                .map(symbol -> linker.downcallHandle(symbol,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG)))
                .orElse(null);
        } catch (final RuntimeException ex) { // IllegalCallerException: native access not enabled for this module
            return null;
        }
    }
}
