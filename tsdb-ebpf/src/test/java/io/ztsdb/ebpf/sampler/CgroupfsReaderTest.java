// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupfsReaderTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadUsageUsecFromCpuStat() throws IOException {
        final Path stat = Files.writeString(dir.resolve("cpu.stat"), """
            usage_usec 2946972
            user_usec 2900000
            system_usec 46972
            nr_periods 0
            """);
        assertThat(new CgroupfsReader().cpuUsageMicros(stat)).isEqualTo(2_946_972L);
    }

    @Test
    void shouldFindUsageUsecOnAnyLine() throws IOException {
        final Path stat = Files.writeString(dir.resolve("cpu.stat"), "nr_periods 0\nusage_usec 17\n");
        assertThat(new CgroupfsReader().cpuUsageMicros(stat)).isEqualTo(17L);
    }

    @Test
    void shouldReturnMinusOneForMissingOrMalformedFiles() throws IOException {
        final CgroupfsReader reader = new CgroupfsReader();
        assertThat(reader.cpuUsageMicros(dir.resolve("absent"))).isEqualTo(-1);
        assertThat(reader.singleValue(dir.resolve("absent"))).isEqualTo(-1);
        assertThat(reader.cpuUsageMicros(Files.writeString(dir.resolve("x"), "user_usec 5\n"))).isEqualTo(-1);
        assertThat(reader.singleValue(Files.writeString(dir.resolve("y"), "max\n"))).isEqualTo(-1);
    }

    @Test
    void shouldReadSingleValueFiles() throws IOException {
        assertThat(new CgroupfsReader().singleValue(Files.writeString(dir.resolve("memory.current"), "217755648\n")))
            .isEqualTo(217_755_648L);
    }

    @Test
    void shouldTakeWrapSafeDeltas() {
        assertThat(CgroupState.unsignedDelta(10, 3)).isEqualTo(7.0);
        assertThat(CgroupState.unsignedDelta(5, -3)).isEqualTo(8.0); // wrapped past 2^64
        assertThat(CgroupState.unsignedDelta(-1, 0)).isEqualTo(1.8446744073709552E19);
    }

    @Test
    void shouldReadKeysOfFlatKeyedFilesAtLineStartsOnly() throws IOException {
        final CgroupfsReader reader = new CgroupfsReader();
        final Path oomControl = Files.writeString(dir.resolve("memory.oom_control"),
            "oom_kill_disable 0\nunder_oom 0\noom_kill 3\n");
        assertThat(reader.value(oomControl, "oom_kill")).isEqualTo(3);
        final Path memoryStat = Files.writeString(dir.resolve("memory.stat"),
            "cache 4096\ninactive_file 8192\ntotal_cache 4096\ntotal_inactive_file 12288\n");
        assertThat(reader.value(memoryStat, "inactive_file")).isEqualTo(8192);
        assertThat(reader.value(memoryStat, "total_inactive_file")).isEqualTo(12288);
        assertThat(reader.value(memoryStat, "active_file")).isEqualTo(-1);
        final Path cpuStat = Files.writeString(dir.resolve("cpu.stat"),
            "nr_periods 120\nnr_throttled 96\nthrottled_time 7812345678\n");
        assertThat(reader.value(cpuStat, "nr_throttled")).isEqualTo(96);
        assertThat(reader.value(cpuStat, "throttled_time")).isEqualTo(7_812_345_678L);
    }
}
