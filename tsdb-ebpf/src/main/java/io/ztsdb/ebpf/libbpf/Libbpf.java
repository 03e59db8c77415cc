// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.libbpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.ztsdb.ebpf.EbpfException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * Downcall handles to {@code libbpf.so.1} (libbpf 1.x) and the few libc functions the loader needs.
 * <p>
 * Every handle is a {@code static final} {@link MethodHandle} called with {@code invokeExact}. When the library
 * is missing the handles still exist but throw an {@link EbpfException} naming the fix, so that class loading
 * never fails. Calls that return a pointer (NULL on failure) capture errno through
 * {@link Linker.Option#captureCallState(String...)}: their handles take a leading capture segment. The
 * fd-level calls and {@code bpf_object__load} return {@code -errno} themselves.
 */
@SuppressWarnings("restricted") // this class is the FFM binding: restricted methods are its job
final class Libbpf {
    static final String LIBRARY_NAME = "libbpf.so.1";
    static final String MISSING_LIBRARY_HINT =
        "libbpf.so.1 not found: install it (apt-get install libbpf1, or dnf install libbpf)";

    private static final Linker LINKER = Linker.nativeLinker();
    private static final String LOAD_ERROR;
    private static final SymbolLookup LIBBPF;

    static {
        SymbolLookup lookup;
        String error = null;
        try {
            lookup = SymbolLookup.libraryLookup(LIBRARY_NAME, Arena.global());
        } catch (final IllegalArgumentException e) {
            lookup = name -> Optional.empty();
            error = MISSING_LIBRARY_HINT + " (" + e.getMessage() + ")";
        }
        LIBBPF = lookup;
        LOAD_ERROR = error;
    }

    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    static final StructLayout CAPTURE_STATE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
        CAPTURE_STATE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    // logging
    static final MethodHandle LIBBPF_SET_PRINT = libbpf("libbpf_set_print", FunctionDescriptor.of(ADDRESS, ADDRESS));
    static final MethodHandle LIBBPF_STRERROR =
        libbpf("libbpf_strerror", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));
    static final MethodHandle LIBBPF_NUM_POSSIBLE_CPUS =
        libbpf("libbpf_num_possible_cpus", FunctionDescriptor.of(JAVA_INT));
    // objects
    static final MethodHandle BPF_OBJECT_OPEN_MEM = libbpf("bpf_object__open_mem",
        FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, ADDRESS), CAPTURE_ERRNO);
    static final MethodHandle BPF_OBJECT_OPEN_FILE = libbpf("bpf_object__open_file",
        FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS), CAPTURE_ERRNO);
    static final MethodHandle BPF_OBJECT_LOAD = libbpf("bpf_object__load", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle BPF_OBJECT_CLOSE = libbpf("bpf_object__close", FunctionDescriptor.ofVoid(ADDRESS));
    static final MethodHandle BPF_OBJECT_NEXT_PROGRAM =
        libbpf("bpf_object__next_program", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle BPF_OBJECT_FIND_PROGRAM_BY_NAME =
        libbpf("bpf_object__find_program_by_name", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle BPF_OBJECT_FIND_MAP_BY_NAME =
        libbpf("bpf_object__find_map_by_name", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    // programs
    static final MethodHandle BPF_PROGRAM_NAME = libbpf("bpf_program__name", FunctionDescriptor.of(ADDRESS, ADDRESS));
    static final MethodHandle BPF_PROGRAM_SET_AUTOLOAD =
        libbpf("bpf_program__set_autoload", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_BOOLEAN));
    static final MethodHandle BPF_PROGRAM_AUTOLOAD =
        libbpf("bpf_program__autoload", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS));
    static final MethodHandle BPF_PROGRAM_FD = libbpf("bpf_program__fd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle BPF_PROGRAM_ATTACH =
        libbpf("bpf_program__attach", FunctionDescriptor.of(ADDRESS, ADDRESS), CAPTURE_ERRNO);
    static final MethodHandle BPF_PROGRAM_ATTACH_CGROUP =
        libbpf("bpf_program__attach_cgroup", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    static final MethodHandle BPF_LINK_DESTROY = libbpf("bpf_link__destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    // maps
    static final MethodHandle BPF_MAP_FD = libbpf("bpf_map__fd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle BPF_MAP_KEY_SIZE = libbpf("bpf_map__key_size", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle BPF_MAP_VALUE_SIZE =
        libbpf("bpf_map__value_size", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle BPF_MAP_MAX_ENTRIES =
        libbpf("bpf_map__max_entries", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle BPF_MAP_SET_MAX_ENTRIES =
        libbpf("bpf_map__set_max_entries", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle BPF_MAP_SET_INITIAL_VALUE =
        libbpf("bpf_map__set_initial_value", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    static final MethodHandle BPF_MAP_TYPE = libbpf("bpf_map__type", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle BPF_MAP_SET_AUTOCREATE =
        libbpf("bpf_map__set_autocreate", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_BOOLEAN));
    static final MethodHandle BPF_MAP_LOOKUP_BATCH = libbpf("bpf_map_lookup_batch",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle BPF_MAP_LOOKUP_ELEM =
        libbpf("bpf_map_lookup_elem", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle BPF_MAP_UPDATE_ELEM =
        libbpf("bpf_map_update_elem", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    static final MethodHandle BPF_MAP_DELETE_ELEM =
        libbpf("bpf_map_delete_elem", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    static final MethodHandle BPF_MAP_GET_NEXT_KEY =
        libbpf("bpf_map_get_next_key", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    // BTF (enum names of the running kernel)
    static final MethodHandle BTF_LOAD_VMLINUX_BTF =
        libbpf("btf__load_vmlinux_btf", FunctionDescriptor.of(ADDRESS), CAPTURE_ERRNO);
    static final MethodHandle BTF_FIND_BY_NAME_KIND =
        libbpf("btf__find_by_name_kind", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    static final MethodHandle BTF_TYPE_BY_ID =
        libbpf("btf__type_by_id", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
    static final MethodHandle BTF_NAME_BY_OFFSET =
        libbpf("btf__name_by_offset", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
    static final MethodHandle BTF_FREE = libbpf("btf__free", FunctionDescriptor.ofVoid(ADDRESS));
    // libc
    static final MethodHandle OPEN = libc("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
        Linker.Option.firstVariadicArg(2), CAPTURE_ERRNO);
    static final MethodHandle CLOSE = libc("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    static final MethodHandle OPENDIR = libc("opendir", FunctionDescriptor.of(ADDRESS, ADDRESS));
    static final MethodHandle READDIR64 = libc("readdir64", FunctionDescriptor.of(ADDRESS, ADDRESS));
    static final MethodHandle CLOSEDIR = libc("closedir", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle PREAD =
        libc("pread", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    static final MethodHandle VSNPRINTF =
        libc("vsnprintf", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));

    static final int O_RDONLY = 0;
    static final int O_DIRECTORY = 0200000;

    private Libbpf() {
    }

    /**
     * @throws EbpfException naming the fix when libbpf.so.1 cannot be loaded.
     */
    static void ensureAvailable() {
        if (LOAD_ERROR != null) {
            throw new EbpfException(LOAD_ERROR);
        }
    }

    /**
     * @return true when libbpf.so.1 was found.
     */
    static boolean isAvailable() {
        return LOAD_ERROR == null;
    }

    static int errno(final MemorySegment captureState) {
        return (int) ERRNO.get(captureState, 0L);
    }

    private static MethodHandle libbpf(final String name, final FunctionDescriptor descriptor,
                                       final Linker.Option... options) {
        return bind(LIBBPF, name, descriptor, options);
    }

    private static MethodHandle libc(final String name, final FunctionDescriptor descriptor,
                                     final Linker.Option... options) {
        return bind(LINKER.defaultLookup(), name, descriptor, options);
    }

    private static MethodHandle bind(final SymbolLookup lookup, final String name,
                                     final FunctionDescriptor descriptor, final Linker.Option... options) {
        final Optional<MemorySegment> symbol = lookup.find(name);
        if (symbol.isPresent()) {
            return LINKER.downcallHandle(symbol.get(), descriptor, options);
        }
        // Same type as the real handle, so that invokeExact call sites link; throws the reason when called.
        final MethodType type = LINKER.downcallHandle(descriptor, options).type().dropParameterTypes(0, 1);
        final String reason = LOAD_ERROR != null ? LOAD_ERROR
            : LIBRARY_NAME + " has no symbol " + name + ": libbpf >= 1.0 is needed (apt-get install libbpf1)";
        final MethodHandle thrower = MethodHandles.throwException(type.returnType(), EbpfException.class)
            .bindTo(new EbpfException(reason));
        return MethodHandles.dropArguments(thrower, 0, type.parameterList());
    }
}
