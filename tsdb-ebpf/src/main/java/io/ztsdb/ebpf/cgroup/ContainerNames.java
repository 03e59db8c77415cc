// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Container names, and for Kubernetes the pod's name and namespace, from the runtimes' state on disk where it is
 * readable (root can read all of it; without it, or without the file, the fields stay null and the container is
 * named by its short id):
 * <ul>
 *   <li>docker: {@code <docker-root>/containers/<id>/config.v2.json}: {@code "Name":"/web"}; with cri-dockerd also
 *       the labels {@code io.kubernetes.container.name}, {@code io.kubernetes.pod.name},
 *       {@code io.kubernetes.pod.namespace}.</li>
 *   <li>containerd (Kubernetes CRI): the task bundle {@code <containerd-state>/k8s.io/<id>/config.json}
 *       (OCI spec) annotations {@code io.kubernetes.cri.container-name}, {@code io.kubernetes.cri.sandbox-name},
 *       {@code io.kubernetes.cri.sandbox-namespace}.</li>
 *   <li>podman and CRI-O: {@code <storage-root>/overlay-containers/<id>/userdata/config.json} annotations
 *       {@code io.podman.annotations.name} (podman; not every version writes it) or
 *       {@code io.kubernetes.container.name}, {@code io.kubernetes.pod.name}, {@code io.kubernetes.pod.namespace}
 *       (CRI-O).</li>
 * </ul>
 * The kubelet's own pod directory ({@code /var/lib/kubelet/pods/<uid>}) is not used: it holds volumes and
 * termination logs, but neither the namespace nor which container id is which container.
 */
public final class ContainerNames {
    private static final Pattern DOCKER_NAME = Pattern.compile("\"Name\"\\s*:\\s*\"/([^\"]+)\"");
    private static final Pattern PODMAN_NAME = annotation("io.podman.annotations.name");
    private static final Pattern KUBE_CONTAINER = annotation("io.kubernetes.container.name");
    private static final Pattern KUBE_POD = annotation("io.kubernetes.pod.name");
    private static final Pattern KUBE_NAMESPACE = annotation("io.kubernetes.pod.namespace");
    private static final Pattern CRI_CONTAINER = annotation("io.kubernetes.cri.container-name");
    private static final Pattern CRI_POD = annotation("io.kubernetes.cri.sandbox-name");
    private static final Pattern CRI_NAMESPACE = annotation("io.kubernetes.cri.sandbox-namespace");
    private static final long MAX_METADATA_BYTES = 4L << 20;
    /** containerd's namespace for Kubernetes containers. */
    private static final String CONTAINERD_K8S_NAMESPACE = "k8s.io";

    private final Path dockerRoot;
    private final Path containersStorageRoot;
    private final Path containerdStateRoot;

    /**
     * What a runtime's state says about a container; each field may be null.
     *
     * @param name      the container's name (for Kubernetes, its name in the pod spec).
     * @param pod       the Kubernetes pod name.
     * @param namespace the Kubernetes namespace.
     */
    public record Metadata(String name, String pod, String namespace) {
        /** Nothing known. */
        public static final Metadata NONE = new Metadata(null, null, null);
    }

    /**
     * @param dockerRoot            docker's data root, usually {@code /var/lib/docker}.
     * @param containersStorageRoot podman/CRI-O storage root, usually {@code /var/lib/containers/storage}.
     * @param containerdStateRoot   containerd's task state, usually
     *                              {@code /run/containerd/io.containerd.runtime.v2.task}.
     */
    public ContainerNames(final Path dockerRoot, final Path containersStorageRoot, final Path containerdStateRoot) {
        this.dockerRoot = dockerRoot;
        this.containersStorageRoot = containersStorageRoot;
        this.containerdStateRoot = containerdStateRoot;
    }

    /**
     * @param runtime     the runtime label value.
     * @param containerId the 64-hex id.
     * @return the name found in the runtime's metadata, or the short id.
     */
    public String nameOf(final String runtime, final String containerId) {
        final String found = lookup(runtime, containerId).name();
        return found != null ? found : ContainerIdResolver.shortId(containerId);
    }

    /**
     * @param runtime     the runtime label value.
     * @param containerId the 64-hex id.
     * @return what the runtime's state on disk says, {@link Metadata#NONE} when it is not readable.
     */
    public Metadata lookup(final String runtime, final String containerId) {
        return switch (runtime) {
            case ContainerIdResolver.DOCKER -> {
                final String config = read(dockerRoot.resolve("containers").resolve(containerId)
                    .resolve("config.v2.json"));
                final String kubeName = find(config, KUBE_CONTAINER);
                yield new Metadata(kubeName != null ? kubeName : find(config, DOCKER_NAME), find(config, KUBE_POD),
                    find(config, KUBE_NAMESPACE));
            }
            case ContainerIdResolver.CONTAINERD -> {
                final String config = read(containerdStateRoot.resolve(CONTAINERD_K8S_NAMESPACE).resolve(containerId)
                    .resolve("config.json"));
                yield new Metadata(find(config, CRI_CONTAINER), find(config, CRI_POD), find(config, CRI_NAMESPACE));
            }
            case ContainerIdResolver.PODMAN, ContainerIdResolver.CRIO -> {
                final String config = read(containersStorageRoot.resolve("overlay-containers").resolve(containerId)
                    .resolve("userdata").resolve("config.json"));
                final String podman = find(config, PODMAN_NAME);
                yield new Metadata(podman != null ? podman : find(config, KUBE_CONTAINER), find(config, KUBE_POD),
                    find(config, KUBE_NAMESPACE));
            }
            default -> Metadata.NONE;
        };
    }

    private static Pattern annotation(final String key) {
        return Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*\"([^\"]+)\"");
    }

    private static String read(final Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_METADATA_BYTES) {
                return null;
            }
            return Files.readString(file);
        } catch (final IOException | SecurityException e) {
            return null;
        }
    }

    private static String find(final String content, final Pattern pattern) {
        if (content == null) {
            return null;
        }
        final Matcher m = pattern.matcher(content);
        return m.find() ? m.group(1) : null;
    }
}
