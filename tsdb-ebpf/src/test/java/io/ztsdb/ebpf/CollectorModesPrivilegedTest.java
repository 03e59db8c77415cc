// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ztsdb.ebpf.cgroup.CgroupLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the collector adapts to the host: an object whose tracepoint the kernel lacks is skipped with one log line
 * while the others run, and block I/O is attributed by the bio's blkcg when the io controller is on the tree the
 * collector watches (the pure cgroup v2 path).
 */
@Tag("privileged")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CollectorModesPrivilegedTest {
    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");
    /** An object like the collector's, for a tracepoint no kernel has (bpf/testdata/missing_tracepoint.bpf.c). */
    private static final ProbeSpec MISSING = new ProbeSpec("test-missing", "testdata/missing_tracepoint.bpf.o",
        "missing_stats", null, null, List.of(
            ProbeSpec.Variant.tracing("tp_btf", List.of("ztsdb_test_missing_btf"), List.of()),
            ProbeSpec.Variant.tracing("raw_tp", List.of("ztsdb_test_missing_raw"), List.of())),
        List.of("test.missing.metric"));

    @TempDir
    Path scratch;

    @BeforeAll
    static void requireRootAndBtf() {
        BpfAssumptions.assumeRootAndBtf();
    }

    @AfterAll
    static void shouldLeaveNoProgramsBehind() throws Exception {
        if (EbpfCollector.hasBpfPrivileges()) {
            assertThat(LeakCheck.ztsdbProgramsHeldByThisJvm()).isEmpty();
        }
    }

    @Test
    void shouldSkipAnObjectWhoseTracepointIsMissingWithOneLogLineAndRunTheOthers() throws Exception {
        final List<String> warnings = new CopyOnWriteArrayList<>();
        try (FakeContainers fake = new FakeContainers(scratch);
             EbpfCollector collector = new EbpfCollector(new CollectorConfig().scope(fake.parent).maxCgroups(256),
                 new RecordingSink(), null, List.of(ProbeSpec.NET, MISSING, ProbeSpec.RUNQUEUE))) {
            collector.warnings = warnings::add;
            collector.open();
            collector.sampleNow();
            collector.sampleNow();

            final CollectorStats stats = collector.stats();
            assertThat(stats.mode()).isEqualTo(CollectorMode.EBPF);
            assertThat(stats.programsAttached()).hasSize(3).contains("ztsdb_runq_btf");
            assertThat(stats.failures()).singleElement().asString()
                .startsWith("test-missing (testdata/missing_tracepoint.bpf.o) not loaded, skipping "
                    + "test.missing.metric:")
                .contains("tp_btf: ").contains("raw_tp: ").doesNotContain("\n");
            assertThat(stats.missingMetrics()).contains("test.missing.metric")
                .doesNotContain(MetricNames.RUNQUEUE_WAIT, MetricNames.NET_RX_BYTES);
            assertThat(stats.errors()).isZero();
            assertThat(warnings).singleElement().asString().startsWith("eBPF: test-missing").doesNotContain("\n");
        }
    }

    /**
     * The collector watching one hierarchy that holds the io controller, as on a pure cgroup v2 host: here the v1
     * blkio tree of this hybrid host, taken as the only tree. Bios are then attributed by
     * {@code bio->bi_blkg->blkcg->css.cgroup->kn->id}, whose ids are that tree's, and 64 MiB of direct I/O is
     * counted exactly under them. The submitting task's cgroup v2 id (the hybrid attribution) is a different
     * number, so a count under the blkio id can only come from the blkcg path.
     */
    @Test
    void shouldAttributeBlockIoByTheBlkcgOfTheBioWhenTheTreeHoldsTheIoController() throws Exception {
        final CgroupLayout detected = CgroupLayout.detect(CGROUP_ROOT);
        final boolean pureV2 = detected.v2().equals(CGROUP_ROOT);
        assumeTrue(detected.ioOnV2() || Files.isDirectory(CGROUP_ROOT.resolve("blkio")),
            "needs the io controller on cgroup v2 or a v1 blkio tree");
        try (FakeContainers fake = new FakeContainers(scratch)) {
            FakeContainers.Container c = null;
            long blkcgId = -1;
            for (int attempt = 0; attempt < 3 && c == null; attempt++) {
                final String id = FakeContainers.randomId();
                final var candidate = fake.create(id, "system.slice/docker-" + id + ".scope");
                final Path ioDir = detected.ioOnV2() ? candidate.v2Dir() : fake.v1("blkio", candidate);
                blkcgId = inode(ioDir);
                if (detected.ioOnV2() || blkcgId != candidate.cgroupId()) { // kernfs ids of two trees may coincide
                    c = candidate;
                }
            }
            assertThat(c).as("a container whose blkio and v2 ids differ").isNotNull();
            final CgroupLayout ioTree = detected.ioOnV2() ? detected
                : CgroupLayout.singleTree(CGROUP_ROOT.resolve("blkio"), List.of("io"));
            final Path scope = pureV2 ? fake.parent : CGROUP_ROOT.resolve("blkio").resolve(fake.parentName);
            try (EbpfCollector collector = new EbpfCollector(new CollectorConfig().scope(scope).maxCgroups(1024),
                new RecordingSink(), ioTree, List.of(ProbeSpec.IO))) {
                collector.open();
                assertThat(collector.stats().programsAttached()).containsExactly("ztsdb_io_btf");
                assertThat(collector.containers()).extracting(ContainerInfo::cgroupId).containsExactly(blkcgId);
                DirectIoCheck.assertCountedExactly(collector, fake, c, blkcgId);
            }
        }
    }

    private static long inode(final Path dir) throws IOException {
        return ((Number) Files.getAttribute(dir, "unix:ino")).longValue();
    }
}
