// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ztsdb.ebpf.CollectorConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CollectCommandTest {
    @TempDir
    Path dataDir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private CommandLine cli() {
        final CommandLine cli = TsvdbCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli;
    }

    @Test
    void shouldExitOneWithPrivilegeHintWhenNotRoot() {
        final CommandLine cli = cli();
        final CollectCommand collect = cli.getSubcommands().get("collect").getCommand();
        collect.privileged = () -> false;

        final int exit = cli.execute("collect", "--port", "0", "--data-dir", dataDir.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).startsWith("tsvdb collect: error: collect needs root or CAP_BPF+CAP_PERFMON")
            .contains("--no-ebpf").hasLineCount(1);
    }

    @Test
    void shouldRejectNonPositiveIntervalAsUsageError() {
        final int exit = cli().execute("collect", "--interval", "0", "--data-dir", dataDir.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--interval must be a positive number of milliseconds").hasLineCount(1);
    }

    @Test
    void shouldRejectBadHeadMemoryAsUsageError() {
        final int exit = cli().execute("collect", "--head-memory", "1x", "--data-dir", dataDir.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--head-memory must be a size like 64m").hasLineCount(1);
    }

    @Test
    void shouldRejectMissingCgroupRootAsUsageError() {
        final int exit = cli().execute("collect", "--cgroup-root", dataDir.resolve("nope").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--cgroup-root");
    }

    @Test
    void shouldTurnOffTheNamedSignalsOnly() {
        final CommandLine cli = cli();
        cli.parseArgs("collect", "--disable-signal", "runqueue-latency,net-drops", "--cgroup-root", dataDir.toString());
        final CollectCommand collect = cli.getSubcommands().get("collect").getCommand();
        final var config = collect.collectorConfig();
        assertThat(config.runqueueLatency()).isFalse();
        assertThat(config.netDrops()).isFalse();
        assertThat(config.tcpRetransmits()).isTrue();

        final CommandLine repeated = cli();
        repeated.parseArgs("collect", "--disable-signal", "tcp-retransmits", "--disable-signal", "runqueue-latency",
            "--cgroup-root", dataDir.toString());
        final var both = ((CollectCommand) repeated.getSubcommands().get("collect").getCommand()).collectorConfig();
        assertThat(both.tcpRetransmits()).isFalse();
        assertThat(both.runqueueLatency()).isFalse();
        assertThat(both.netDrops()).isTrue();
    }

    @Test
    void shouldKeepEverySignalOnByDefault() {
        final CommandLine cli = cli();
        cli.parseArgs("collect", "--cgroup-root", dataDir.toString());
        final var config = ((CollectCommand) cli.getSubcommands().get("collect").getCommand()).collectorConfig();
        assertThat(config.runqueueLatency()).isTrue();
        assertThat(config.tcpRetransmits()).isTrue();
        assertThat(config.netDrops()).isTrue();
    }

    @Test
    void shouldRejectAnUnknownSignalAsUsageError() {
        final int exit = cli().execute("collect", "--disable-signal", "runqueue-latency,oom", "--data-dir",
            dataDir.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--disable-signal must name runqueue-latency, tcp-retransmits or "
            + "net-drops (comma-separated), got 'oom'").hasLineCount(1);
    }

    @Test
    void shouldSizeTheCounterSlots() {
        final CommandLine cli = cli();
        cli.parseArgs("collect", "--counter-slots", "64", "--cgroup-root", dataDir.toString());
        assertThat(((CollectCommand) cli.getSubcommands().get("collect").getCommand()).collectorConfig()
            .counterSlots()).isEqualTo(64);

        final CommandLine defaults = cli();
        defaults.parseArgs("collect", "--cgroup-root", dataDir.toString());
        assertThat(((CollectCommand) defaults.getSubcommands().get("collect").getCommand()).collectorConfig()
            .counterSlots()).isEqualTo(CollectorConfig.COUNTER_SLOTS_DEFAULT);
    }

    @Test
    void shouldRejectCounterSlotsThatAreNotAPowerOfTwoAsUsageError() {
        final int exit = cli().execute("collect", "--counter-slots", "1000", "--data-dir", dataDir.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--counter-slots must be a power of two from 1 to 1048576, got 1000")
            .hasLineCount(1);
    }

    @Test
    void shouldRejectUnknownFlag() {
        assertThat(cli().execute("collect", "--intervall", "5")).isEqualTo(2);
        assertThat(err.toString()).contains("--intervall");
    }

    @Test
    void shouldDocumentTheSeedFlagsAndDefaults() {
        assertThat(cli().execute("collect", "--help")).isZero();
        assertThat(out.toString()).contains("--web-port", "default: disabled", "--port", "default: 9876",
            "--interval", "default: 1000", "--discovery-interval", "default: 5000", "--counter-slots", "default: 1024",
            "--cgroup-root",
            "/sys/fs/cgroup", "--debug", "--no-ebpf", "--data-dir", "--disable-signal", "runqueue-latency",
            "tcp-retransmits", "net-drops");
    }

    @Test
    void shouldKeepSeedDefaults() {
        final CommandLine cli = cli();
        cli.parseArgs("collect");
        final CollectCommand collect = cli.getSubcommands().get("collect").getCommand();
        assertThat(collect.port).isEqualTo(9876);
        assertThat(collect.webPort).isNull();
        assertThat(collect.intervalMillis).isEqualTo(1000);
        assertThat(collect.discoveryIntervalMillis).isEqualTo(5000);
        assertThat(collect.cgroupRoot).isEqualTo(Path.of("/sys/fs/cgroup"));
        assertThat(collect.debug).isFalse();
        assertThat(collect.noEbpf).isFalse();
    }
}
