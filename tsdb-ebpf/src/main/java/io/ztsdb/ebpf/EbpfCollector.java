// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf;

import io.ztsdb.ebpf.cgroup.CgroupDiscovery;
import io.ztsdb.ebpf.cgroup.CgroupEntry;
import io.ztsdb.ebpf.cgroup.CgroupLayout;
import io.ztsdb.ebpf.cgroup.ContainerNames;
import io.ztsdb.ebpf.sampler.CgroupState;
import io.ztsdb.ebpf.sampler.MetricSampler;
import io.ztsdb.ebpf.sampler.SamplerMaps;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * The per-container metrics collector: loads the BPF programs (or falls back to cgroupfs), discovers containers
 * every discovery interval, samples every interval and hands the ten metrics to a {@link SampleSink}. It knows
 * nothing of the storage engine.
 * <p>
 * Use {@link #start()} for the background thread, or {@link #open()} then {@link #discoverNow()} and
 * {@link #sampleNow()} to drive rounds yourself (tests, benchmarks). {@link #close()} detaches every program and is
 * idempotent.
 */
public final class EbpfCollector implements AutoCloseable {
    /** The message of the privilege failure, which the CLI prints. */
    public static final String PRIVILEGE_HINT = "needs root or CAP_BPF+CAP_PERFMON";
    private static final System.Logger LOGGER = System.getLogger("io.ztsdb.ebpf");

    private final CollectorConfig config;
    private final SampleSink sink;
    private final CgroupLayout layoutOverride;
    private final List<ProbeSpec> specs;
    /** Where warnings go: the logger (a test seam). */
    Consumer<String> warnings = message -> LOGGER.log(System.Logger.Level.WARNING, message);
    private final Object lock = new Object();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private CgroupLayout layout;
    private CgroupDiscovery discovery;
    private ProgramSet programs;
    private MetricSampler sampler;
    private Long2ObjectHashMap<CgroupEntry> watched = new Long2ObjectHashMap<>();
    private Thread thread;
    private volatile boolean running;
    private volatile CollectorStats stats;
    private volatile List<ContainerInfo> containers = List.of();
    private CollectorMode mode = CollectorMode.STOPPED;
    private List<String> failures = List.of();
    private long rounds;
    private long discoveries;
    private long errors;
    private String lastError;
    private long lastRoundNanos;
    private long lastRoundCpuNanos;
    private long lastDiscoveryNanos;
    private boolean closed;

    /**
     * Creates the collector; nothing is loaded or read before {@link #start()}.
     *
     * @param config the settings.
     * @param sink   where samples go.
     */
    public EbpfCollector(final CollectorConfig config, final SampleSink sink) {
        this(config, sink, null, ProgramSet.specsFor(config));
    }

    /**
     * Test seam: a given cgroup layout (e.g. one hierarchy taken as the only tree) and set of BPF objects.
     */
    EbpfCollector(final CollectorConfig config, final SampleSink sink, final CgroupLayout layoutOverride,
                  final List<ProbeSpec> specs) {
        this.config = config;
        this.sink = sink;
        this.layoutOverride = layoutOverride;
        this.specs = List.copyOf(specs);
        publishStats();
    }

    /**
     * Tells whether this process may load BPF programs.
     *
     * @return true when this process may load BPF programs (root, or CAP_BPF and CAP_PERFMON).
     */
    public static boolean hasBpfPrivileges() {
        return ProgramSet.hasBpfPrivileges();
    }

    /**
     * Detects the cgroup layout, loads and attaches the BPF programs (unless disabled), and runs the first discovery.
     * An object the kernel cannot run is skipped with one warning naming it, why, and its metrics; the others keep
     * working. When none loads (or eBPF is disabled) it logs one warning and collects from cgroupfs.
     *
     * @throws IllegalArgumentException when no cgroup v2 hierarchy is found under the cgroup root.
     * @throws EbpfException when eBPF is enabled but this build carries no BPF objects (it was built without clang
     *                       and bpftool): the message names what the build lacked.
     */
    public void open() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("collector is closed");
            }
            if (sampler != null) {
                return;
            }
            layout = layoutOverride != null ? layoutOverride : CgroupLayout.detect(config.cgroupRoot());
            discovery = new CgroupDiscovery(layout, config.scope() != null ? config.scope() : layout.v2(),
                config.watchAllCgroups(), new ContainerNames(config.dockerRoot(), config.containersStorageRoot(),
                config.containerdStateRoot()));
            SamplerMaps maps = SamplerMaps.NONE;
            if (config.ebpfEnabled()) {
                ProgramSet.checkBuiltIn(); // a build without the BPF toolchain: fail, naming what it lacked
                try {
                    ProgramSet.checkPrerequisites();
                    programs = ProgramSet.load(layout, config.maxCgroups(), config.counterSlots(), specs);
                    failures = programs.failures();
                    maps = programs.samplerMaps();
                    for (final String failure : failures) { // one line per object the kernel could not run
                        warnings.accept("eBPF: " + failure);
                    }
                } catch (final EbpfException e) {
                    failures = List.of(e.getMessage());
                }
            }
            final boolean anyLoaded = programs != null && !programs.attached().isEmpty();
            sampler = new MetricSampler(layout, maps, config.cpuFromEbpf(), config.memoryStatRounds(), sink);
            mode = anyLoaded ? CollectorMode.EBPF : CollectorMode.CGROUPFS;
            if (!anyLoaded) {
                warnings.accept("eBPF collection unavailable ("
                    + (config.ebpfEnabled() ? String.join("; ", failures) : "--no-ebpf")
                    + "): collecting from cgroupfs; missing metrics: " + String.join(", ", sampler.missingMetrics()));
            }
            discoverNow();
        }
    }

    /**
     * Opens (if needed) and starts the background thread: discovery every discovery interval, a sampling round
     * every interval. Failures of a round go to the config's error handler; the loop keeps going.
     */
    public void start() {
        open();
        synchronized (lock) {
            if (thread != null) {
                return;
            }
            running = true;
            thread = Thread.ofPlatform().daemon().name("ztsdb-collector").start(this::loop);
        }
    }

    private void loop() {
        final long intervalNanos = TimeUnit.MILLISECONDS.toNanos(config.intervalMillis());
        final long discoveryNanos = TimeUnit.MILLISECONDS.toNanos(config.discoveryIntervalMillis());
        long nextSample = System.nanoTime() + intervalNanos;
        long nextDiscovery = System.nanoTime() + discoveryNanos;
        sampleQuietly(); // baseline round
        while (running) {
            LockSupport.parkNanos(Math.max(0, nextSample - System.nanoTime()));
            if (!running) {
                break;
            }
            if (Thread.interrupted()) {
                continue;
            }
            final long now = System.nanoTime();
            if (now - nextSample < 0) {
                continue; // spurious wake-up
            }
            if (now - nextDiscovery >= 0) {
                try {
                    discoverNow();
                } catch (final RuntimeException e) {
                    fail(e);
                }
                nextDiscovery += discoveryNanos * Math.max(1, (now - nextDiscovery) / discoveryNanos + 1);
            }
            sampleQuietly();
            nextSample += intervalNanos;
            if (System.nanoTime() - nextSample > intervalNanos) {
                nextSample = System.nanoTime() + intervalNanos; // fell behind: skip, don't burst
            }
        }
    }

    private void sampleQuietly() {
        try {
            sampleNow();
        } catch (final RuntimeException e) {
            fail(e);
        }
    }

    private void fail(final RuntimeException e) {
        synchronized (lock) {
            errors++;
            lastError = String.valueOf(e.getMessage());
            publishStats();
        }
        try {
            config.errorHandler().accept(e);
        } catch (final RuntimeException ignored) {
            // the handler must not stop the loop
        }
    }

    /**
     * Walks the cgroup trees now and applies the result (new containers start with a baseline round, vanished
     * ones get a final round at the next {@link #sampleNow()}).
     */
    public void discoverNow() {
        synchronized (lock) {
            checkOpen();
            final long start = System.nanoTime();
            final CgroupDiscovery.Result result;
            try {
                result = discovery.discover(watched);
            } catch (final IOException e) {
                throw new EbpfException("cannot walk " + layout.v2() + ": " + e.getMessage(), e);
            }
            watched = result.watched();
            sampler.update(result);
            discoveries++;
            lastDiscoveryNanos = System.nanoTime() - start;
            final List<ContainerInfo> list = new ArrayList<>(watched.size());
            for (final CgroupEntry e : watched.values()) {
                list.add(new ContainerInfo(e.cgroupId(), e.containerId(), e.name(), e.runtime(), e.v2Path().toString(),
                    e.labels()));
            }
            containers = List.copyOf(list);
            publishStats();
        }
    }

    /**
     * Runs one sampling round now.
     */
    public void sampleNow() {
        synchronized (lock) {
            checkOpen();
            final long cpuStart = threads.getCurrentThreadCpuTime();
            final long start = System.nanoTime();
            final long timestampMillis = System.currentTimeMillis();
            sampler.sample(timestampMillis, start);
            lastRoundNanos = System.nanoTime() - start;
            lastRoundCpuNanos = threads.getCurrentThreadCpuTime() - cpuStart;
            rounds++;
            publishStats();
            sink.onRoundComplete(timestampMillis);
        }
    }

    /**
     * Returns the watched containers.
     *
     * @return the watched containers as of the last discovery.
     */
    public List<ContainerInfo> containers() {
        return containers;
    }

    /**
     * Returns the collector's counters.
     *
     * @return a snapshot of the collector's state.
     */
    public CollectorStats stats() {
        return stats;
    }

    /**
     * The sum of a counter's deltas since a cgroup was first sampled (tests, diagnostics).
     *
     * @param cgroupId the cgroup v2 id.
     * @param counter  a {@link CgroupState} counter index.
     * @return the total, or -1 when the cgroup is not watched.
     */
    long total(final long cgroupId, final int counter) {
        synchronized (lock) {
            final CgroupState state = sampler == null ? null : sampler.state(cgroupId);
            return state == null ? -1 : state.total(counter);
        }
    }

    /**
     * The packets of a cgroup dropped with one reason since it was first sampled (tests, diagnostics).
     *
     * @param cgroupId the cgroup v2 id.
     * @param reason   the kernel's reason name, e.g. {@code SOCKET_RCVBUFF}.
     * @return the total, or -1 when the cgroup is not watched.
     */
    long dropTotal(final long cgroupId, final String reason) {
        synchronized (lock) {
            final CgroupState state = sampler == null ? null : sampler.state(cgroupId);
            return state == null ? -1 : state.dropTotal(reason);
        }
    }

    /**
     * @return the loaded programs, or null (tests).
     */
    ProgramSet programs() {
        return programs;
    }

    /**
     * Stops the thread, detaches every program and closes the BPF objects; idempotent.
     */
    @Override
    public void close() {
        final Thread toJoin;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            running = false;
            toJoin = thread;
        }
        if (toJoin != null) {
            LockSupport.unpark(toJoin);
            try {
                toJoin.join(TimeUnit.SECONDS.toMillis(10));
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lock) {
            try {
                if (programs != null) {
                    programs.close();
                }
            } finally {
                programs = null;
                if (sampler != null) {
                    sampler.close();
                }
                mode = CollectorMode.STOPPED;
                publishStats();
            }
        }
    }

    private void checkOpen() {
        if (sampler == null || closed) {
            throw new IllegalStateException("collector is not open: call open() or start()");
        }
    }

    /** {@return the metrics no loaded program produces: objects disabled by the config or not loaded} */
    private List<String> missingMetrics() {
        if (sampler == null) {
            return List.of();
        }
        final java.util.Set<String> missing = new java.util.LinkedHashSet<>(sampler.missingMetrics());
        if (programs != null) {
            missing.addAll(programs.missingMetrics());
        }
        return List.copyOf(missing);
    }

    private void publishStats() {
        stats = new CollectorStats(mode, programs == null ? List.of() : programs.attached(), failures,
            missingMetrics(), watched.size(), rounds, discoveries,
            lastRoundNanos, lastRoundCpuNanos, lastDiscoveryNanos, errors, lastError);
    }
}
