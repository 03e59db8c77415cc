// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.codec;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link GorillaDecoder#next()} serves samples that the bulk loop decoded ahead, and the bulk loop reads past the
 * chunk end into the rest of the array: neither may show. Corrupt streams still fail at the first sample at fault,
 * the position and the state that {@link GorillaEncoder#truncate} reads are those of the current sample.
 */
class GorillaDecoderBatchTest {
    private static final long SEED = 0xBA7C_2026L;
    private static final int COUNT = 300;

    @Test
    void shouldReturnEverySampleThatFitsBeforeReportingATruncatedStream() {
        final SampleShapes s = SampleShapes.generate("containerCpu", COUNT, SEED);
        final byte[] chunk = new byte[GorillaRoundTripTest.capacityFor(COUNT)];
        final GorillaEncoder encoder = new GorillaEncoder().wrap(MemorySegment.ofArray(chunk), 0, chunk.length);
        final int[] lengthAfter = new int[COUNT];
        for (int i = 0; i < COUNT; i++) {
            assertThat(encoder.append(s.timestamps[i], s.values[i])).isTrue();
            lengthAfter[i] = encoder.lengthBytes();
        }
        encoder.writeCount();
        final int full = encoder.lengthBytes();
        // Random bytes after the cut: the bulk loop's look-ahead reads them, and must not use them.
        final byte[] noisy = chunk.clone();
        final SplittableRandom random = new SplittableRandom(SEED);
        final GorillaDecoder decoder = new GorillaDecoder();
        for (int cut = ChunkDescriptor.HEADER_LENGTH; cut < full; cut += 7) {
            System.arraycopy(chunk, 0, noisy, 0, cut);
            for (int i = cut; i < noisy.length; i++) {
                noisy[i] = (byte) random.nextInt(256);
            }
            int fits = 0;
            while (fits < COUNT && lengthAfter[fits] <= cut) {
                fits++;
            }
            final int length = cut;
            decoder.wrap(MemorySegment.ofArray(noisy), 0, length);
            for (int i = 0; i < fits; i++) {
                assertThat(decoder.next()).as("cut=%d sample=%d", cut, i).isTrue();
                assertThat(decoder.timestampMillis()).isEqualTo(s.timestamps[i]);
                assertThat(decoder.valueBits()).isEqualTo(Double.doubleToRawLongBits(s.values[i]));
                assertThat(decoder.position()).isEqualTo(i + 1);
            }
            assertThatThrownBy(decoder::next).as("cut=%d", cut).isInstanceOf(ChunkFormatException.class);
            assertThatThrownBy(() -> decoder.wrap(MemorySegment.ofArray(noisy), 0, length)
                .decode(new long[COUNT], new double[COUNT], 0)).as("bulk cut=%d", cut)
                .isInstanceOf(ChunkFormatException.class);
        }
    }

    @Test
    void shouldMixNextAndBulkDecodeAtEveryBatchBoundary() {
        final SampleShapes s = SampleShapes.generate("random", COUNT, SEED);
        final MemorySegment chunk = MemorySegment.ofArray(new byte[GorillaRoundTripTest.capacityFor(COUNT)]);
        final int length = GorillaRoundTripTest.encode(s, chunk, 0);
        final GorillaDecoder decoder = new GorillaDecoder();
        for (final int first : new int[] {0, 1, 2, 63, 64, 65, 66, 128, 129, 200, 299, 300}) {
            decoder.wrap(chunk, 0, length);
            for (int i = 0; i < first; i++) {
                assertThat(decoder.next()).isTrue();
                assertThat(decoder.timestampMillis()).as("first=%d sample=%d", first, i).isEqualTo(s.timestamps[i]);
            }
            assertThat(decoder.position()).isEqualTo(first);
            final long[] timestamps = new long[COUNT + 1];
            final double[] values = new double[COUNT + 1];
            assertThat(decoder.decode(timestamps, values, 1)).isEqualTo(COUNT - first);
            assertThat(Arrays.copyOfRange(timestamps, 1, COUNT - first + 1))
                .as("first=%d", first).containsExactly(Arrays.copyOfRange(s.timestamps, first, COUNT));
            for (int i = first; i < COUNT; i++) {
                assertThat(Double.doubleToRawLongBits(values[i - first + 1])).as("first=%d sample=%d", first, i)
                    .isEqualTo(Double.doubleToRawLongBits(s.values[i]));
            }
            assertThat(decoder.position()).isEqualTo(COUNT);
            assertThat(decoder.next()).isFalse();
            if (first < COUNT) {
                assertThat(decoder.timestampMillis()).isEqualTo(s.timestamps[COUNT - 1]);
            }
        }
    }

    @Test
    void shouldReportTheStateOfTheCurrentSampleInsideABatch() {
        final SampleShapes s = SampleShapes.generate("counterResets", COUNT, SEED);
        final MemorySegment chunk = MemorySegment.ofArray(new byte[GorillaRoundTripTest.capacityFor(COUNT)]);
        final int length = GorillaRoundTripTest.encode(s, chunk, 0);
        final GorillaEncoder encoder = new GorillaEncoder();
        final GorillaDecoder decoder = new GorillaDecoder();
        for (final int k : new int[] {1, 2, 3, 40, 64, 65, 66, 100, 299}) {
            final int capacity = GorillaRoundTripTest.capacityFor(COUNT);
            encoder.wrap(MemorySegment.ofArray(new byte[capacity]), 0, capacity);
            assertThat(encoder.append(s.timestamps, s.values, 0, k)).isEqualTo(k);
            encoder.writeCount();
            decoder.wrap(chunk, 0, length);
            for (int i = 0; i < k; i++) {
                decoder.next();
            }
            // The bit position after k samples is the length the encoder wrote for those k samples.
            assertThat(ChunkDescriptor.HEADER_LENGTH + ((decoder.bitPosition() + 7) >>> 3)).as("k=%d", k)
                .isEqualTo(encoder.lengthBytes());
            assertThat(decoder.position()).isEqualTo(k);
            assertThat(decoder.timestampMillis()).isEqualTo(s.timestamps[k - 1]);
            assertThat(decoder.valueBits()).isEqualTo(Double.doubleToRawLongBits(s.values[k - 1]));
            assertThat(decoder.delta()).isEqualTo(k == 1 ? 0 : s.timestamps[k - 1] - s.timestamps[k - 2]);
            assertThat(decoder.next()).isEqualTo(k < COUNT);
        }
    }
}
