// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.memory;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NativeMemoryTest {
    @Test
    void shouldCountBytesPerTagAndReturnToZeroAfterFree() {
        final long before = NativeMemory.bytesInUse();
        final long scratchBefore = NativeMemory.bytesInUse(MemoryTag.SCRATCH);
        final long a = NativeMemory.allocate(100, MemoryTag.SCRATCH);
        final long b = NativeMemory.allocate(50, MemoryTag.OTHER);
        assertThat(NativeMemory.bytesInUse(MemoryTag.SCRATCH)).isEqualTo(scratchBefore + 100);
        assertThat(NativeMemory.bytesInUse()).isEqualTo(before + 150);
        NativeMemory.free(a, 100, MemoryTag.SCRATCH);
        NativeMemory.free(b, 50, MemoryTag.OTHER);
        assertThat(NativeMemory.bytesInUse()).isEqualTo(before);
    }

    @Test
    void shouldZeroFillAllocationsAndGrownTails() {
        final long before = NativeMemory.bytesInUse();
        long handle = NativeMemory.allocate(64, MemoryTag.SCRATCH);
        MemorySegment memory = NativeMemory.segment(handle);
        long offset = NativeMemory.offset(handle);
        for (int i = 0; i < 64; i++) {
            assertThat(memory.get(ValueLayout.JAVA_BYTE, offset + i)).isZero();
            memory.set(ValueLayout.JAVA_BYTE, offset + i, (byte) i);
        }
        handle = NativeMemory.reallocate(handle, 64, 4096, MemoryTag.SCRATCH);
        memory = NativeMemory.segment(handle);
        offset = NativeMemory.offset(handle);
        for (int i = 0; i < 64; i++) {
            assertThat(memory.get(ValueLayout.JAVA_BYTE, offset + i)).isEqualTo((byte) i);
        }
        for (int i = 64; i < 4096; i++) {
            assertThat(memory.get(ValueLayout.JAVA_BYTE, offset + i)).isZero();
        }
        assertThat(NativeMemory.bytesInUse()).isEqualTo(before + 4096);
        NativeMemory.free(handle, 4096, MemoryTag.SCRATCH);
        assertThat(NativeMemory.bytesInUse()).isEqualTo(before);
    }

    @Test
    void shouldZeroFillARecycledSlot() {
        final long first = NativeMemory.allocate(200, MemoryTag.SCRATCH);
        NativeMemory.segment(first).asSlice(NativeMemory.offset(first), 200).fill((byte) 0x5A);
        NativeMemory.free(first, 200, MemoryTag.SCRATCH);
        final long second = NativeMemory.allocate(200, MemoryTag.SCRATCH);
        assertThat(NativeMemory.segment(second).asSlice(NativeMemory.offset(second), 200)
            .toArray(ValueLayout.JAVA_BYTE)).containsOnly(0);
        NativeMemory.free(second, 200, MemoryTag.SCRATCH);
    }

    @Test
    void shouldIgnoreFreeOfZeroHandleAndRejectBadSizes() {
        final long before = NativeMemory.bytesInUse();
        NativeMemory.free(0, 100, MemoryTag.SCRATCH);
        assertThat(NativeMemory.bytesInUse()).isEqualTo(before);
        assertThatThrownBy(() -> NativeMemory.allocate(0, MemoryTag.SCRATCH))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bytes=0");
        assertThatThrownBy(() -> NativeMemory.allocate(1L << 32, MemoryTag.SCRATCH))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 GiB");
    }

    @Test
    void shouldMapEverySmallSizeToTheSmallestClassThatHoldsIt() {
        int previous = -1;
        for (int bytes = 1; bytes <= SizeClasses.MAX_SMALL_BYTES; bytes++) {
            final int sizeClass = SizeClasses.of(bytes);
            final int slot = SizeClasses.slotBytes(sizeClass);
            assertThat(slot).as("bytes=%d", bytes).isGreaterThanOrEqualTo(bytes);
            assertThat(sizeClass == 0 || SizeClasses.slotBytes(sizeClass - 1) < bytes).as("bytes=%d", bytes).isTrue();
            assertThat(slot - bytes).as("waste at bytes=%d", bytes).isLessThanOrEqualTo(Math.max(15, slot / 5));
            assertThat(slot % 16).isZero();
            assertThat(sizeClass).isGreaterThanOrEqualTo(previous);
            previous = sizeClass;
        }
        assertThat(SizeClasses.slotBytes(SizeClasses.COUNT - 1)).isEqualTo(SizeClasses.MAX_SMALL_BYTES);
    }

    @Test
    void shouldKeepConcurrentAllocationsApart() throws InterruptedException {
        final long before = NativeMemory.bytesInUse();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            final int thread = t;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    churn(thread);
                } catch (final Throwable ex) {
                    failure.compareAndSet(null, ex);
                }
            }));
        }
        for (final Thread thread : threads) {
            thread.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(NativeMemory.bytesInUse()).isEqualTo(before);
    }

    /** Allocates, fills with a pattern, checks and frees random sizes, small and large, in random order. */
    private static void churn(final int thread) {
        final SplittableRandom random = new SplittableRandom(1000 + thread);
        final long[] handles = new long[256];
        final int[] sizes = new int[256];
        for (int round = 0; round < 20_000; round++) {
            final int i = random.nextInt(handles.length);
            if (handles[i] != 0) {
                final MemorySegment slot = NativeMemory.segment(handles[i]).asSlice(NativeMemory.offset(handles[i]),
                    sizes[i]);
                final byte expected = (byte) (thread * 64 + i);
                for (long at = 0; at < sizes[i]; at += 7) {
                    if (slot.get(ValueLayout.JAVA_BYTE, at) != expected) {
                        throw new AssertionError("overwritten: thread=" + thread + " slot=" + i + " at=" + at);
                    }
                }
                NativeMemory.free(handles[i], sizes[i], MemoryTag.SCRATCH);
                handles[i] = 0;
            } else {
                sizes[i] = random.nextInt(8) == 0 ? 16 * 1024 + random.nextInt(20_000) : 1 + random.nextInt(3000);
                handles[i] = NativeMemory.allocate(sizes[i], MemoryTag.SCRATCH);
                NativeMemory.segment(handles[i]).asSlice(NativeMemory.offset(handles[i]), sizes[i])
                    .fill((byte) (thread * 64 + i));
            }
        }
        for (int i = 0; i < handles.length; i++) {
            NativeMemory.free(handles[i], sizes[i], MemoryTag.SCRATCH);
        }
    }

    @Test
    void shouldGiveFreeRegionsBackButOneSparePerTag() {
        NativeMemory.releaseFreeRegions();
        final long reservedBefore = NativeMemory.reservedBytes();
        final long[] handles = new long[16 * 1024];
        for (int i = 0; i < handles.length; i++) {
            handles[i] = NativeMemory.allocate(4000, MemoryTag.SCRATCH);
        }
        final long large = NativeMemory.allocate(1 << 20, MemoryTag.SCRATCH);
        // 16 Ki slots of 4,096 bytes: 64 MiB in 32 regions of 2 MiB (the spare and the free pages of regions in use
        // before take up to 4 MiB of them), plus 1 MiB on its own.
        assertThat(NativeMemory.reservedBytes() - reservedBefore).isBetween((64L - 4) << 20, (64L + 1 + 2) << 20);
        for (final long handle : handles) {
            NativeMemory.free(handle, 4000, MemoryTag.SCRATCH);
        }
        NativeMemory.free(large, 1 << 20, MemoryTag.SCRATCH);
        final long released = NativeMemory.releaseFreeRegions();
        assertThat(released).isGreaterThanOrEqualTo((64L - 4 - 2 + 1) << 20);
        assertThat(NativeMemory.reservedBytes() - reservedBefore).isLessThanOrEqualTo(2L << 20);
        assertThat(NativeMemory.releaseFreeRegions()).as("nothing left to give back").isZero();
    }
}
