// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.codec.columnar;

import java.util.SplittableRandom;

/**
 * Seeded generators of sample series a lossless chunk codec must survive: every shape mixes what breaks decimal
 * detection, frame-of-reference packing, gcd extraction or delta arithmetic.
 */
final class AdversarialSeries {
    static final String[] NAMES = {
        "randomBits", "constant", "constantNaN", "counter", "counterResets", "decimalWalk", "mixedDecimals",
        "nearDecimals", "containerCpu", "memoryPages", "sparseSpikes", "nanPayloads", "negativeZero", "subnormals",
        "infinities", "hugeJumps", "extremeTimestamps", "equalTimestamps", "decreasingTimestamps",
        "irregularTimestamps", "bigIntegers", "tinyAndHuge", "alternatingSign", "repeatsAndJumps",
        "noisyRates", "burstsAmongZeros", "mixture"
    };

    final long[] timestamps;
    final double[] values;

    private AdversarialSeries(final int count) {
        timestamps = new long[count];
        values = new double[count];
    }

    static AdversarialSeries generate(final String name, final int count, final long seed) {
        final AdversarialSeries s = new AdversarialSeries(count);
        final SplittableRandom random = new SplittableRandom(seed);
        long t = 1_704_067_200_000L + random.nextInt(1000);
        double v = random.nextInt(10_000) / 100.0;
        for (int i = 0; i < count; i++) {
            final String shape = name.equals("mixture") ? NAMES[random.nextInt(NAMES.length - 1)] : name;
            t = nextTimestamp(shape, t, i, random);
            v = nextValue(shape, v, random);
            s.timestamps[i] = t;
            s.values[i] = v;
        }
        return s;
    }

    private static long nextTimestamp(final String shape, final long t, final int i, final SplittableRandom random) {
        return switch (shape) {
            case "randomBits" -> random.nextLong();
            case "hugeJumps" -> t + (random.nextBoolean() ? random.nextLong() >>> 1 : -(random.nextLong() >>> 2));
            case "extremeTimestamps" -> switch (random.nextInt(5)) {
                case 0 -> Long.MIN_VALUE;
                case 1 -> Long.MAX_VALUE;
                case 2 -> 0;
                case 3 -> -1;
                default -> random.nextLong();
            };
            case "equalTimestamps" -> t + (random.nextInt(3) == 0 ? 1000 : 0);
            case "decreasingTimestamps" -> t - random.nextInt(100_000);
            case "irregularTimestamps" -> t + 600_000L * (1 + (random.nextInt(4) == 0 ? random.nextInt(20) : 0)) +
                random.nextInt(3) * 60_000L - 60_000L;
            default -> t + 10_000 + (i % 97 == 0 ? random.nextInt(5) - 2 : 0);
        };
    }

    private static double nextValue(final String shape, final double v, final SplittableRandom random) {
        return switch (shape) {
            case "randomBits" -> Double.longBitsToDouble(random.nextLong());
            case "constant" -> 42.0;
            case "constantNaN" -> Double.longBitsToDouble(0x7FF8_0000_0000_0001L);
            case "counter" -> Math.floor(v) + random.nextInt(1000);
            case "counterResets" -> random.nextInt(20) == 0 ? 0 : Math.floor(v) + random.nextInt(100);
            case "decimalWalk" -> Math.round(v * 100 + random.nextInt(201) - 100) / 100.0;
            case "mixedDecimals" -> random.nextLong(1_000_000_000L) / SCALES[random.nextInt(SCALES.length)];
            case "nearDecimals" -> {
                final double d = random.nextInt(100_000) / 1000.0;
                yield random.nextInt(4) == 0 ? Math.nextUp(d) : random.nextInt(8) == 0 ? Math.nextDown(d) : d;
            }
            case "containerCpu" -> (long)(random.nextDouble() * 6e9) / 1e8;
            case "memoryPages" -> (double)(4096L * (100_000 + random.nextInt(1000)));
            case "sparseSpikes" -> random.nextInt(50) == 0 ? random.nextInt(1 << 20) * 409.6 : 0.0;
            case "nanPayloads" -> Double.longBitsToDouble((random.nextBoolean() ? 0x7FF0_0000_0000_0000L :
                0xFFF0_0000_0000_0000L) | (random.nextLong() >>> 12 | 1));
            case "negativeZero" -> random.nextBoolean() ? -0.0 : random.nextBoolean() ? 0.0 : 1.5;
            case "subnormals" -> Double.longBitsToDouble(random.nextLong(0x000F_FFFF_FFFF_FFFFL) + 1) *
                (random.nextBoolean() ? 1 : -1);
            case "infinities" -> switch (random.nextInt(4)) {
                case 0 -> Double.POSITIVE_INFINITY;
                case 1 -> Double.NEGATIVE_INFINITY;
                case 2 -> Double.MAX_VALUE;
                default -> -Double.MIN_VALUE;
            };
            case "bigIntegers" -> (double)((1L << 53) + random.nextLong(1L << 40) * 2) * (random.nextBoolean() ? 1 :
                1 << 10);
            case "tinyAndHuge" -> random.nextBoolean() ? random.nextInt(1000) * 1e-300 : random.nextInt(1000) * 1e300;
            case "alternatingSign" -> -v + random.nextInt(3);
            case "repeatsAndJumps" -> random.nextInt(5) == 0 ? random.nextDouble() * 1e6 : v;
            case "noisyRates" -> Math.max(0, Math.round(v * 1000 + random.nextGaussian() * 50_000)) / 10.0;
            case "burstsAmongZeros" -> random.nextBoolean() ? 0.0 : 409.6 * random.nextInt(1, 2000);
            default -> random.nextInt(1000) / 10.0;
        };
    }

    private static final double[] SCALES = {1, 10, 100, 1e3, 1e4, 1e6, 1e8, 1e12, 1e17, 1e18, 1e19, 1e22};
}
