// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContainerIdResolverTest {
    private static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @Test
    void shouldResolveEachRuntimesScopeName() {
        assertThat(ContainerIdResolver.resolve("docker-" + ID + ".scope", "system.slice", false))
            .isEqualTo(new ContainerIdResolver.Match("docker", ID));
        assertThat(ContainerIdResolver.resolve("cri-containerd-" + ID + ".scope", "kubepods-pod1.slice", true))
            .isEqualTo(new ContainerIdResolver.Match("containerd", ID));
        assertThat(ContainerIdResolver.resolve("libpod-" + ID + ".scope", "machine.slice", false))
            .isEqualTo(new ContainerIdResolver.Match("podman", ID));
        assertThat(ContainerIdResolver.resolve("crio-" + ID + ".scope", "kubepods.slice", true))
            .isEqualTo(new ContainerIdResolver.Match("cri-o", ID));
    }

    @Test
    void shouldResolveCgroupfsDriverPaths() {
        assertThat(ContainerIdResolver.resolve(ID, "docker", false))
            .isEqualTo(new ContainerIdResolver.Match("docker", ID));
        assertThat(ContainerIdResolver.resolve(ID, "libpod", false))
            .isEqualTo(new ContainerIdResolver.Match("podman", ID));
        assertThat(ContainerIdResolver.resolve(ID, "pod8a1b2c3d-1111-2222-3333-444455556666", true))
            .isEqualTo(new ContainerIdResolver.Match("containerd", ID));
    }

    @Test
    void shouldIgnoreNonContainerCgroups() {
        assertThat(ContainerIdResolver.resolve("libpod-conmon-" + ID + ".scope", "machine.slice", false)).isNull();
        assertThat(ContainerIdResolver.resolve("crio-conmon-" + ID + ".scope", "kubepods.slice", true)).isNull();
        assertThat(ContainerIdResolver.resolve("docker-" + ID.substring(1) + ".scope", "system.slice", false)).isNull();
        assertThat(ContainerIdResolver.resolve(ID, "system.slice", false)).isNull();
        assertThat(ContainerIdResolver.resolve(ID, "pod123", false)).isNull();
        assertThat(ContainerIdResolver.resolve("sshd.service", "system.slice", false)).isNull();
        assertThat(ContainerIdResolver.resolve("docker-" + ID.toUpperCase() + ".scope", "system.slice", false))
            .isNull();
    }

    @Test
    void shouldShortenIdTo12Characters() {
        assertThat(ContainerIdResolver.shortId(ID)).isEqualTo("0123456789ab");
        assertThat(ContainerIdResolver.shortId("abc")).isEqualTo("abc");
    }

    @Test
    void shouldReadPodUidOfBothKubeletCgroupDrivers() {
        final String uid = "3f2a9c1e-1111-2222-3333-444455556666";
        assertThat(ContainerIdResolver.podUid("kubepods-burstable-pod3f2a9c1e_1111_2222_3333_444455556666.slice"))
            .isEqualTo(uid);
        assertThat(ContainerIdResolver.podUid("kubepods-besteffort-pod3f2a9c1e_1111_2222_3333_444455556666.slice"))
            .isEqualTo(uid);
        assertThat(ContainerIdResolver.podUid("kubepods-pod3f2a9c1e_1111_2222_3333_444455556666.slice")).isEqualTo(uid);
        assertThat(ContainerIdResolver.podUid("pod" + uid)).isEqualTo(uid);
        assertThat(ContainerIdResolver.podUid("kubepods-burstable.slice")).isNull();
        assertThat(ContainerIdResolver.podUid("pod1")).isNull();
        assertThat(ContainerIdResolver.podUid("burstable")).isNull();
    }
}
