// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.libbpf;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads type information of the running kernel from its BTF ({@code /sys/kernel/btf/vmlinux}, parsed by libbpf):
 * the names of an enum's values, which change from one kernel version to the next (e.g.
 * {@code enum skb_drop_reason}).
 */
@SuppressWarnings("restricted")
public final class KernelBtf {
    private static final int BTF_KIND_ENUM = 6;
    private static final long BTF_TYPE_LENGTH = 12; // struct btf_type { u32 name_off; u32 info; u32 size; }
    private static final long BTF_ENUM_LENGTH = 8;  // struct btf_enum { u32 name_off; s32 val; }
    private static final int MAX_NAME_LENGTH = 256;

    private KernelBtf() {
    }

    /**
     * @param enumName a 32-bit enum of the kernel, e.g. {@code skb_drop_reason}.
     * @param prefix   a prefix to strip from the value names, e.g. {@code SKB_DROP_REASON_}.
     * @return value to name, or an empty map when the kernel has no BTF, no such enum, or libbpf is missing.
     */
    public static Map<Integer, String> enumValues(final String enumName, final String prefix) {
        final Map<Integer, String> values = new HashMap<>();
        if (!Libbpf.isAvailable()) {
            return values;
        }
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment btf = (MemorySegment) Libbpf.BTF_LOAD_VMLINUX_BTF.invokeExact(
                arena.allocate(Libbpf.CAPTURE_STATE_LAYOUT));
            if (btf.address() == 0) {
                return values;
            }
            try {
                final int id = (int) Libbpf.BTF_FIND_BY_NAME_KIND.invokeExact(btf, arena.allocateFrom(enumName),
                    BTF_KIND_ENUM);
                if (id <= 0) {
                    return values;
                }
                final MemorySegment type = (MemorySegment) Libbpf.BTF_TYPE_BY_ID.invokeExact(btf, id);
                final int vlen = type.reinterpret(BTF_TYPE_LENGTH).get(JAVA_INT, 4) & 0xffff;
                final MemorySegment entries = type.reinterpret(BTF_TYPE_LENGTH + vlen * BTF_ENUM_LENGTH)
                    .asSlice(BTF_TYPE_LENGTH);
                for (int i = 0; i < vlen; i++) {
                    final int nameOffset = entries.get(JAVA_INT, i * BTF_ENUM_LENGTH);
                    final int value = entries.get(JAVA_INT, i * BTF_ENUM_LENGTH + 4);
                    final String name = ((MemorySegment) Libbpf.BTF_NAME_BY_OFFSET.invokeExact(btf, nameOffset))
                        .reinterpret(MAX_NAME_LENGTH).getString(0);
                    values.putIfAbsent(value, name.startsWith(prefix) ? name.substring(prefix.length()) : name);
                }
            } finally {
                Libbpf.BTF_FREE.invokeExact(btf);
            }
        } catch (final RuntimeException | Error e) {
            throw e;
        } catch (final Throwable t) {
            throw new IllegalStateException(t);
        }
        return values;
    }
}
