// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.libbpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ztsdb.ebpf.EbpfCallException;
import io.ztsdb.ebpf.EbpfException;
import io.ztsdb.ebpf.layout.MapLayouts;
import org.junit.jupiter.api.Test;

/**
 * Opening an object (ELF + BTF parsing, no BPF syscalls) needs libbpf.so.1 but no privileges.
 */
class BpfObjectTest {
    @Test
    void shouldDeclareMapValuesOfTheSizeOfTheJavaLayouts() {
        assumeTrue(Libbpf.isAvailable(), "libbpf.so.1 not installed");
        assumeTrue(BpfObject.missingToolchain() == null, BpfObjectTest::notBuilt);
        try (BpfObject net = BpfObject.openResource("container_net.bpf.o");
             BpfObject cpu = BpfObject.openResource("container_cpu.bpf.o");
             BpfObject io = BpfObject.openResource("container_io.bpf.o")) {
            assertThat(net.map("net_stats").valueSize()).isEqualTo((int) MapLayouts.NET_VALUE.byteSize());
            assertThat(net.map("net_stats").keySize()).isEqualTo(MapLayouts.KEY_LENGTH);
            assertThat(cpu.map("cpu_stats").valueSize()).isEqualTo((int) MapLayouts.CPU_VALUE.byteSize());
            assertThat(io.map("io_stats").valueSize()).isEqualTo((int) MapLayouts.IO_VALUE.byteSize());
            assertThat(io.map("io_stats").isPerCpu()).isTrue();
            assertThat(io.map("io_config").isPerCpu()).isFalse();
        }
        try (BpfObject runq = BpfObject.openResource("container_runq.bpf.o");
             BpfObject tcp = BpfObject.openResource("container_tcp.bpf.o");
             BpfObject drop = BpfObject.openResource("container_drop.bpf.o");
             BpfObject oom = BpfObject.openResource("container_oom.bpf.o")) {
            assertThat(oom.map("oom_stats").valueSize()).isEqualTo((int) MapLayouts.OOM_VALUE.byteSize());
            assertThat(runq.map("runq_stats").valueSize()).isEqualTo((int) MapLayouts.RUNQ_VALUE.byteSize());
            assertThat(runq.map("runq_stats").isPerCpu()).isTrue();
            assertThat(tcp.map("tcp_stats").valueSize()).isEqualTo((int) MapLayouts.TCP_VALUE.byteSize());
            assertThat(drop.map("drop_stats").keySize()).isEqualTo((int) MapLayouts.DROP_KEY.byteSize());
            assertThat(drop.map("drop_stats").valueSize()).isEqualTo(MapLayouts.DROP_VALUE_LENGTH);
        }
    }

    @Test
    void shouldListProgramsAndMarkVariantsNonAutoload() {
        assumeTrue(Libbpf.isAvailable(), "libbpf.so.1 not installed");
        assumeTrue(BpfObject.missingToolchain() == null, BpfObjectTest::notBuilt);
        try (BpfObject cpu = BpfObject.openResource("container_cpu.bpf.o")) {
            assertThat(cpu.programs()).extracting(BpfProgram::name).containsExactly("ztsdb_cpu_btf", "ztsdb_cpu_raw");
            assertThat(cpu.program("ztsdb_cpu_btf").autoload()).isFalse();
            cpu.program("ztsdb_cpu_btf").autoload(true);
            assertThat(cpu.program("ztsdb_cpu_btf").autoload()).isTrue();
        }
    }

    @Test
    void shouldResizeMapBeforeLoad() {
        assumeTrue(Libbpf.isAvailable(), "libbpf.so.1 not installed");
        assumeTrue(BpfObject.missingToolchain() == null, BpfObjectTest::notBuilt);
        try (BpfObject net = BpfObject.openResource("container_net.bpf.o")) {
            net.map("net_stats").maxEntries(1234);
            assertThat(net.map("net_stats").maxEntries()).isEqualTo(1234);
            assertThatThrownBy(() -> net.map("net_stats").maxEntries(0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void shouldNameTheErrnoWhenTheImageIsNotAnElfObject() {
        assumeTrue(Libbpf.isAvailable(), "libbpf.so.1 not installed");
        assertThatThrownBy(() -> BpfObject.open(new byte[64], "garbage"))
            .isInstanceOf(EbpfCallException.class)
            .hasMessageContaining("bpf_object__open_mem(garbage) failed")
            .satisfies(e -> assertThat(((EbpfCallException) e).errno()).isPositive());
    }

    @Test
    void shouldRejectUnknownProgramAndMapAndUseAfterClose() {
        assumeTrue(Libbpf.isAvailable(), "libbpf.so.1 not installed");
        assumeTrue(BpfObject.missingToolchain() == null, BpfObjectTest::notBuilt);
        final BpfObject net = BpfObject.openResource("container_net.bpf.o");
        assertThatThrownBy(() -> net.program("nope")).isInstanceOf(EbpfException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> net.map("nope")).isInstanceOf(EbpfException.class).hasMessageContaining("nope");
        net.close();
        net.close();
        assertThatThrownBy(() -> net.map("net_stats")).isInstanceOf(IllegalStateException.class);
    }

    private static String notBuilt() {
        return "BPF objects not built: " + BpfObject.missingToolchain();
    }
}
