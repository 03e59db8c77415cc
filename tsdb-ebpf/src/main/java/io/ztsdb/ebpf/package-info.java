// SPDX-License-Identifier: Apache-2.0
/**
 * Per-container metrics from the kernel: {@link io.ztsdb.ebpf.EbpfCollector} loads CO-RE BPF programs through
 * a Panama FFM binding to {@code libbpf.so.1} (no JNI), discovers containers in the cgroup trees (docker,
 * containerd/Kubernetes, podman, CRI-O), reads the BPF maps and a few cgroupfs files every interval, and hands
 * each metric's value to a {@link io.ztsdb.ebpf.SampleSink}. It knows nothing of the storage engine.
 * <p>
 * Configure it with {@link io.ztsdb.ebpf.CollectorConfig}; the metric names and units are in
 * {@link io.ztsdb.ebpf.MetricNames}; {@link io.ztsdb.ebpf.CollectorStats} is its state for monitoring. Where a
 * kernel lacks a program's attach point the collector skips that program's metrics and keeps the rest; without
 * privileges or kernel BTF it runs on cgroupfs alone ({@link io.ztsdb.ebpf.CollectorMode#CGROUPFS}). Failures
 * are {@link io.ztsdb.ebpf.EbpfException}s whose message names the missing piece and the fix.
 */
package io.ztsdb.ebpf;
