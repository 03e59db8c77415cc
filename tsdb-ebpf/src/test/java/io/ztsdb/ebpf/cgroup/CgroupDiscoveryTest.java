// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery over a fixture tree shaped like a hybrid host (no root needed: inodes come from the temp file system).
 */
class CgroupDiscoveryTest {
    private static final String DOCKER_ID = "a".repeat(64);
    private static final String K8S_ID = "b".repeat(64);
    private static final String PODMAN_ID = "c".repeat(64);

    @TempDir
    Path root;

    private Path mkdirs(final String relative) throws IOException {
        return Files.createDirectories(root.resolve(relative));
    }

    private void hybridHost() throws IOException {
        Files.writeString(mkdirs("unified").resolve("cgroup.controllers"), "hugetlb\n");
        for (final String controller : new String[] {"memory", "cpuacct", "cpu", "blkio"}) {
            Files.writeString(mkdirs(controller).resolve("cgroup.procs"), "");
        }
        mkdirs("unified/system.slice/docker-" + DOCKER_ID + ".scope");
        mkdirs("unified/system.slice/sshd.service");
        mkdirs("unified/kubepods/burstable/pod11112222/" + K8S_ID);
        mkdirs("unified/machine.slice/libpod-conmon-" + PODMAN_ID + ".scope");
        mkdirs("unified/machine.slice/libpod-" + PODMAN_ID + ".scope");
        // v1 trees place containers differently: joined by id, not by path
        mkdirs("memory/docker/" + DOCKER_ID);
        mkdirs("blkio/system.slice/docker-" + DOCKER_ID + ".scope");
        mkdirs("cpu/system.slice/docker-" + DOCKER_ID + ".scope");
    }

    @Test
    void shouldDetectHybridAndPureV2Layouts() throws IOException {
        hybridHost();
        final CgroupLayout hybrid = CgroupLayout.detect(root);
        assertThat(hybrid.v2()).isEqualTo(root.resolve("unified"));
        assertThat(hybrid.memory()).isEqualTo(root.resolve("memory"));
        assertThat(hybrid.memoryOnV2()).isFalse();
        assertThat(hybrid.ioOnV2()).isFalse();

        final Path pure = Files.createDirectories(root.resolve("pure"));
        Files.writeString(pure.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
        final CgroupLayout v2 = CgroupLayout.detect(pure);
        assertThat(v2.v2()).isEqualTo(pure);
        assertThat(v2.memory()).isNull();
        assertThat(v2.memoryOnV2()).isTrue();
        assertThat(v2.ioOnV2()).isTrue();
    }

    @Test
    void shouldRejectRootWithoutCgroupV2() {
        assertThatThrownBy(() -> CgroupLayout.detect(root)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("no cgroup v2 hierarchy").hasMessageContaining("--cgroup-root");
    }

    @Test
    void shouldFindContainersOfEachRuntimeAndJoinV1TreesById() throws IOException {
        hybridHost();
        final Path dockerRoot = mkdirs("docker-data/containers/" + DOCKER_ID);
        Files.writeString(dockerRoot.resolve("config.v2.json"),
            "{\"ID\":\"" + DOCKER_ID + "\",\"MountPoints\":{},\"Name\":\"/web-1\",\"Driver\":\"overlay2\"}");
        final CgroupLayout layout = CgroupLayout.detect(root);
        final CgroupDiscovery discovery = new CgroupDiscovery(layout, layout.v2(), false,
            new ContainerNames(root.resolve("docker-data"), root.resolve("storage"), root.resolve("containerd")));

        final CgroupDiscovery.Result result = discovery.discover(null);

        assertThat(result.watched().values()).extracting(CgroupEntry::runtime, CgroupEntry::containerId,
                CgroupEntry::name)
            .containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("docker", DOCKER_ID, "web-1"),
                org.assertj.core.groups.Tuple.tuple("containerd", K8S_ID, "bbbbbbbbbbbb"),
                org.assertj.core.groups.Tuple.tuple("podman", PODMAN_ID, "cccccccccccc"));
        final CgroupEntry docker = result.watched().values().stream()
            .filter(e -> e.runtime().equals("docker")).findFirst().orElseThrow();
        assertThat(docker.cgroupId()).isEqualTo(Files.getAttribute(docker.v2Path(), "unix:ino"));
        assertThat(docker.memoryV1()).isEqualTo(root.resolve("memory/docker/" + DOCKER_ID));
        assertThat(docker.blkioV1()).isEqualTo(root.resolve("blkio/system.slice/docker-" + DOCKER_ID + ".scope"));
        assertThat(docker.cpuacctV1()).isNull();
        assertThat(docker.cpuV1()).isEqualTo(root.resolve("cpu/system.slice/docker-" + DOCKER_ID + ".scope"));
        assertThat(docker.pod()).isNull();
        assertThat(docker.labels()).containsEntry("container_id", DOCKER_ID).containsEntry("container_name", "web-1")
            .containsEntry("runtime", "docker");
        // every directory of the v2 tree is live, watched or not
        assertThat(result.liveIds()).hasSize(11);
    }

    @Test
    void shouldWatchEveryCgroupWhenAsked() throws IOException {
        hybridHost();
        final CgroupLayout layout = CgroupLayout.detect(root);
        final CgroupDiscovery discovery = new CgroupDiscovery(layout, layout.v2(), true,
            new ContainerNames(root.resolve("none"), root.resolve("none"), root.resolve("none")));

        final CgroupDiscovery.Result result = discovery.discover(null);

        assertThat(result.watched().values()).extracting(CgroupEntry::containerId)
            .contains("/system.slice/sshd.service", "/", DOCKER_ID);
        assertThat(result.watched().values()).filteredOn(e -> e.containerId().equals("/system.slice/sshd.service"))
            .singleElement().satisfies(e -> assertThat(e.runtime()).isEqualTo("cgroup"));
    }

    @Test
    void shouldLimitContainersToScopeButKeepEveryLiveId() throws IOException {
        hybridHost();
        final CgroupLayout layout = CgroupLayout.detect(root);
        final CgroupDiscovery discovery = new CgroupDiscovery(layout, root.resolve("unified/system.slice"), false,
            new ContainerNames(root.resolve("none"), root.resolve("none"), root.resolve("none")));

        final CgroupDiscovery.Result result = discovery.discover(null);

        assertThat(result.watched().values()).extracting(CgroupEntry::containerId).containsExactly(DOCKER_ID);
        assertThat(result.liveIds()).hasSize(11);
    }

    @Test
    void shouldLabelKubernetesContainersWithTheirPodFromCgroupPathAndRuntimeState() throws IOException {
        hybridHost();
        final String uid = "3f2a9c1e-1111-2222-3333-444455556666";
        final String crioId = "d".repeat(64);
        final String unreadableId = "e".repeat(64);
        mkdirs("unified/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + uid.replace('-', '_')
            + ".slice/cri-containerd-" + K8S_ID + ".scope");
        mkdirs("unified/kubepods.slice/kubepods-pod" + uid.replace('-', '_') + ".slice/crio-" + crioId + ".scope");
        mkdirs("unified/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + uid.replace('-', '_')
            + ".slice/cri-containerd-" + unreadableId + ".scope");
        Files.writeString(mkdirs("containerd/k8s.io/" + K8S_ID).resolve("config.json"), """
            {"ociVersion":"1.1.0","annotations":{"io.kubernetes.cri.container-name":"nginx",
             "io.kubernetes.cri.container-type":"container","io.kubernetes.cri.sandbox-name":"web-7d9f",
             "io.kubernetes.cri.sandbox-namespace":"shop","io.kubernetes.cri.sandbox-uid":"%s"}}""".formatted(uid));
        Files.writeString(mkdirs("storage/overlay-containers/" + crioId + "/userdata").resolve("config.json"), """
            {"annotations":{"io.kubernetes.container.name":"db","io.kubernetes.pod.name":"pg-0",
             "io.kubernetes.pod.namespace":"data"}}""");
        final CgroupLayout layout = CgroupLayout.detect(root);
        final CgroupDiscovery discovery = new CgroupDiscovery(layout, layout.v2().resolve("kubepods.slice"), false,
            new ContainerNames(root.resolve("docker-data"), root.resolve("storage"), root.resolve("containerd")));

        final CgroupDiscovery.Result result = discovery.discover(null);

        assertThat(result.watched().values()).extracting(CgroupEntry::labels).containsExactlyInAnyOrder(
            java.util.Map.of("container_id", K8S_ID, "container_name", "nginx", "runtime", "containerd",
                "pod_uid", uid, "pod", "web-7d9f", "namespace", "shop"),
            java.util.Map.of("container_id", crioId, "container_name", "db", "runtime", "cri-o",
                "pod_uid", uid, "pod", "pg-0", "namespace", "data"),
            // runtime state not readable: the uid from the cgroup path, the short id as the name
            java.util.Map.of("container_id", unreadableId, "container_name", "eeeeeeeeeeee", "runtime", "containerd",
                "pod_uid", uid));
    }

    @Test
    void shouldTakePodUidFromCgroupfsDriverPaths() throws IOException {
        hybridHost();
        mkdirs("unified/kubepods/burstable/pod3f2a9c1e-1111-2222-3333-444455556666/" + "f".repeat(64));
        final CgroupLayout layout = CgroupLayout.detect(root);
        final CgroupDiscovery discovery = new CgroupDiscovery(layout, layout.v2().resolve("kubepods"), false,
            new ContainerNames(root.resolve("none"), root.resolve("none"), root.resolve("none")));

        final CgroupDiscovery.Result result = discovery.discover(null);

        assertThat(result.watched().values()).filteredOn(e -> e.containerId().equals("f".repeat(64))).singleElement()
            .satisfies(e -> assertThat(e.pod()).isEqualTo(new PodInfo("3f2a9c1e-1111-2222-3333-444455556666", null,
                null)));
        // kubepods/burstable/pod11112222/<id> of the fixture: not a pod uid (too short), so no pod
        assertThat(result.watched().values()).filteredOn(e -> e.containerId().equals(K8S_ID)).singleElement()
            .satisfies(e -> assertThat(e.pod()).isNull());
    }
}
