// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.libbpf;

import io.ztsdb.ebpf.EbpfCallException;

/**
 * Turns an errno into an {@link EbpfCallException} whose message names the errno and what to do about it.
 */
final class Errors {
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int ESRCH = 3;
    static final int EACCES = 13;
    static final int EINVAL = 22;
    static final int E2BIG = 7;
    static final int ENOSPC = 28;
    static final int ENOTSUP = 95;
    static final int ENOTSUPP = 524; // kernel-internal, leaks out of some BPF paths
    static final String PRIVILEGE_HINT = "needs root or CAP_BPF+CAP_PERFMON (CAP_NET_ADMIN too for cgroup_skb)";

    private Errors() {
    }

    static EbpfCallException failure(final String operation, final int errno, final String detail) {
        final String name = name(errno);
        final boolean verifier = detail != null && detail.contains("PROG LOAD LOG");
        final StringBuilder message = new StringBuilder(operation).append(" failed: ").append(name)
            .append(" (errno ").append(errno).append("): ")
            .append(verifier ? "the verifier rejected the program (verifier log below)" : hint(errno));
        if (detail != null && !detail.isBlank()) {
            message.append('\n').append(detail.strip());
        }
        return new EbpfCallException(operation, errno, message.toString());
    }

    static String name(final int errno) {
        return switch (errno) {
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case ESRCH -> "ESRCH";
            case E2BIG -> "E2BIG";
            case EACCES -> "EACCES";
            case EINVAL -> "EINVAL";
            case ENOSPC -> "ENOSPC";
            case ENOTSUP -> "EOPNOTSUPP";
            case ENOTSUPP -> "ENOTSUPP";
            default -> "errno " + errno;
        };
    }

    static String hint(final int errno) {
        return switch (errno) {
            case EPERM, EACCES -> PRIVILEGE_HINT + "; also check kernel.unprivileged_bpf_disabled and lockdown";
            case ENOENT -> "not found: the kernel lacks this attach point or BTF type, "
                + "or the path does not exist (classic tracepoints also need tracefs mounted)";
            case ESRCH -> "BTF type not found: the kernel needs BTF (CONFIG_DEBUG_INFO_BTF=y, /sys/kernel/btf/vmlinux)";
            case EINVAL -> "the kernel rejected the request (program type, attach type or map not supported, "
                + "or the verifier refused the program: see the log)";
            case E2BIG, ENOSPC -> "too large for the kernel limits (map size, program size or log buffer)";
            case ENOTSUP, ENOTSUPP -> "not supported by this kernel (Linux 5.8+ with BTF is needed)";
            default -> "see the libbpf log above";
        };
    }
}
