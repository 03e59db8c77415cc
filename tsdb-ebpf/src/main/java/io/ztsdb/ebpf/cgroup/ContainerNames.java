// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Container names from the runtimes' metadata on disk, where readable: docker's
 * {@code <docker-root>/containers/<id>/config.v2.json} ({@code "Name":"/web"}) and podman's
 * {@code <storage-root>/overlay-containers/<id>/userdata/config.json} annotation
 * {@code io.podman.annotations.name} (not every version writes it). Otherwise the short id.
 */
public final class ContainerNames {
    private static final Pattern DOCKER_NAME = Pattern.compile("\"Name\"\\s*:\\s*\"/([^\"]+)\"");
    private static final Pattern PODMAN_NAME =
        Pattern.compile("\"io\\.podman\\.annotations\\.name\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern KUBE_NAME =
        Pattern.compile("\"io\\.kubernetes\\.container\\.name\"\\s*:\\s*\"([^\"]+)\"");
    private static final long MAX_METADATA_BYTES = 4L << 20;

    private final Path dockerRoot;
    private final Path containersStorageRoot;

    /**
     * @param dockerRoot            docker's data root, usually {@code /var/lib/docker}.
     * @param containersStorageRoot podman/CRI-O storage root, usually {@code /var/lib/containers/storage}.
     */
    public ContainerNames(final Path dockerRoot, final Path containersStorageRoot) {
        this.dockerRoot = dockerRoot;
        this.containersStorageRoot = containersStorageRoot;
    }

    /**
     * @param runtime     the runtime label value.
     * @param containerId the 64-hex id.
     * @return the name found in the runtime's metadata, or the short id.
     */
    public String nameOf(final String runtime, final String containerId) {
        final String found = switch (runtime) {
            case ContainerIdResolver.DOCKER -> find(dockerRoot.resolve("containers").resolve(containerId)
                .resolve("config.v2.json"), DOCKER_NAME);
            case ContainerIdResolver.PODMAN, ContainerIdResolver.CRIO -> {
                final Path config = containersStorageRoot.resolve("overlay-containers").resolve(containerId)
                    .resolve("userdata").resolve("config.json");
                final String podman = find(config, PODMAN_NAME);
                yield podman != null ? podman : find(config, KUBE_NAME);
            }
            default -> null;
        };
        return found != null ? found : ContainerIdResolver.shortId(containerId);
    }

    private static String find(final Path file, final Pattern pattern) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_METADATA_BYTES) {
                return null;
            }
            final Matcher m = pattern.matcher(Files.readString(file));
            return m.find() ? m.group(1) : null;
        } catch (final IOException | SecurityException e) {
            return null;
        }
    }
}
