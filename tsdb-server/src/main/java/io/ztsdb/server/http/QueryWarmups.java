// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import java.util.SplittableRandom;

/**
 * Warm-ups of the {@code /query} output path that do not depend on the stored data, run before the server's
 * HTTP warm-up.
 * <p>
 * <b>Design note:</b> number formatting ({@link JsonNumbers}) branches on the shape of each value (whole or not,
 * magnitude, digits, trailing zeros, not finite) and timestamp. The JIT compiles a branch that its profile never
 * saw taken as a trap: a warm-up over the values of one stored series left the branches of other value shapes
 * out, so the first client query of another series deoptimized the formatter (JIT log: {@code putFifteenDigits
 * unstable_if}) and ran it interpreted while it was compiled again (about 25 ms of server CPU on the first query
 * instead of 5). Formatting a spread of every shape first makes the compiled code cover them all.
 */
public final class QueryWarmups {
    /** Values of every shape {@link JsonNumbers#putDouble} tells apart, and random ones around them. */
    private static final int VALUES = 512;
    /** Rounds over the values: enough calls for the JIT's highest tier (about 10^4 per method). */
    private static final int ROUNDS = 60;

    private QueryWarmups() {
    }

    /**
     * Formats a spread of timestamps and values of every shape through the code of the {@code /query} document,
     * about 30,000 of each, into a scratch buffer (tens of milliseconds).
     *
     * @return a checksum of the output positions (the work cannot be dropped by the JIT).
     */
    public static long numberFormats() {
        final double[] fixed = {0.0, -0.0, 1.0, -1.0, 42.0, 100.0, 1_000_000.0, 1_234_567.0, 12_345_678.0, 1e14,
            123_456_789_012_345.0, 1e15, 1e16, 0.5, -0.25, 12.75, 3.14159, 98.6, 0.1, 0.3, 0.1 + 0.2, 0.001, 0.0005,
            1e-10, 123_456.789, 9_999_999.5, 12_345_678.5, 1.7976931348623157e308, Double.MIN_VALUE, Double.NaN,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        final SplittableRandom random = new SplittableRandom(12);
        final double[] values = new double[VALUES];
        final long[] timestamps = new long[VALUES];
        for (int i = 0; i < VALUES; i++) {
            if (i < fixed.length) {
                values[i] = fixed[i];
            } else {
                // A decimal of 0 to 15 digits after the point, magnitude 1e-4 to 1e16, either sign.
                final double magnitude = Math.pow(10, random.nextInt(-4, 17)) * random.nextDouble();
                final double scale = Math.pow(10, random.nextInt(0, 16));
                final double value = Math.rint(magnitude * scale) / scale;
                values[i] = random.nextBoolean() ? value : -value;
            }
            // Epoch milliseconds around a change of their digits above the last eight; small, negative and huge ones.
            timestamps[i] = switch (i % 16) {
                case 0 -> random.nextLong(0, 100_000_000L);
                case 1 -> -random.nextLong(1, 100_000_000_000L);
                case 2 -> Long.MAX_VALUE - random.nextLong(0, 1_000_000L);
                default -> 1_799_999_990_000L + random.nextLong(0, 20_000_000L);
            };
        }
        return QueryJsonEncoder.formatRepeatedly(timestamps, values, ROUNDS);
    }
}
