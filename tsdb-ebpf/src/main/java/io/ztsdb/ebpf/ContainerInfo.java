// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf;

import java.util.Map;

/**
 * A watched container (or cgroup) as the collector sees it.
 *
 * @param cgroupId    the cgroup v2 id (inode of the v2 directory).
 * @param containerId the 64-hex container id (the path for a plain cgroup).
 * @param name        the name from the runtime's metadata, else the short id.
 * @param runtime     docker, containerd, podman, cri-o or cgroup.
 * @param cgroupPath  the cgroup v2 directory.
 * @param labels      the labels of its series: {@code container_id}, {@code container_name}, {@code runtime}, and
 *                    for Kubernetes {@code pod_uid}, {@code pod}, {@code namespace} (the latter two when known).
 */
public record ContainerInfo(long cgroupId, String containerId, String name, String runtime, String cgroupPath,
                            Map<String, String> labels) {
}
