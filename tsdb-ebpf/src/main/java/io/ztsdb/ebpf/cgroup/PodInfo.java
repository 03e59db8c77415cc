// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.cgroup;

/**
 * The Kubernetes pod of a container: the uid always (from the cgroup path), the pod's name and namespace when the
 * container runtime's state was readable.
 *
 * @param uid       the pod uid, e.g. {@code 3f2a…-…}.
 * @param name      the pod name, or null.
 * @param namespace the pod's namespace, or null.
 */
public record PodInfo(String uid, String name, String namespace) {
}
