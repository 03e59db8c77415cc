// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server;

import io.ztsdb.core.PointDescriptor;
import io.ztsdb.core.SampleCursor;
import io.ztsdb.core.Tsdb;
import io.ztsdb.protocol.DataPointDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's point layout ({@link PointDescriptor}, what {@code Tsdb.insertBatch} reads) and the wire
 * protocol's ({@link DataPointDescriptor}, what insert and insert_batch frames carry) are one layout: the TCP
 * front end hands frame payloads to the engine as they are.
 */
class PointDescriptorConsistencyTest {
    @TempDir
    Path dir;

    @Test
    void shouldDeclareTheSameOffsetsAndLengthAsTheWireProtocol() {
        assertThat(PointDescriptor.SERIES_ID_OFFSET).isEqualTo(DataPointDescriptor.SERIES_ID_OFFSET);
        assertThat(PointDescriptor.TIMESTAMP_OFFSET).isEqualTo(DataPointDescriptor.TIMESTAMP_OFFSET);
        assertThat(PointDescriptor.VALUE_OFFSET).isEqualTo(DataPointDescriptor.VALUE_OFFSET);
        assertThat(PointDescriptor.LENGTH).isEqualTo(DataPointDescriptor.LENGTH).isEqualTo(24);
        assertThat(PointDescriptor.BYTE_ORDER).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        // Every layout constant of either side, by name: a field added to one side only fails here.
        assertThat(intConstants(PointDescriptor.class)).isEqualTo(intConstants(DataPointDescriptor.class));
    }

    @Test
    void shouldStoreAPointWrittenAtTheWireOffsets() {
        final ByteBuffer wire = ByteBuffer.allocate(2 * DataPointDescriptor.LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 2; i++) {
            final int at = i * DataPointDescriptor.LENGTH;
            wire.putLong(at + DataPointDescriptor.SERIES_ID_OFFSET, 42);
            wire.putLong(at + DataPointDescriptor.TIMESTAMP_OFFSET, 1_000L + i);
            wire.putDouble(at + DataPointDescriptor.VALUE_OFFSET, -0.5 * i);
        }
        try (Tsdb tsdb = Tsdb.open(dir)) {
            assertThat(tsdb.insertBatch(MemorySegment.ofBuffer(wire), 0, 2).acceptedPoints()).isEqualTo(2);
            try (SampleCursor cursor = tsdb.query(42, Long.MIN_VALUE, Long.MAX_VALUE)) {
                for (int i = 0; i < 2; i++) {
                    assertThat(cursor.next()).isTrue();
                    assertThat(cursor.timestampMillis()).isEqualTo(1_000L + i);
                    assertThat(cursor.value()).isEqualTo(-0.5 * i);
                }
                assertThat(cursor.next()).isFalse();
            }
        }
    }

    private static Map<String, Integer> intConstants(final Class<?> descriptor) {
        final Map<String, Integer> constants = new TreeMap<>();
        for (final Field field : descriptor.getFields()) {
            final int modifiers = field.getModifiers();
            if (Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers) && field.getType() == int.class) {
                try {
                    constants.put(field.getName(), field.getInt(null));
                } catch (final IllegalAccessException ex) {
                    throw new AssertionError(ex);
                }
            }
        }
        return constants;
    }
}
