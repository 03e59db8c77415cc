// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import io.ztsdb.ebpf.libbpf.BpfLink;
import io.ztsdb.ebpf.libbpf.BpfObject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leak check the privileged test classes end with: it fires for a program this JVM left loaded, and only for
 * this JVM's (other builds' test runs on this machine load ztsdb programs at the same time).
 */
@Tag("privileged")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LeakCheckPrivilegedTest {
    @TempDir
    Path scratch;

    @BeforeAll
    static void requireRootAndBtf() {
        BpfAssumptions.assumeRootAndBtf();
    }

    @Test
    void shouldReportAProgramLeftLoadedAndAttachedUntilItIsClosed() throws Exception {
        assertThat(LeakCheck.ztsdbProgramsHeldByThisJvm()).isEmpty();
        final BpfObject object = BpfObject.openResource("container_oom.bpf.o");
        try {
            object.program("ztsdb_oom_btf").autoload(true);
            object.load();
            final BpfLink link = object.program("ztsdb_oom_btf").attach();
            final List<String> held = LeakCheck.ztsdbProgramsHeldByThisJvm();
            assertThat(held).hasSize(1);
            assertThat(held.getFirst()).startsWith("ztsdb_oom_btf#");
            link.close();
        } finally {
            object.close();
        }
        assertThat(LeakCheck.ztsdbProgramsHeldByThisJvm()).isEmpty();
    }

    @Test
    void shouldIgnoreZtsdbProgramsThatAnotherProcessLoaded() throws Exception {
        // an object whose programs all load by default: bpftool loadall pins every program of the object
        final Path elf = scratch.resolve("tcp_data_drop.bpf.o");
        try (InputStream in = BpfObject.class.getResourceAsStream(BpfObject.RESOURCE_FOLDER
            + "testdata/tcp_data_drop.bpf.o")) {
            assertThat(in).as("testdata/tcp_data_drop.bpf.o built into the test resources").isNotNull();
            Files.write(elf, in.readAllBytes());
        }
        // bpftool loads them and pins them in bpffs: the kernel holds them, no fd of this JVM does
        final Path pins = Path.of("/sys/fs/bpf", "ztsdb-test-" + UUID.randomUUID());
        final String out = EbpfCollectorPrivilegedTest.run("bpftool", "prog", "loadall", elf.toString(),
            pins.toString());
        try {
            assertThat(pins.resolve("ztsdb_test_tcp_data_drop")).as(out).exists();
            assertThat(EbpfCollectorPrivilegedTest.run("bpftool", "prog", "show", "pinned",
                pins.resolve("ztsdb_test_tcp_data_drop").toString())).contains("ztsdb_test_tcp_data_drop");
            assertThat(LeakCheck.ztsdbProgramsHeldByThisJvm()).isEmpty();
        } finally {
            EbpfCollectorPrivilegedTest.run("rm", "-rf", pins.toString());
        }
    }
}
