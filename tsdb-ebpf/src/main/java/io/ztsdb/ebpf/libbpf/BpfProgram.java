// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.libbpf;

import io.ztsdb.ebpf.EbpfException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * A program of a {@link BpfObject} ({@code struct bpf_program}); owned by its object, valid until the object is
 * closed.
 */
public final class BpfProgram {
    private final BpfObject owner;
    private final MemorySegment program;
    private final String name;

    BpfProgram(final BpfObject owner, final MemorySegment program, final String name) {
        this.owner = owner;
        this.program = program;
        this.name = name;
    }

    /**
     * @return the program's function name in the C source.
     */
    public String name() {
        return name;
    }

    /**
     * Chooses whether {@link BpfObject#load()} loads this program; a program the kernel lacks is skipped this way
     * without failing the whole object. Must be called before the load.
     *
     * @param autoload true to load it.
     */
    public void autoload(final boolean autoload) {
        owner.checkOpen();
        try {
            final int rc = (int) Libbpf.BPF_PROGRAM_SET_AUTOLOAD.invokeExact(program, autoload);
            if (rc != 0) {
                throw Errors.failure("bpf_program__set_autoload(" + name + ")", -rc, "call it before load");
            }
        } catch (final RuntimeException | Error e) {
            throw e;
        } catch (final Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * @return whether the program is (or will be) loaded.
     */
    public boolean autoload() {
        owner.checkOpen();
        try {
            return (boolean) Libbpf.BPF_PROGRAM_AUTOLOAD.invokeExact(program);
        } catch (final RuntimeException | Error e) {
            throw e;
        } catch (final Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * @return the program's fd after load, or a negative errno.
     */
    public int fd() {
        owner.checkOpen();
        try {
            return (int) Libbpf.BPF_PROGRAM_FD.invokeExact(program);
        } catch (final RuntimeException | Error e) {
            throw e;
        } catch (final Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Attaches a tracepoint, raw_tp or tp_btf program to the attach point named in its section.
     *
     * @return the link; close it to detach.
     * @throws io.ztsdb.ebpf.EbpfCallException with errno and hint.
     */
    public BpfLink attach() {
        owner.checkOpen();
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment state = arena.allocate(Libbpf.CAPTURE_STATE_LAYOUT);
            final MemorySegment link = (MemorySegment) Libbpf.BPF_PROGRAM_ATTACH.invokeExact(state, program);
            if (link.address() == 0) {
                throw Errors.failure("bpf_program__attach(" + name + ")", Libbpf.errno(state), null);
            }
            return new BpfLink(link, name);
        } catch (final RuntimeException | Error e) {
            throw e;
        } catch (final Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Attaches a cgroup program (cgroup_skb) to a cgroup v2 directory through a bpf_link, which has multi-attach
     * semantics (other tools' programs on the same cgroup stay) and detaches when closed or when the process dies.
     *
     * @param cgroupDirectory a directory of the cgroup v2 mount, usually its root.
     * @return the link; close it to detach.
     */
    public BpfLink attachCgroup(final Path cgroupDirectory) {
        owner.checkOpen();
        final String description = name + " -> " + cgroupDirectory;
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment state = arena.allocate(Libbpf.CAPTURE_STATE_LAYOUT);
            final MemorySegment path = arena.allocateFrom(cgroupDirectory.toString());
            final int fd = (int) Libbpf.OPEN.invokeExact(state, path, Libbpf.O_RDONLY | Libbpf.O_DIRECTORY, 0);
            if (fd < 0) {
                throw Errors.failure("open(" + cgroupDirectory + ")", Libbpf.errno(state), "is it a cgroup v2 dir?");
            }
            try {
                final MemorySegment link = (MemorySegment) Libbpf.BPF_PROGRAM_ATTACH_CGROUP.invokeExact(state, program,
                    fd);
                if (link.address() == 0) {
                    throw Errors.failure("bpf_program__attach_cgroup(" + description + ")", Libbpf.errno(state), null);
                }
                return new BpfLink(link, description);
            } finally {
                final int ignored = (int) Libbpf.CLOSE.invokeExact(fd); // the link holds its own reference
            }
        } catch (final RuntimeException | Error e) {
            throw e;
        } catch (final Throwable t) {
            throw new EbpfException("attach " + description + ": " + t, t);
        }
    }

    @Override
    public String toString() {
        return "BpfProgram{" + name + "}";
    }
}
