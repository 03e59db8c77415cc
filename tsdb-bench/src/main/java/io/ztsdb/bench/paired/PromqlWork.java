// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.paired;

import io.ztsdb.bench.promql.PromqlDatasets;
import io.ztsdb.core.Tsdb;
import io.ztsdb.core.TsdbConfig;
import io.ztsdb.core.WalSync;
import io.ztsdb.core.promql.PromqlEngine;
import io.ztsdb.core.promql.QueryResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * Paired workload: the PromQL range query of issue 9 ({@code sum by (container_name) (rate(container_cpu_usage[1m]))}
 * over 1,000 series x 1 day of 10 s samples at a 15 s step, from blocks), or its inner {@code rate(...)} alone. Run
 * with {@code -Dztsdb.promql.parallelism=1} so that the calling thread's CPU time is the whole query's. The database
 * is built in a temporary directory on first use (left for the OS to clean). Units: 8,640,000 samples per call.
 */
public final class PromqlWork {
    private static final long START = PromqlDatasets.T0 + 60_000;
    private static final long END = PromqlDatasets.T0 + 86_400_000L - 15_000 + 60_000;
    private static Tsdb tsdb;
    private static PromqlEngine engine;
    private static PromqlEngine hostsEngine;

    private PromqlWork() {
    }

    private static void open() {
        try {
            tsdb = Tsdb.open(Files.createTempDirectory("ztsdb-paired-promql"),
                new TsdbConfig().walSync(WalSync.none()));
            PromqlDatasets.load(tsdb, PromqlDatasets::containers);
            tsdb.persistNow();
            engine = new PromqlEngine(tsdb);
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @param mode  {@code sum_rate} (the query), {@code rate} (the 1,000 rates, not summed) or
     *              {@code instant} (the instant query selecting 1,000 of 100,000 series, from the head; units:
     *              1,000 series per call).
     * @param calls queries.
     * @return a checksum of the results.
     */
    public static long work(final String mode, final int calls) {
        if ("instant".equals(mode)) {
            return instant(calls);
        }
        if (tsdb == null) {
            open();
        }
        final String query = switch (mode) {
            case "sum_rate" -> "sum by (container_name) (rate(container_cpu_usage[1m]))";
            case "rate" -> "rate(container_cpu_usage[1m])";
            default -> throw new IllegalArgumentException("mode=" + mode);
        };
        long sum = 0;
        for (int c = 0; c < calls; c++) {
            final QueryResult result = engine.rangeQuery(query, START, END, 15_000);
            sum += result.series().size() + Double.doubleToRawLongBits(result.series().get(0).value(1000));
        }
        return sum;
    }

    private static long instant(final int calls) {
        if (hostsEngine == null) {
            try {
                final Tsdb hosts = Tsdb.open(Files.createTempDirectory("ztsdb-paired-promql-hosts"),
                    new TsdbConfig().walSync(WalSync.none()));
                PromqlDatasets.load(hosts, PromqlDatasets::hosts);
                hostsEngine = new PromqlEngine(hosts);
            } catch (final IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        long sum = 0;
        for (int c = 0; c < calls; c++) {
            final QueryResult result = hostsEngine.instantQuery("container_memory_bytes{host=\"host-7\"}",
                PromqlDatasets.hostsEndMillis() + 7_000);
            sum += result.series().size() + Double.doubleToRawLongBits(result.series().get(0).value(0));
        }
        return sum;
    }
}
