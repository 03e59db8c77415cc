// SPDX-License-Identifier: Apache-2.0
/**
 * The ztsdb eBPF container collector: a Panama FFM binding to libbpf, cgroup discovery and the sampler.
 */
module io.ztsdb.ebpf {
    requires org.agrona;
    requires java.management;

    // API
    exports io.ztsdb.ebpf;
}
