// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.libbpf;

import java.lang.foreign.MemorySegment;

/**
 * An attachment of a program ({@code struct bpf_link}); closing it detaches the program. Links detach too when
 * the process dies, unlike legacy {@code bpf_prog_attach} attachments.
 */
public final class BpfLink implements AutoCloseable {
    private final String description;
    private MemorySegment link;

    BpfLink(final MemorySegment link, final String description) {
        this.link = link;
        this.description = description;
    }

    /**
     * @return what this link attaches, e.g. {@code ztsdb_net_ingress -> /sys/fs/cgroup/unified}.
     */
    public String description() {
        return description;
    }

    /**
     * @return true until {@link #close()}.
     */
    public boolean isOpen() {
        return link != null;
    }

    /**
     * Detaches the program and frees the link; idempotent.
     */
    @Override
    public void close() {
        if (link != null) {
            final MemorySegment toDestroy = link;
            link = null;
            try {
                final int rc = (int) Libbpf.BPF_LINK_DESTROY.invokeExact(toDestroy);
                if (rc != 0) {
                    throw Errors.failure("bpf_link__destroy(" + description + ")", -rc, null);
                }
            } catch (final RuntimeException | Error e) {
                throw e;
            } catch (final Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }

    @Override
    public String toString() {
        return "BpfLink{" + description + (link == null ? ", closed}" : "}");
    }
}
