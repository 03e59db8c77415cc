// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.codec;

import java.util.SplittableRandom;

/**
 * Seeded generators of sample series with the shapes a Gorilla codec must survive.
 */
final class SampleShapes {
    static final String[] NAMES = {
        "random", "constant", "counter", "counterResets", "randomWalk", "hugeJumps", "equalTimestamps",
        "specialDoubles", "containerCpu", "containerBytes", "sparseZeros", "decreasingTimestamps", "extremes"
    };

    final long[] timestamps;
    final double[] values;

    private SampleShapes(final int count) {
        timestamps = new long[count];
        values = new double[count];
    }

    static SampleShapes generate(final String name, final int count, final long seed) {
        final SampleShapes s = new SampleShapes(count);
        final SplittableRandom random = new SplittableRandom(seed);
        long t = 1_704_067_200_000L + random.nextInt(1000);
        double v = random.nextDouble() * 100;
        for (int i = 0; i < count; i++) {
            switch (name) {
                case "random" -> {
                    t = random.nextLong();
                    v = Double.longBitsToDouble(random.nextLong());
                }
                case "constant" -> {
                    t += 10_000;
                    v = 42.0;
                }
                case "counter" -> {
                    t += 15_000;
                    v += random.nextInt(1000);
                }
                case "counterResets" -> {
                    t += 15_000 + random.nextInt(3) - 1;
                    v = random.nextInt(20) == 0 ? 0 : v + random.nextInt(100);
                }
                case "randomWalk" -> {
                    t += 1000 + random.nextInt(50);
                    v += random.nextGaussian();
                }
                case "hugeJumps" -> {
                    t += random.nextBoolean() ? random.nextLong() >>> 1 : -(random.nextLong() >>> 2);
                    v = random.nextInt(4);
                }
                case "equalTimestamps" -> {
                    t += random.nextInt(3) == 0 ? 1000 : 0;
                    v = random.nextInt(10);
                }
                case "specialDoubles" -> {
                    t += 10_000;
                    v = special(random);
                }
                case "containerCpu" -> {
                    t += 10_000;
                    v = Math.round((40 + 10 * Math.sin(i / 50.0) + random.nextGaussian()) * 1e8) / 1e8;
                }
                case "containerBytes" -> {
                    t += 10_000;
                    v = 3.2e9 + random.nextInt(100_000) * 4096.0;
                }
                case "sparseZeros" -> {
                    t += 10_000;
                    v = random.nextInt(30) == 0 ? Math.round(random.nextDouble() * 1e5) / 10.0 : 0.0;
                }
                case "decreasingTimestamps" -> {
                    t -= random.nextInt(1 << 22);
                    v = -v;
                }
                case "extremes" -> {
                    t = switch (i % 4) {
                        case 0 -> Long.MIN_VALUE;
                        case 1 -> Long.MAX_VALUE;
                        case 2 -> 0;
                        default -> -1;
                    };
                    v = i % 2 == 0 ? Double.MAX_VALUE : Double.MIN_VALUE;
                }
                default -> throw new IllegalArgumentException("unknown shape: name=" + name);
            }
            s.timestamps[i] = t;
            s.values[i] = v;
        }
        return s;
    }

    private static double special(final SplittableRandom random) {
        return switch (random.nextInt(9)) {
            case 0 -> Double.NaN;
            case 1 -> Double.longBitsToDouble(0x7FF0_0000_0000_0001L + (random.nextLong() & 0xF_FFFF_FFFF_FFFEL));
            case 2 -> Double.longBitsToDouble(0xFFF8_0000_0000_0000L | random.nextLong());
            case 3 -> -0.0;
            case 4 -> 0.0;
            case 5 -> Double.POSITIVE_INFINITY;
            case 6 -> Double.NEGATIVE_INFINITY;
            case 7 -> Double.MIN_VALUE;
            default -> random.nextDouble();
        };
    }
}
