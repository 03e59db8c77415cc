// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.cli;

import java.util.SplittableRandom;

/**
 * Container-like test data for one series: the kind of metric follows from the series id (CPU percent random
 * walk, memory bytes, monotonic byte counter, packet rate), values rounded the way collectors report them.
 * Seeded by the series id, so runs are reproducible.
 */
final class SyntheticSeries {
    private static final int KINDS = 4;
    private static final double MIB = 1024.0 * 1024.0;

    private final long seriesId;
    private final int kind;
    private final SplittableRandom random;
    private double value;

    SyntheticSeries(final long seriesId) {
        this.seriesId = seriesId;
        this.kind = (int) Long.remainderUnsigned(seriesId, KINDS);
        this.random = new SplittableRandom(seriesId * 0x9E3779B97F4A7C15L);
        this.value = switch (kind) {
            case 0 -> random.nextDouble(0, 100);
            case 1 -> Math.floor(random.nextDouble(32, 512)) * MIB;
            case 2 -> Math.floor(random.nextDouble(0, 1e9));
            default -> random.nextDouble(0, 5000);
        };
    }

    long seriesId() {
        return seriesId;
    }

    /** @return the next value of the series. */
    double next() {
        value = switch (kind) {
            case 0 -> Math.round(Math.clamp(value + random.nextDouble(-2.5, 2.5), 0.0, 100.0) * 100) / 100.0;
            case 1 -> Math.max(MIB, value + (random.nextInt(65) - 32) * 4096.0);
            case 2 -> value + random.nextInt(200_000);
            default -> Math.round(Math.max(0.0, value + random.nextDouble(-50, 50)) * 10) / 10.0;
        };
        return value;
    }
}
