// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.cli;

import io.ztsdb.ebpf.CollectorConfig;
import io.ztsdb.ebpf.EbpfCollector;
import io.ztsdb.server.collect.CollectorComponent;
import io.ztsdb.server.config.ConfigException;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.RuntimeComponent;
import io.ztsdb.server.runtime.ServerRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tsvdb collect}: the eBPF collector of per-container metrics, writing into an in-process TSDB that is
 * served over the binary protocol ({@code --port}) and the HTTP API ({@code --web-port}).
 */
@Command(name = "collect", mixinStandardHelpOptions = true,
    description = "Collect per-container metrics (eBPF + cgroupfs) into an in-process TSDB; serve it on --port "
        + "and, if given, the HTTP API on --web-port; --remote-write-url also sends them to a Prometheus "
        + "remote-write receiver. Needs root or CAP_BPF+CAP_PERFMON (unless --no-ebpf).")
public final class CollectCommand implements Callable<Integer> {
    /** The one-line error of a run without privileges. */
    public static final String PRIVILEGE_ERROR = "collect needs root or CAP_BPF+CAP_PERFMON to load eBPF programs:"
        + " run it with sudo, or add --no-ebpf for cgroupfs-only metrics (CPU and memory)";

    @Spec
    CommandSpec spec;

    @Option(names = "--web-port", paramLabel = "PORT", description = "HTTP API port (default: disabled).")
    Integer webPort;

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port of the internal TSDB's binary protocol "
        + "(default: ${DEFAULT-VALUE}; 0 = any free port).", defaultValue = "" + ServerConfig.PORT_DEFAULT)
    int port;

    @Option(names = "--interval", paramLabel = "MS", description = "Sampling interval in ms "
        + "(default: ${DEFAULT-VALUE}).", defaultValue = "" + CollectorConfig.INTERVAL_MILLIS_DEFAULT)
    long intervalMillis;

    @Option(names = "--discovery-interval", paramLabel = "MS", description = "Container discovery interval in ms "
        + "(default: ${DEFAULT-VALUE}).", defaultValue = "" + CollectorConfig.DISCOVERY_INTERVAL_MILLIS_DEFAULT)
    long discoveryIntervalMillis;

    @Option(names = "--cgroup-root", paramLabel = "DIR", description = "Where the cgroup hierarchies are mounted "
        + "(default: ${DEFAULT-VALUE}).", defaultValue = "/sys/fs/cgroup")
    Path cgroupRoot;

    @Option(names = "--debug", description = "Print one line per collection round (default: false).")
    boolean debug;

    @Option(names = "--no-ebpf", description = "Do not load eBPF programs: cgroupfs-only metrics (CPU, memory).")
    boolean noEbpf;

    @Option(names = "--cpu-from-ebpf", description = "CPU usage from the BPF sched_switch counter instead of "
        + "cgroupfs cpu.stat (one file read less per container and round; per-interval values are lumpier).")
    boolean cpuFromEbpf;

    @Option(names = "--disable-signal", paramLabel = "NAME", split = ",", description = "Leave out the eBPF "
        + "program of a signal: " + SIGNAL_RUNQUEUE + " (sched_switch), " + SIGNAL_RETRANSMITS
        + " (tcp_retransmit_skb), " + SIGNAL_DROPS + " (kfree_skb); comma-separated or repeated "
        + "(default: all on).")
    List<String> disabledSignals = new ArrayList<>();

    @Option(names = "--all-cgroups", description = "Watch every cgroup, not only containers' (systemd services…).")
    boolean allCgroups;

    @Option(names = "--max-cgroups", paramLabel = "N", description = "Capacity of the BPF maps: cgroups counted at "
        + "the same time (default: ${DEFAULT-VALUE}).", defaultValue = "" + CollectorConfig.MAX_CGROUPS_DEFAULT)
    int maxCgroups;

    @Option(names = "--counter-slots", paramLabel = "N", description = "Per-CPU counter slots of the network and "
        + "run-queue programs, a power of two up to 1048576: about 256 bytes per slot per possible CPU; containers "
        + "beyond what the slots hold are counted in a slower hash (default: ${DEFAULT-VALUE}).",
        defaultValue = "" + CollectorConfig.COUNTER_SLOTS_DEFAULT)
    int counterSlots;

    @Option(names = "--bind", paramLabel = "ADDR", description = "Address to listen on "
        + "(default: ${DEFAULT-VALUE}).", defaultValue = ServerConfig.BIND_DEFAULT)
    String bind;

    @Mixin
    StorageOptions storage;

    @Mixin
    SecurityOptions security;

    @Mixin
    RemoteWriteOptions remoteWrite;

    static final String SIGNAL_RUNQUEUE = "runqueue-latency";
    static final String SIGNAL_RETRANSMITS = "tcp-retransmits";
    static final String SIGNAL_DROPS = "net-drops";

    /** Test seam: whether this process may load BPF programs. */
    BooleanSupplier privileged = EbpfCollector::hasBpfPrivileges;

    /** Creates the command; picocli fills the options. */
    public CollectCommand() {
    }

    ServerConfig serverConfig() {
        final ServerConfig config = security.applyTo(storage.applyTo(new ServerConfig().port(port).bindAddress(bind)));
        if (webPort != null) {
            config.webPort(webPort);
        }
        return config;
    }

    CollectorConfig collectorConfig() {
        if (intervalMillis <= 0) {
            throw new ConfigException("--interval", "must be a positive number of milliseconds, got " + intervalMillis);
        }
        if (discoveryIntervalMillis <= 0) {
            throw new ConfigException("--discovery-interval", "must be a positive number of milliseconds, got "
                + discoveryIntervalMillis);
        }
        if (maxCgroups <= 0) {
            throw new ConfigException("--max-cgroups", "must be positive, got " + maxCgroups);
        }
        if (!Files.isDirectory(cgroupRoot)) {
            throw new ConfigException("--cgroup-root", "must be the directory where cgroups are mounted; "
                + cgroupRoot + " is not a directory");
        }
        for (final String signal : disabledSignals) {
            if (!List.of(SIGNAL_RUNQUEUE, SIGNAL_RETRANSMITS, SIGNAL_DROPS).contains(signal)) {
                throw new ConfigException("--disable-signal", "must name " + SIGNAL_RUNQUEUE + ", "
                    + SIGNAL_RETRANSMITS + " or " + SIGNAL_DROPS + " (comma-separated), got '" + signal + "'");
            }
        }
        final CollectorConfig config = new CollectorConfig();
        try {
            config.counterSlots(counterSlots);
        } catch (final IllegalArgumentException ex) {
            throw new ConfigException("--counter-slots", "must be a power of two from 1 to 1048576, got "
                + counterSlots);
        }
        return config.cgroupRoot(cgroupRoot).intervalMillis(intervalMillis)
            .discoveryIntervalMillis(discoveryIntervalMillis).ebpfEnabled(!noEbpf).watchAllCgroups(allCgroups)
            .cpuFromEbpf(cpuFromEbpf)
            .runqueueLatency(!disabledSignals.contains(SIGNAL_RUNQUEUE))
            .tcpRetransmits(!disabledSignals.contains(SIGNAL_RETRANSMITS))
            .netDrops(!disabledSignals.contains(SIGNAL_DROPS))
            .maxCgroups(maxCgroups);
    }

    /**
     * Validates the options and starts the server with the collector.
     *
     * @return the running server.
     */
    ServerRuntime startRuntime() {
        final ServerConfig server = serverConfig();
        final CollectorConfig collector = collectorConfig();
        final Optional<RuntimeComponent> sender = remoteWrite.sender();
        if (!noEbpf && !privileged.getAsBoolean()) {
            throw new CommandFailedException(PRIVILEGE_ERROR, null);
        }
        // The sender first: it is the forwarder the collector takes when it starts, and closes after it.
        final List<RuntimeComponent> components = new ArrayList<>(sender.stream().toList());
        components.add(new CollectorComponent(collector, debug ? spec.commandLine().getOut() : null));
        return ServerRuntime.start(server, components);
    }

    @Override
    public Integer call() throws InterruptedException {
        final ServerRuntime runtime = startRuntime();
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runtime.close();
            } finally {
                stopped.countDown();
            }
        }, "tsvdb-shutdown"));
        ServeCommand.printBanner(spec.commandLine().getOut(), runtime);
        stopped.await();
        return 0;
    }
}
