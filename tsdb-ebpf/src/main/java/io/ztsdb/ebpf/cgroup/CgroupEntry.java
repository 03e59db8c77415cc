// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.cgroup;

import java.nio.file.Path;
import java.util.Map;

/**
 * A watched cgroup (a container's, or any cgroup when every cgroup is watched).
 *
 * @param cgroupId    the cgroup v2 id: the inode of {@code v2Path}, the key of the BPF maps.
 * @param v2Path      the cgroup v2 directory.
 * @param runtime     docker, containerd, podman, cri-o, or "cgroup" for a plain cgroup.
 * @param containerId the 64-hex container id, or the path relative to the v2 mount for a plain cgroup.
 * @param name        the container name from the runtime's metadata, else the short id.
 * @param memoryV1    the matching v1 memory cgroup directory, or null.
 * @param cpuacctV1   the matching v1 cpuacct cgroup directory, or null.
 * @param blkioV1     the matching v1 blkio cgroup directory, or null.
 * @param labels      container_id, container_name and runtime, ready for the sink (immutable).
 */
public record CgroupEntry(long cgroupId, Path v2Path, String runtime, String containerId, String name,
                          Path memoryV1, Path cpuacctV1, Path blkioV1, Map<String, String> labels) {
    /** Label name of the container id. */
    public static final String LABEL_CONTAINER_ID = "container_id";
    /** Label name of the container name. */
    public static final String LABEL_CONTAINER_NAME = "container_name";
    /** Label name of the runtime. */
    public static final String LABEL_RUNTIME = "runtime";
    /** Runtime value of a cgroup that is not a container's (watch-all mode). */
    public static final String PLAIN_CGROUP = "cgroup";

    /**
     * Creates an entry with its labels.
     */
    public static CgroupEntry of(final long cgroupId, final Path v2Path, final String runtime, final String containerId,
                                 final String name, final Path memoryV1, final Path cpuacctV1, final Path blkioV1) {
        return new CgroupEntry(cgroupId, v2Path, runtime, containerId, name, memoryV1, cpuacctV1, blkioV1,
            Map.of(LABEL_CONTAINER_ID, containerId, LABEL_CONTAINER_NAME, name, LABEL_RUNTIME, runtime));
    }
}
