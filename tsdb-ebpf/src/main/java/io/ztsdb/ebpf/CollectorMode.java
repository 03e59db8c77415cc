// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf;

/**
 * Where a collector's metrics come from, as reported in {@link CollectorStats#mode()} and {@code GET /stats}.
 */
public enum CollectorMode {
    /** Not opened yet, or closed: no programs attached, no rounds. */
    STOPPED("stopped"),
    /** At least one BPF program is attached; {@link CollectorStats#missingMetrics()} names what is not. */
    EBPF("ebpf"),
    /** No BPF program attached (eBPF disabled, or none could load): CPU and memory from cgroupfs only. */
    CGROUPFS("cgroupfs");

    private final String label;

    CollectorMode(final String label) {
        this.label = label;
    }

    /**
     * @return the lower-case name used in JSON and logs, e.g. {@code ebpf}.
     */
    public String label() {
        return label;
    }
}
