// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.paired;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Seeded data of the paired workloads, self-contained so that a workload compiles against any build: container-like
 * series (random walks rounded to 0.01, 10 s apart with a few ms of jitter), time-major wire points.
 */
final class WorkData {
    static final long T0 = 1_704_067_200_000L;

    private WorkData() {
    }

    /** @return {@code series x pointsPerSeries} 24-byte little-endian points, time-major, in a direct buffer. */
    static ByteBuffer points(final int series, final int pointsPerSeries) {
        final ByteBuffer points =
            ByteBuffer.allocateDirect(series * pointsPerSeries * 24).order(ByteOrder.LITTLE_ENDIAN);
        final SplittableRandom random = new SplittableRandom(42);
        final double[] walks = new double[series];
        for (int s = 0; s < series; s++) {
            walks[s] = 10 + random.nextInt(90);
        }
        int at = 0;
        for (int i = 0; i < pointsPerSeries; i++) {
            for (int s = 0; s < series; s++) {
                walks[s] = Math.max(0, walks[s] + random.nextGaussian());
                points.putLong(at, s);
                points.putLong(at + 8, T0 + i * 10_000L + random.nextInt(5));
                points.putDouble(at + 16, Math.round(walks[s] * 100) / 100.0);
                at += 24;
            }
        }
        return points;
    }
}
