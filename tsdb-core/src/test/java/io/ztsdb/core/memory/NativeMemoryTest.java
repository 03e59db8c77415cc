// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.memory;

import org.agrona.UnsafeApi;
import org.junit.jupiter.api.Test;

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
        long address = NativeMemory.allocate(64, MemoryTag.SCRATCH);
        for (int i = 0; i < 64; i++) {
            assertThat(UnsafeApi.getByte(address + i)).isZero();
            UnsafeApi.putByte(address + i, (byte)i);
        }
        address = NativeMemory.reallocate(address, 64, 4096, MemoryTag.SCRATCH);
        for (int i = 0; i < 64; i++) {
            assertThat(UnsafeApi.getByte(address + i)).isEqualTo((byte)i);
        }
        for (int i = 64; i < 4096; i++) {
            assertThat(UnsafeApi.getByte(address + i)).isZero();
        }
        assertThat(NativeMemory.bytesInUse()).isEqualTo(before + 4096);
        NativeMemory.free(address, 4096, MemoryTag.SCRATCH);
        assertThat(NativeMemory.bytesInUse()).isEqualTo(before);
    }

    @Test
    void shouldIgnoreFreeOfZeroAddressAndRejectBadSizes() {
        final long before = NativeMemory.bytesInUse();
        NativeMemory.free(0, 100, MemoryTag.SCRATCH);
        assertThat(NativeMemory.bytesInUse()).isEqualTo(before);
        assertThatThrownBy(() -> NativeMemory.allocate(0, MemoryTag.SCRATCH))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bytes=0");
    }
}
