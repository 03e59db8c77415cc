// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** What the privileged tests need of the machine to load BPF programs; they are skipped, saying why, without it. */
public final class BpfAssumptions {
    private BpfAssumptions() {
    }

    /** Skips the caller's tests without root (or CAP_BPF + CAP_PERFMON) or without kernel BTF. */
    public static void assumeRootAndBtf() {
        assumeTrue(EbpfCollector.hasBpfPrivileges(), "needs root or CAP_BPF+CAP_PERFMON");
        assumeTrue(Files.exists(Path.of("/sys/kernel/btf/vmlinux")), "needs kernel BTF (/sys/kernel/btf/vmlinux)");
    }
}
