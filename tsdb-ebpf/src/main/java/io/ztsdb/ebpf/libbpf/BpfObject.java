// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.libbpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.ztsdb.ebpf.EbpfException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A BPF ELF object ({@code struct bpf_object}) opened from memory: its programs and maps can be configured
 * (autoload, max_entries) until {@link #load()}, then attached and read. Closing the object unloads its programs
 * and maps; close the {@link BpfLink}s first. {@link #close()} is idempotent.
 */
@SuppressWarnings("restricted")
public final class BpfObject implements AutoCloseable {
    /** Class-path folder of the objects built from {@code bpf/} (see the tsdb-ebpf pom). */
    public static final String RESOURCE_FOLDER = "/io/ztsdb/ebpf/bpf/";
    private static final long OPEN_OPTS_LENGTH = 16; // struct bpf_object_open_opts { size_t sz; char *object_name; }
    private static int possibleCpus;

    private final Arena arena;
    private final String name;
    private final Map<String, BpfProgram> programs = new HashMap<>();
    private final Map<String, BpfMap> maps = new HashMap<>();
    private MemorySegment object;
    private boolean loaded;

    private BpfObject(final Arena arena, final MemorySegment object, final String name) {
        this.arena = arena;
        this.object = object;
        this.name = name;
    }

    /** Written by the build instead of the objects when it had no BPF toolchain (scripts/build-bpf.sh). */
    static final String MISSING_TOOLCHAIN_RESOURCE = "missing-toolchain.txt";

    /**
     * @return what the build lacked when it skipped the BPF objects (e.g. {@code "clang bpftool"}), or null when
     * the objects are in this jar.
     */
    public static String missingToolchain() {
        try (InputStream in = BpfObject.class.getResourceAsStream(RESOURCE_FOLDER + MISSING_TOOLCHAIN_RESOURCE)) {
            if (in != null) {
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            }
        } catch (final IOException e) {
            return "an unreadable " + MISSING_TOOLCHAIN_RESOURCE + " (" + e.getMessage() + ")";
        }
        return BpfObject.class.getResource(RESOURCE_FOLDER + "container_net.bpf.o") == null
            ? "the BPF objects (" + RESOURCE_FOLDER + "*.bpf.o not on the class path)" : null;
    }

    /**
     * Opens an object built into this jar, e.g. {@code container_net.bpf.o}.
     *
     * @param resourceName file name under {@link #RESOURCE_FOLDER}.
     * @return the opened (not yet loaded) object.
     */
    public static BpfObject openResource(final String resourceName) {
        final byte[] elf;
        try (InputStream in = BpfObject.class.getResourceAsStream(RESOURCE_FOLDER + resourceName)) {
            if (in == null) {
                throw new EbpfException("BPF object " + RESOURCE_FOLDER + resourceName + " is not in the jar: "
                    + "build tsdb-ebpf with clang and bpftool installed (scripts/ensure-toolchain.sh)");
            }
            elf = in.readAllBytes();
        } catch (final IOException e) {
            throw new EbpfException("cannot read " + RESOURCE_FOLDER + resourceName + ": " + e.getMessage(), e);
        }
        final String fileName = resourceName.substring(resourceName.lastIndexOf('/') + 1);
        return open(elf, fileName.replace(".bpf.o", ""));
    }

    /**
     * Opens an ELF image with {@code bpf_object__open_mem}; no BPF syscalls (and no privileges) are needed yet.
     *
     * @param elf  the object file's bytes.
     * @param name the object name used in libbpf's messages.
     * @return the opened (not yet loaded) object.
     */
    public static BpfObject open(final byte[] elf, final String name) {
        Libbpf.ensureAvailable();
        LibbpfLog.install();
        final Arena arena = Arena.ofShared();
        try {
            final MemorySegment image = arena.allocate(elf.length, 8); // libbpf may keep pointers into it until load
            MemorySegment.copy(elf, 0, image, JAVA_BYTE, 0, elf.length);
            final MemorySegment opts = arena.allocate(OPEN_OPTS_LENGTH, 8);
            opts.set(JAVA_LONG, 0, OPEN_OPTS_LENGTH);
            opts.set(ADDRESS, 8, arena.allocateFrom(name));
            final MemorySegment state = arena.allocate(Libbpf.CAPTURE_STATE_LAYOUT);
            LibbpfLog.beginCapture();
            final MemorySegment object;
            final String log;
            try {
                object = (MemorySegment) Libbpf.BPF_OBJECT_OPEN_MEM.invokeExact(state, image, (long) elf.length, opts);
            } finally {
                log = LibbpfLog.endCapture();
            }
            if (object.address() == 0) {
                throw Errors.failure("bpf_object__open_mem(" + name + ")", Libbpf.errno(state), log);
            }
            return new BpfObject(arena, object, name);
        } catch (final Throwable t) {
            arena.close();
            if (t instanceof RuntimeException e) {
                throw e;
            }
            if (t instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException(t);
        }
    }

    /**
     * @return the number of possible CPUs (the slot count of per-CPU map values).
     */
    public static synchronized int possibleCpus() {
        if (possibleCpus == 0) {
            Libbpf.ensureAvailable();
            try {
                final int n = (int) Libbpf.LIBBPF_NUM_POSSIBLE_CPUS.invokeExact();
                if (n <= 0) {
                    throw Errors.failure("libbpf_num_possible_cpus", -n,
                        "cannot read /sys/devices/system/cpu/possible");
                }
                possibleCpus = n;
            } catch (final RuntimeException | Error e) {
                throw e;
            } catch (final Throwable t) {
                throw new IllegalStateException(t);
            }
        }
        return possibleCpus;
    }

    /**
     * @return the object name.
     */
    public String name() {
        return name;
    }

    /**
     * @return every program of the object, in ELF order.
     */
    public List<BpfProgram> programs() {
        checkOpen();
        final List<BpfProgram> result = new ArrayList<>();
        try {
            MemorySegment program = MemorySegment.NULL;
            while (true) {
                program = (MemorySegment) Libbpf.BPF_OBJECT_NEXT_PROGRAM.invokeExact(object, program);
                if (program.address() == 0) {
                    break;
                }
                final MemorySegment namePointer = (MemorySegment) Libbpf.BPF_PROGRAM_NAME.invokeExact(program);
                final String programName = namePointer.reinterpret(256).getString(0);
                result.add(programs.computeIfAbsent(programName, n -> new BpfProgram(this, pointerCopy(n), n)));
            }
        } catch (final RuntimeException | Error e) {
            throw e;
        } catch (final Throwable t) {
            throw new IllegalStateException(t);
        }
        return result;
    }

    /**
     * @param programName the function name in the C source.
     * @return the program.
     * @throws EbpfException when the object has no such program.
     */
    public BpfProgram program(final String programName) {
        checkOpen();
        final BpfProgram known = programs.get(programName);
        if (known != null) {
            return known;
        }
        try (Arena temp = Arena.ofConfined()) {
            final MemorySegment program = (MemorySegment) Libbpf.BPF_OBJECT_FIND_PROGRAM_BY_NAME.invokeExact(object,
                temp.allocateFrom(programName));
            if (program.address() == 0) {
                throw new EbpfException("BPF object " + name + " has no program " + programName);
            }
            final BpfProgram result = new BpfProgram(this, program, programName);
            programs.put(programName, result);
            return result;
        } catch (final RuntimeException | Error e) {
            throw e;
        } catch (final Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * @param mapName the map name in the C source.
     * @return the map.
     * @throws EbpfException when the object has no such map.
     */
    public BpfMap map(final String mapName) {
        checkOpen();
        final BpfMap known = maps.get(mapName);
        if (known != null) {
            return known;
        }
        try (Arena temp = Arena.ofConfined()) {
            final MemorySegment map = (MemorySegment) Libbpf.BPF_OBJECT_FIND_MAP_BY_NAME.invokeExact(object,
                temp.allocateFrom(mapName));
            if (map.address() == 0) {
                throw new EbpfException("BPF object " + name + " has no map " + mapName);
            }
            final BpfMap result = new BpfMap(this, map, mapName, arena);
            maps.put(mapName, result);
            return result;
        } catch (final RuntimeException | Error e) {
            throw e;
        } catch (final Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Loads the maps and the autoload programs into the kernel (verifier included).
     *
     * @throws io.ztsdb.ebpf.EbpfCallException with errno, hint and the libbpf/verifier log when the load fails.
     */
    public void load() {
        checkOpen();
        if (loaded) {
            throw new IllegalStateException("BPF object already loaded: name=" + name);
        }
        final int rc;
        final String log;
        LibbpfLog.beginCapture();
        try {
            rc = (int) Libbpf.BPF_OBJECT_LOAD.invokeExact(object);
        } catch (final RuntimeException | Error e) {
            throw e;
        } catch (final Throwable t) {
            throw new IllegalStateException(t);
        } finally {
            log = LibbpfLog.endCapture();
        }
        if (rc != 0) {
            throw Errors.failure("bpf_object__load(" + name + ")", -rc, log);
        }
        loaded = true;
    }

    /**
     * @return true after a successful {@link #load()}.
     */
    public boolean isLoaded() {
        return loaded;
    }

    /**
     * Unloads programs and maps and frees the object; idempotent.
     */
    @Override
    public void close() {
        if (object != null) {
            final MemorySegment toClose = object;
            object = null;
            programs.clear();
            maps.clear();
            try {
                Libbpf.BPF_OBJECT_CLOSE.invokeExact(toClose);
            } catch (final RuntimeException | Error e) {
                throw e;
            } catch (final Throwable t) {
                throw new IllegalStateException(t);
            } finally {
                arena.close();
            }
        }
    }

    void checkOpen() {
        if (object == null) {
            throw new IllegalStateException("BPF object is closed: name=" + name);
        }
    }

    private MemorySegment pointerCopy(final String programName) {
        try (Arena temp = Arena.ofConfined()) {
            return (MemorySegment) Libbpf.BPF_OBJECT_FIND_PROGRAM_BY_NAME.invokeExact(object,
                temp.allocateFrom(programName));
        } catch (final RuntimeException | Error e) {
            throw e;
        } catch (final Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public String toString() {
        return "BpfObject{" + name + (object == null ? ", closed}" : loaded ? ", loaded}" : ", opened}");
    }
}
