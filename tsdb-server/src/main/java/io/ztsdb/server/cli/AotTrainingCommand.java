// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.cli;

import io.ztsdb.core.PointDescriptor;
import io.ztsdb.core.Tsdb;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code tsvdb aot-training --data-dir EMPTY_DIR} (hidden): the training run of the JDK's ahead-of-time cache, which
 * the launcher runs once per build under {@code -XX:AOTCacheOutput} (JDK 25 and later, see {@code ./tsvdb} and
 * docs/operations.md "Start-up"). It runs what a server does after its start: a server on loopback ports stores
 * {@link #SERIES} container-like series of {@link #POINTS} points each ({@link SyntheticSeries}) and persists them
 * as a block; a second server opens that store, which runs the query warm-up over real HTTP (queries of the block,
 * new connections). The cache then holds the classes of those paths loaded and linked, and the method profiles the
 * JIT gathered, so a server started with it compiles the query and connection paths from the profiles of this run
 * instead of gathering its own first.
 */
@Command(name = "aot-training", hidden = true, mixinStandardHelpOptions = true,
    description = "Training run of the JDK's AOT cache (run by the launcher; not needed by hand).")
public final class AotTrainingCommand implements Callable<Integer> {
    /** Series stored: as many as the warm-up queries. */
    static final int SERIES = 8;
    /** Points per series: one day at 10 s, the size of the benchmarks' query. */
    static final int POINTS = 8_640;
    private static final long STEP_MILLIS = 10_000;
    private static final long START_MILLIS = 1_704_067_200_000L;

    @Option(names = "--data-dir", paramLabel = "DIR", required = true, description = "An empty directory to use.")
    Path dataDir;

    /** Creates the command; picocli fills the options. */
    public AotTrainingCommand() {
    }

    @Override
    public Integer call() {
        final ServerConfig config = new ServerConfig().port(0).webPort(0).bindAddress("127.0.0.1").dataDir(dataDir);
        try (ServerRuntime runtime = ServerRuntime.start(config)) {
            store(runtime.tsdb());
            runtime.tsdb().persistNow();
        }
        // Opening the stored data runs the query warm-up before start returns (a failure throws): that is the work.
        ServerRuntime.start(config).close();
        return 0;
    }

    /** Stores the series in batches of one series each. */
    static void store(final Tsdb tsdb) {
        final MemorySegment batch = MemorySegment.ofArray(new byte[POINTS * PointDescriptor.LENGTH]);
        for (long series = 1; series <= SERIES; series++) {
            final SyntheticSeries values = new SyntheticSeries(series);
            for (int i = 0; i < POINTS; i++) {
                final long at = (long) i * PointDescriptor.LENGTH;
                batch.set(PointDescriptor.LONG, at + PointDescriptor.SERIES_ID_OFFSET, series);
                batch.set(PointDescriptor.LONG, at + PointDescriptor.TIMESTAMP_OFFSET, START_MILLIS + STEP_MILLIS * i);
                batch.set(PointDescriptor.DOUBLE, at + PointDescriptor.VALUE_OFFSET, values.next());
            }
            tsdb.insertBatch(batch, 0, POINTS);
        }
    }
}
