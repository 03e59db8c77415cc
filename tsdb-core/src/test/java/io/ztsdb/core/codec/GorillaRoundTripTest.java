// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.codec;

import io.ztsdb.core.memory.MemoryTag;
import io.ztsdb.core.memory.NativeMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class GorillaRoundTripTest {
    private static final long BASE_SEED = 0x5EED_2026L;
    private static final int[] COUNTS = {1, 2, 3, 7, 64, 120, 1000, 0xFFFF};

    static List<Object[]> shapes() {
        final List<Object[]> cases = new ArrayList<>();
        for (final String name : SampleShapes.NAMES) {
            for (int i = 0; i < COUNTS.length; i++) {
                cases.add(new Object[] {name, COUNTS[i], BASE_SEED + name.hashCode() * 31L + i});
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} count={1} seed={2}")
    @MethodSource("shapes")
    void shouldRoundTripEveryShapeBitExactOnHeap(final String shape, final int count, final long seed) {
        System.out.println("shape=" + shape + " count=" + count + " seed=" + seed);
        final SampleShapes s = SampleShapes.generate(shape, count, seed);
        final MemorySegment buffer = MemorySegment.ofArray(new byte[capacityFor(count)]);
        final int length = encode(s, buffer, 0);
        assertDecodes(s, buffer, 0, length);
    }

    @ParameterizedTest(name = "{0} count={1} seed={2}")
    @MethodSource("shapes")
    void shouldRoundTripEveryShapeBitExactOffHeap(final String shape, final int count, final long seed) {
        final SampleShapes s = SampleShapes.generate(shape, count, seed);
        final int capacity = capacityFor(count) + 3;
        final long handle = NativeMemory.allocate(capacity, MemoryTag.SCRATCH);
        try {
            final MemorySegment buffer = NativeMemory.segment(handle).asSlice(NativeMemory.offset(handle), capacity);
            final int length = encode(s, buffer, 3);
            assertDecodes(s, buffer, 3, length);
            final GorillaDecoder decoder = new GorillaDecoder().wrap(buffer.asSlice(3), 0, length);
            int i = 0;
            while (decoder.next()) {
                assertThat(decoder.timestampMillis()).isEqualTo(s.timestamps[i]);
                i++;
            }
            assertThat(i).isEqualTo(count);
        } finally {
            NativeMemory.free(handle, capacity, MemoryTag.SCRATCH);
        }
    }

    @Test
    void shouldRoundTripRandomMixturesWithLoggedSeeds() {
        final SplittableRandom seeds = new SplittableRandom(BASE_SEED);
        for (int round = 0; round < 200; round++) {
            final long seed = seeds.nextLong();
            final SplittableRandom random = new SplittableRandom(seed);
            final int count = 1 + random.nextInt(2000);
            final SampleShapes s = SampleShapes.generate("random", count, seed);
            for (int i = 0; i < count; i++) {
                final String shape = SampleShapes.NAMES[random.nextInt(SampleShapes.NAMES.length)];
                final SampleShapes other = SampleShapes.generate(shape, 1 + random.nextInt(3), random.nextLong());
                if (random.nextBoolean()) {
                    s.values[i] = other.values[0];
                }
                if (i > 0 && random.nextInt(4) != 0) {
                    s.timestamps[i] = s.timestamps[i - 1] + (random.nextInt(5) == 0 ? random.nextLong() :
                        random.nextInt(40_000) - 100);
                }
            }
            final MemorySegment buffer = MemorySegment.ofArray(new byte[capacityFor(count)]);
            final int length = encode(s, buffer, 0);
            try {
                assertDecodes(s, buffer, 0, length);
            } catch (final AssertionError e) {
                throw new AssertionError("round-trip failed: seed=" + seed + " count=" + count, e);
            }
        }
    }

    @Test
    void shouldLeaveExistingPrefixUntouchedWhenAppendingIntoBuffer() {
        final byte[] memory = new byte[4096];
        final SplittableRandom random = new SplittableRandom(BASE_SEED);
        for (int i = 0; i < 100; i++) {
            memory[i] = (byte)random.nextInt();
        }
        final byte[] prefix = java.util.Arrays.copyOf(memory, 100);
        final SampleShapes s = SampleShapes.generate("randomWalk", 120, BASE_SEED);
        final MemorySegment buffer = MemorySegment.ofArray(memory);
        final int length = encode(s, buffer, 100);
        assertThat(java.util.Arrays.copyOf(memory, 100)).isEqualTo(prefix);
        assertDecodes(s, buffer, 100, length);
    }

    @Test
    void shouldTruncateAndContinueAsIfTheDroppedSamplesWereNeverWritten() {
        final SampleShapes s = SampleShapes.generate("counterResets", 300, BASE_SEED);
        final MemorySegment expected = MemorySegment.ofArray(new byte[capacityFor(300)]);
        final int expectedLength = encode(s, expected, 0);
        for (final int keep : new int[] {0, 1, 2, 17, 150, 299}) {
            final MemorySegment buffer = MemorySegment.ofArray(new byte[capacityFor(300)]);
            final GorillaEncoder encoder = new GorillaEncoder().wrap(buffer, 0, (int) buffer.byteSize());
            for (int i = 0; i < 300; i++) {
                encoder.append(s.timestamps[i], s.values[i]);
            }
            encoder.truncate(keep, new GorillaDecoder());
            assertThat(encoder.count()).isEqualTo(keep);
            for (int i = keep; i < 300; i++) {
                encoder.append(s.timestamps[i], s.values[i]);
            }
            encoder.writeCount();
            assertThat(encoder.lengthBytes()).isEqualTo(expectedLength);
            for (int i = 0; i < expectedLength; i++) {
                assertThat(buffer.get(ValueLayout.JAVA_BYTE, i)).as("byte %d keep=%d", i, keep)
                    .isEqualTo(expected.get(ValueLayout.JAVA_BYTE, i));
            }
        }
    }

    @Test
    void shouldRefuseSampleWhenWorstCaseDoesNotFit() {
        final MemorySegment buffer = MemorySegment.ofArray(new byte[ChunkDescriptor.HEADER_LENGTH +
            GorillaEncoder.SLACK_BYTES + 20]);
        final GorillaEncoder encoder = new GorillaEncoder().wrap(buffer, 0, (int) buffer.byteSize());
        final SplittableRandom random = new SplittableRandom(BASE_SEED);
        int appended = 0;
        while (encoder.append(random.nextLong(), Double.longBitsToDouble(random.nextLong()))) {
            appended++;
            assertThat(encoder.lengthBytes() + GorillaEncoder.SLACK_BYTES)
                .isLessThanOrEqualTo((int) buffer.byteSize() + 20);
        }
        assertThat(appended).isGreaterThan(0);
        encoder.writeCount();
        assertThat(new GorillaDecoder().wrap(buffer, 0, encoder.lengthBytes()).count()).isEqualTo(appended);
    }

    @Test
    void shouldLeaveTheHeaderCountToWriteCountAfterSampleAppends() {
        final SampleShapes s = SampleShapes.generate("randomWalk", 50, BASE_SEED);
        final MemorySegment buffer = MemorySegment.ofArray(new byte[capacityFor(50)]);
        final GorillaEncoder encoder = new GorillaEncoder().wrap(buffer, 0, (int) buffer.byteSize());
        for (int i = 0; i < 50; i++) {
            encoder.append(s.timestamps[i], s.values[i]);
        }
        assertThat(new GorillaDecoder().wrap(buffer, 0, encoder.lengthBytes()).count()).isZero();
        assertThat(encoder.writeCount()).isSameAs(encoder);
        assertDecodes(s, buffer, 0, encoder.lengthBytes());
    }

    static int capacityFor(final int count) {
        return ChunkDescriptor.HEADER_LENGTH + GorillaEncoder.SLACK_BYTES + count * 19 + 8;
    }

    static int encode(final SampleShapes s, final MemorySegment buffer, final int offset) {
        final GorillaEncoder encoder = new GorillaEncoder().wrap(buffer, offset, (int) buffer.byteSize() - offset);
        for (int i = 0; i < s.timestamps.length; i++) {
            assertThat(encoder.append(s.timestamps[i], s.values[i])).isTrue();
        }
        assertThat(encoder.count()).isEqualTo(s.timestamps.length);
        encoder.writeCount();
        return encoder.lengthBytes();
    }

    static void assertDecodes(final SampleShapes s, final MemorySegment buffer, final int offset, final int length) {
        final GorillaDecoder decoder = new GorillaDecoder().wrap(buffer, offset, length);
        assertThat(decoder.count()).isEqualTo(s.timestamps.length);
        int i = 0;
        while (decoder.next()) {
            if (decoder.timestampMillis() != s.timestamps[i] ||
                decoder.valueBits() != Double.doubleToRawLongBits(s.values[i])) {
                throw new AssertionError("sample " + i + ": expected (" + s.timestamps[i] + ", " +
                    Long.toHexString(Double.doubleToRawLongBits(s.values[i])) + ") got (" +
                    decoder.timestampMillis() + ", " + Long.toHexString(decoder.valueBits()) + ")");
            }
            i++;
        }
        assertThat(i).isEqualTo(s.timestamps.length);

        final GorillaDecoder bulk = new GorillaDecoder().wrap(buffer, offset, length);
        final long[] timestamps = new long[s.timestamps.length + 2];
        final double[] values = new double[s.timestamps.length + 2];
        assertThat(bulk.decode(timestamps, values, 2)).isEqualTo(s.timestamps.length);
        for (int j = 0; j < s.timestamps.length; j++) {
            if (timestamps[j + 2] != s.timestamps[j] ||
                Double.doubleToRawLongBits(values[j + 2]) != Double.doubleToRawLongBits(s.values[j])) {
                throw new AssertionError("bulk sample " + j + ": expected (" + s.timestamps[j] + ", " +
                    Long.toHexString(Double.doubleToRawLongBits(s.values[j])) + ") got (" + timestamps[j + 2] +
                    ", " + Long.toHexString(Double.doubleToRawLongBits(values[j + 2])) + ")");
            }
        }
        assertThat(bulk.next()).isFalse();
    }

    @ParameterizedTest(name = "{0} count={1} seed={2}")
    @MethodSource("shapes")
    void shouldBulkAppendTheSameBytesAsAppendingOneByOne(final String shape, final int count, final long seed) {
        final SampleShapes s = SampleShapes.generate(shape, count, seed);
        final MemorySegment expected = MemorySegment.ofArray(new byte[capacityFor(count)]);
        final int expectedLength = encode(s, expected, 0);
        final MemorySegment actual = MemorySegment.ofArray(new byte[capacityFor(count)]);
        final GorillaEncoder encoder = new GorillaEncoder().wrap(actual, 0, (int) actual.byteSize());
        final int split = count / 3;
        assertThat(encoder.append(s.timestamps, s.values, 0, split)).isEqualTo(split);
        if (split < count) {
            assertThat(encoder.append(s.timestamps[split], s.values[split])).isTrue();
            assertThat(encoder.append(s.timestamps, s.values, split + 1, count)).isEqualTo(count - split - 1);
        }
        assertThat(encoder.lengthBytes()).isEqualTo(expectedLength);
        for (int i = 0; i < expectedLength; i++) {
            if (actual.get(ValueLayout.JAVA_BYTE, i) != expected.get(ValueLayout.JAVA_BYTE, i)) {
                throw new AssertionError("byte " + i + " differs: shape=" + shape + " seed=" + seed);
            }
        }
    }

    @Test
    void shouldStopBulkAppendWhenChunkIsFull() {
        final SampleShapes s = SampleShapes.generate("random", 100, BASE_SEED);
        final MemorySegment buffer = MemorySegment.ofArray(new byte[ChunkDescriptor.HEADER_LENGTH +
            GorillaEncoder.SLACK_BYTES + 100]);
        final GorillaEncoder encoder = new GorillaEncoder().wrap(buffer, 0, (int) buffer.byteSize());
        final int appended = encoder.append(s.timestamps, s.values, 0, 100);
        assertThat(appended).isBetween(1, 99);
        assertThat(encoder.count()).isEqualTo(appended);
        final GorillaDecoder decoder = new GorillaDecoder().wrap(buffer, 0, encoder.lengthBytes());
        int i = 0;
        while (decoder.next()) {
            assertThat(decoder.timestampMillis()).isEqualTo(s.timestamps[i++]);
        }
        assertThat(i).isEqualTo(appended);
    }

    @Test
    void shouldBulkDecodeTheRestAfterSomeNextCalls() {
        final SampleShapes s = SampleShapes.generate("containerCpu", 500, BASE_SEED);
        final MemorySegment buffer = MemorySegment.ofArray(new byte[capacityFor(500)]);
        final int length = encode(s, buffer, 0);
        final GorillaDecoder decoder = new GorillaDecoder().wrap(buffer, 0, length);
        for (int i = 0; i < 7; i++) {
            assertThat(decoder.next()).isTrue();
        }
        final long[] timestamps = new long[493];
        final double[] values = new double[493];
        assertThat(decoder.decode(timestamps, values, 0)).isEqualTo(493);
        assertThat(timestamps[0]).isEqualTo(s.timestamps[7]);
        assertThat(values[492]).isEqualTo(s.values[499]);
    }
}
