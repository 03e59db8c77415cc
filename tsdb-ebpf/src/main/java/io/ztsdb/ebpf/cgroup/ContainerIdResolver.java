// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.cgroup;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the cgroup directory names container runtimes create, with the systemd and the cgroupfs drivers:
 * <ul>
 *   <li>docker: {@code docker-<id>.scope} (systemd), {@code docker/<id>} (cgroupfs)</li>
 *   <li>containerd / Kubernetes: {@code cri-containerd-<id>.scope}, {@code kubepods/.../pod<uid>/<id>}</li>
 *   <li>podman: {@code libpod-<id>.scope}, {@code libpod/<id>}</li>
 *   <li>CRI-O: {@code crio-<id>.scope}</li>
 * </ul>
 * {@code <id>} is 64 lower-case hex digits. Runtime helper scopes ({@code libpod-conmon-…},
 * {@code crio-conmon-…}) are not containers.
 */
public final class ContainerIdResolver {
    /** Runtime label value for docker. */
    public static final String DOCKER = "docker";
    /** Runtime label value for containerd (Kubernetes CRI or plain). */
    public static final String CONTAINERD = "containerd";
    /** Runtime label value for podman. */
    public static final String PODMAN = "podman";
    /** Runtime label value for CRI-O. */
    public static final String CRIO = "cri-o";

    private static final Pattern SCOPE = Pattern.compile("(docker|cri-containerd|libpod|crio)-([0-9a-f]{64})\\.scope");
    private static final Pattern BARE_ID = Pattern.compile("[0-9a-f]{64}");
    /** kubelet, systemd driver: {@code kubepods[-<qos>]-pod<uid with _ for ->.slice}. */
    private static final Pattern POD_SLICE = Pattern.compile("kubepods(?:-[a-z]+)?-pod([0-9a-f_]{36})\\.slice");
    /** kubelet, cgroupfs driver: {@code pod<uid>}. */
    private static final Pattern POD_DIR = Pattern.compile("pod([0-9a-f-]{36})");

    private ContainerIdResolver() {
    }

    /**
     * A recognised container cgroup.
     *
     * @param runtime     one of {@link #DOCKER}, {@link #CONTAINERD}, {@link #PODMAN}, {@link #CRIO}.
     * @param containerId the 64-hex container id.
     */
    public record Match(String runtime, String containerId) {
    }

    /**
     * @param name       the cgroup directory's name.
     * @param parentName its parent directory's name ("" at the top).
     * @param inKubepods whether an ancestor is a {@code kubepods*} directory.
     * @return the match, or null when the directory is not a container's cgroup.
     */
    public static Match resolve(final String name, final String parentName, final boolean inKubepods) {
        final Matcher scope = SCOPE.matcher(name);
        if (scope.matches()) {
            final String runtime = switch (scope.group(1)) {
                case "docker" -> DOCKER;
                case "cri-containerd" -> CONTAINERD;
                case "libpod" -> PODMAN;
                default -> CRIO;
            };
            return new Match(runtime, scope.group(2));
        }
        if (BARE_ID.matcher(name).matches()) {
            if (parentName.equals("docker")) {
                return new Match(DOCKER, name);
            }
            if (parentName.equals("libpod")) {
                return new Match(PODMAN, name);
            }
            if (inKubepods && parentName.startsWith("pod")) {
                return new Match(CONTAINERD, name); // kubelet cgroupfs driver: kubepods/<qos>/pod<uid>/<id>
            }
        }
        return null;
    }

    /**
     * @param name a cgroup directory's name below {@code kubepods}.
     * @return the pod uid it names ({@code kubepods-burstable-pod<uid>.slice} or {@code pod<uid>}), or null.
     */
    public static String podUid(final String name) {
        final Matcher slice = POD_SLICE.matcher(name);
        if (slice.matches()) {
            return slice.group(1).replace('_', '-');
        }
        final Matcher dir = POD_DIR.matcher(name);
        return dir.matches() ? dir.group(1) : null;
    }

    /**
     * @param containerId a container id.
     * @return its first 12 characters, the short form runtimes print.
     */
    public static String shortId(final String containerId) {
        return containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
    }
}
