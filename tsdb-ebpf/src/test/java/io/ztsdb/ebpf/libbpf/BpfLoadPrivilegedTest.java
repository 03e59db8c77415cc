// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.libbpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ztsdb.ebpf.BpfAssumptions;
import io.ztsdb.ebpf.EbpfCallException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Loading into the real kernel: the verifier log in the exception, map writes/reads/deletes through the binding,
 * and the tracing attach (tp_btf) that bpftool 7.1's feature probe wrongly calls unavailable.
 */
@Tag("privileged")
class BpfLoadPrivilegedTest {
    @BeforeAll
    static void requireRootAndBtf() {
        assumeTrue(Libbpf.isAvailable(), "libbpf.so.1 not installed");
        BpfAssumptions.assumeRootAndBtf();
    }

    @Test
    void shouldPutTheVerifierLogIntoTheException() {
        try (BpfObject object = BpfObject.openResource("testdata/verifier_reject.bpf.o")) {
            assertThatThrownBy(object::load).isInstanceOf(EbpfCallException.class)
                .hasMessageContaining("bpf_object__load(verifier_reject) failed")
                .hasMessageContaining("the verifier rejected the program")
                .hasMessageContaining("invalid mem access 'map_value_or_null'");
        }
    }

    @Test
    void shouldUpdateLookupBatchReadAndDeleteThroughTheBinding() {
        try (BpfObject object = BpfObject.openResource("container_io.bpf.o");
             Arena arena = Arena.ofConfined()) {
            final BpfMap stats = object.map("io_stats");
            stats.maxEntries(64);
            object.program("ztsdb_io_btf").autoload(true);
            object.load();
            final int stride = stats.valueStride();
            assertThat(stride).isEqualTo(32 * BpfObject.possibleCpus());
            final MemorySegment key = arena.allocate(8);
            final MemorySegment value = arena.allocate(stride);
            for (long id = 1; id <= 10; id++) {
                key.set(ValueLayout.JAVA_LONG, 0, 1_000_000 + id);
                value.fill((byte) 0);
                value.set(ValueLayout.JAVA_LONG, 0, id * 100); // read_bytes on CPU 0
                stats.update(key, value);
            }
            final MemorySegment keys = arena.allocate(8L * 64);
            final MemorySegment values = arena.allocate((long) stride * 64);
            final int n = stats.lookupBatch(keys, values, 64);
            long sum = 0;
            int ours = 0;
            for (int i = 0; i < n; i++) {
                final long id = keys.getAtIndex(ValueLayout.JAVA_LONG, i);
                if (id > 1_000_000 && id <= 1_000_010) {
                    ours++;
                    sum += values.get(ValueLayout.JAVA_LONG, (long) i * stride);
                }
            }
            assertThat(ours).isEqualTo(10);
            assertThat(sum).isEqualTo(5500);
            assertThat(stats.delete(1_000_001)).isTrue();
            assertThat(stats.delete(1_000_001)).isFalse();
            assertThat(stats.lookup(1_000_001, value)).isFalse();
            assertThat(stats.lookup(1_000_002, value)).isTrue();
            assertThat(value.get(ValueLayout.JAVA_LONG, 0)).isEqualTo(200);
        }
    }

    /**
     * Both variants pass the verifier, each without the other's map (as ProgramSet loads them): tp_btf (task
     * storage) and the raw_tp fallback (per-CPU switch chain).
     */
    @ParameterizedTest
    @CsvSource({"ztsdb_cpu_btf, cpu_last_switch", "ztsdb_cpu_raw, cpu_task_charged"})
    void shouldAttachTracingProgramAndDetachOnClose(final String program, final String unusedMap) throws Exception {
        final long before = schedSwitchLinks();
        try (BpfObject object = BpfObject.openResource("container_cpu.bpf.o")) {
            object.program(program).autoload(true);
            object.map(unusedMap).autocreate(false);
            object.load();
            final BpfLink link = object.program(program).attach();
            assertThat(link.isOpen()).isTrue();
            assertThat(schedSwitchLinks()).isEqualTo(before + 1);
            link.close();
            link.close();
            assertThat(link.isOpen()).isFalse();
            assertThat(schedSwitchLinks()).isEqualTo(before);
        }
    }

    /**
     * Every variant of the run-queue, TCP retransmit, drop and OOM objects passes the verifier of this kernel and
     * attaches, each without the maps only the other variants use (as ProgramSet loads them).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "container_runq.bpf.o | ztsdb_runq_btf | runq_task_enqueued runq_pid_enqueued",
        "container_runq.bpf.o | ztsdb_runq_wakeup_ts_btf ztsdb_runq_wakeup_new_ts_btf ztsdb_runq_switch_ts_btf"
            + " | runq_task_charged runq_pid_enqueued",
        "container_runq.bpf.o | ztsdb_runq_wakeup_raw ztsdb_runq_wakeup_new_raw ztsdb_runq_switch_raw"
            + " | runq_task_charged runq_task_enqueued",
        "container_tcp.bpf.o | ztsdb_tcp_retrans_btf |",
        "container_tcp.bpf.o | ztsdb_tcp_retrans_raw |",
        "container_drop.bpf.o | ztsdb_drop_btf |",
        "container_drop.bpf.o | ztsdb_drop_btf_skb_sk |",
        "container_drop.bpf.o | ztsdb_drop_raw |",
        "container_oom.bpf.o | ztsdb_oom_btf |",
        "container_oom.bpf.o | ztsdb_oom_raw |"})
    void shouldLoadAndAttachEveryVariant(final String objectName, final String programs, final String unusedMaps) {
        try (BpfObject object = BpfObject.openResource(objectName)) {
            for (final String program : programs.split(" ")) {
                object.program(program).autoload(true);
            }
            if (unusedMaps != null) {
                for (final String unused : unusedMaps.split(" ")) {
                    object.map(unused).autocreate(false);
                }
            }
            object.load();
            final java.util.List<BpfLink> links = new java.util.ArrayList<>();
            try {
                for (final String program : programs.split(" ")) {
                    links.add(object.program(program).attach());
                }
                assertThat(links).allSatisfy(link -> assertThat(link.isOpen()).isTrue());
            } finally {
                links.forEach(BpfLink::close);
            }
        }
    }

    private static long schedSwitchLinks() throws Exception {
        return bpftool("link", "show").lines().filter(l -> l.contains("'sched_switch'")).count();
    }

    private static String bpftool(final String... args) throws Exception {
        final String[] command = new String[args.length + 1];
        command[0] = "bpftool";
        System.arraycopy(args, 0, command, 1, args.length);
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }
}
