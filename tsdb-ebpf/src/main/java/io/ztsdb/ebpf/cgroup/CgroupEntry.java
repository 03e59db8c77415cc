// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.cgroup;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A watched cgroup (a container's, or any cgroup when every cgroup is watched).
 *
 * @param cgroupId    the cgroup v2 id: the inode of {@code v2Path}, the key of the BPF maps.
 * @param v2Path      the cgroup v2 directory.
 * @param runtime     docker, containerd, podman, cri-o, or "cgroup" for a plain cgroup.
 * @param containerId the 64-hex container id, or the path relative to the v2 mount for a plain cgroup.
 * @param name        the container name from the runtime's metadata, else the short id.
 * @param v1          the matching directories of the v1 controller trees (each may be null).
 * @param pod         the Kubernetes pod, or null outside {@code kubepods}.
 * @param labels      the labels of the container's series, ready for the sink (immutable).
 */
public record CgroupEntry(long cgroupId, Path v2Path, String runtime, String containerId, String name, V1Paths v1,
                          PodInfo pod, Map<String, String> labels) {
    /** Label name of the container id. */
    public static final String LABEL_CONTAINER_ID = "container_id";
    /** Label name of the container name (for Kubernetes, the container's name in the pod spec). */
    public static final String LABEL_CONTAINER_NAME = "container_name";
    /** Label name of the runtime. */
    public static final String LABEL_RUNTIME = "runtime";
    /** Label name of the Kubernetes pod uid. */
    public static final String LABEL_POD_UID = "pod_uid";
    /** Label name of the Kubernetes pod name. */
    public static final String LABEL_POD = "pod";
    /** Label name of the Kubernetes namespace. */
    public static final String LABEL_NAMESPACE = "namespace";
    /** Runtime value of a cgroup that is not a container's (watch-all mode). */
    public static final String PLAIN_CGROUP = "cgroup";

    /**
     * The container's directories in the v1 controller trees of a hybrid host.
     *
     * @param memory  the v1 memory cgroup, or null.
     * @param cpuacct the v1 cpuacct cgroup, or null.
     * @param cpu     the v1 cpu cgroup (CFS throttling), or null.
     * @param blkio   the v1 blkio cgroup, or null.
     */
    public record V1Paths(Path memory, Path cpuacct, Path cpu, Path blkio) {
        /** No v1 directories (pure cgroup v2, or not found). */
        public static final V1Paths NONE = new V1Paths(null, null, null, null);
    }

    /**
     * Creates an entry with its labels: {@code container_id}, {@code container_name}, {@code runtime}, and for
     * Kubernetes {@code pod_uid}, plus {@code pod} and {@code namespace} when known.
     */
    public static CgroupEntry of(final long cgroupId, final Path v2Path, final String runtime, final String containerId,
                                 final String name, final V1Paths v1, final PodInfo pod) {
        final Map<String, String> labels = new HashMap<>();
        labels.put(LABEL_CONTAINER_ID, containerId);
        labels.put(LABEL_CONTAINER_NAME, name);
        labels.put(LABEL_RUNTIME, runtime);
        if (pod != null) {
            labels.put(LABEL_POD_UID, pod.uid());
            if (pod.name() != null) {
                labels.put(LABEL_POD, pod.name());
            }
            if (pod.namespace() != null) {
                labels.put(LABEL_NAMESPACE, pod.namespace());
            }
        }
        return new CgroupEntry(cgroupId, v2Path, runtime, containerId, name, v1 == null ? V1Paths.NONE : v1, pod,
            Map.copyOf(labels));
    }

    /** @return the v1 memory cgroup, or null. */
    public Path memoryV1() {
        return v1.memory();
    }

    /** @return the v1 cpuacct cgroup, or null. */
    public Path cpuacctV1() {
        return v1.cpuacct();
    }

    /** @return the v1 cpu cgroup, or null. */
    public Path cpuV1() {
        return v1.cpu();
    }

    /** @return the v1 blkio cgroup, or null. */
    public Path blkioV1() {
        return v1.blkio();
    }
}
