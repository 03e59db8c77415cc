// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.codec.columnar;

import io.ztsdb.core.codec.ChunkFormatException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Seeded mutation fuzzing of the columnar decoder: valid chunks of every adversarial shape are bit-flipped,
 * overwritten, truncated, extended and spliced; random bytes behind a valid header are decoded too. Every input
 * must either decode (into at most 65,535 samples) or raise {@link ChunkFormatException}: never another
 * exception, never a hang (the whole run is bounded in time).
 */
class ColumnarFuzzTest {
    private static final long SEED = 0xF022_2026L;
    private static final int MUTATIONS_PER_CHUNK = 400;

    private final ColumnarChunkDecoder decoder = new ColumnarChunkDecoder();
    private final long[] timestamps = new long[65_535];
    private final double[] values = new double[65_535];
    private long decoded;
    private long rejected;

    @Test
    void shouldRejectCorruptChunksWithTheTypedExceptionOnly() {
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            final SplittableRandom random = new SplittableRandom(SEED);
            final ColumnarChunkEncoder[] encoders = {new ColumnarChunkEncoder(), new ColumnarChunkEncoder(1)};
            for (final String name : AdversarialSeries.NAMES) {
                for (final int length : new int[] {1, 2, 70, 700}) {
                    final AdversarialSeries series = AdversarialSeries.generate(name, length, random.nextLong());
                    // Version 2 (Rice and sparse miniblocks) three times in four, version 1 the rest.
                    final ColumnarChunkEncoder encoder = encoders[random.nextInt(4) == 0 ? 1 : 0];
                    encoder.encode(series.timestamps, series.values, 0, length);
                    final byte[] valid = encoder.toByteArray();
                    for (int m = 0; m < MUTATIONS_PER_CHUNK; m++) {
                        final long mutationSeed = random.nextLong();
                        decodeOrReject(mutate(valid, new SplittableRandom(mutationSeed)),
                            name + " length=" + length + " mutationSeed=" + mutationSeed);
                    }
                }
            }
        });
        System.out.println("fuzz seed=" + SEED + " decoded=" + decoded + " rejected=" + rejected);
        assertThat(rejected).isGreaterThan(decoded / 10);
    }

    @Test
    void shouldRejectRandomBytesBehindAValidHeader() {
        assertTimeoutPreemptively(Duration.ofMinutes(1), () -> {
            final SplittableRandom random = new SplittableRandom(SEED + 1);
            for (int run = 0; run < 50_000; run++) {
                final byte[] chunk = new byte[4 + random.nextInt(64)];
                random.nextBytes(chunk);
                chunk[0] = ColumnarChunkDescriptor.ENCODING_COLUMNAR;
                chunk[1] = random.nextBoolean() ? ColumnarChunkDescriptor.COLUMNAR_VERSION :
                    ColumnarChunkDescriptor.COLUMNAR_VERSION_1;
                if (random.nextBoolean()) {
                    chunk[3] = 0;
                }
                decodeOrReject(chunk, "random run=" + run);
            }
        });
    }

    @Test
    void shouldRefuseALengthNoChunkCanHaveBeforeCopyingIt() {
        final byte[] huge = new byte[ColumnarChunkEncoder.maxEncodedLength(65_535) + 1];
        huge[0] = ColumnarChunkDescriptor.ENCODING_COLUMNAR;
        huge[1] = ColumnarChunkDescriptor.COLUMNAR_VERSION;
        assertThatThrownBy(() -> decoder.decode(huge, 0, huge.length, timestamps, values, 0))
            .isInstanceOf(ChunkFormatException.class).hasMessageContaining("longer than any columnar chunk");
    }

    private void decodeOrReject(final byte[] chunk, final String label) {
        try {
            final int count = decoder.decode(chunk, 0, chunk.length, timestamps, values, 0);
            assertThat(count).as(label).isBetween(0, 65_535);
            decoded++;
        } catch (final ChunkFormatException expected) {
            rejected++;
        } catch (final RuntimeException e) {
            throw new AssertionError(label + ": " + e, e);
        }
    }

    private static byte[] mutate(final byte[] valid, final SplittableRandom random) {
        byte[] chunk = valid.clone();
        final int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            switch (random.nextInt(7)) {
                case 0 -> {
                    final int at = random.nextInt(chunk.length);
                    chunk[at] ^= (byte)(1 << random.nextInt(8));
                }
                case 1 -> chunk[random.nextInt(chunk.length)] = (byte)random.nextInt(256);
                case 2 -> chunk = Arrays.copyOf(chunk, random.nextInt(chunk.length + 1));
                case 3 -> {
                    chunk = Arrays.copyOf(chunk, chunk.length + 1 + random.nextInt(16));
                    chunk[chunk.length - 1] = (byte)random.nextInt(256);
                }
                case 4 -> {
                    if (chunk.length > 4) {
                        final int at = 4 + random.nextInt(chunk.length - 4);
                        Arrays.fill(chunk, at, Math.min(chunk.length, at + 1 + random.nextInt(12)), (byte)0xFF);
                    }
                }
                case 5 -> {
                    if (chunk.length > 3) {
                        chunk[2] = (byte)random.nextInt(256);
                        chunk[3] = (byte)random.nextInt(256);
                    }
                }
                default -> {
                    if (chunk.length > 8) {
                        final int from = random.nextInt(chunk.length - 4);
                        final int to = random.nextInt(chunk.length - 4);
                        System.arraycopy(chunk, from, chunk, to, 1 + random.nextInt(4));
                    }
                }
            }
            if (chunk.length == 0) {
                break;
            }
        }
        return chunk;
    }
}
