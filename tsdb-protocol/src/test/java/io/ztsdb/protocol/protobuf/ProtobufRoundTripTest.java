// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol.protobuf;

import io.ztsdb.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProtobufRoundTripTest {
    @Test
    void shouldWriteCanonicalEncoding() {
        // Field 1 varint 150 is the protobuf documentation's example: 08 96 01.
        assertThat(HexFormat.of().formatHex(new ProtobufWriter().int64Field(1, 150).toByteArray()))
            .isEqualTo("089601");
        final ProtobufWriter w = new ProtobufWriter();
        final int mark = w.beginMessage(3);
        w.int64Field(1, 150);
        w.endMessage(mark);
        assertThat(HexFormat.of().formatHex(w.toByteArray())).isEqualTo("1a03089601");
    }

    @Test
    void shouldShiftNestedContentWhenTheLengthNeedsSeveralBytes() {
        final ProtobufWriter w = new ProtobufWriter(16);
        final int outer = w.beginMessage(1);
        final int inner = w.beginMessage(2);
        w.stringField(1, "x".repeat(300));
        w.endMessage(inner);
        w.doubleField(3, Double.longBitsToDouble(0x7ff0000000000002L));
        w.endMessage(outer);
        final byte[] bytes = w.toByteArray();
        final ProtobufReader r = new ProtobufReader(bytes, 0, bytes.length);
        assertThat(r.readTag()).isEqualTo(WireType.tag(1, WireType.LENGTH_DELIMITED));
        final int outerLimit = r.enterMessage();
        assertThat(r.readTag()).isEqualTo(WireType.tag(2, WireType.LENGTH_DELIMITED));
        final int innerLimit = r.enterMessage();
        assertThat(r.readTag()).isEqualTo(WireType.tag(1, WireType.LENGTH_DELIMITED));
        assertThat(r.readString()).isEqualTo("x".repeat(300));
        r.exitMessage(innerLimit);
        assertThat(r.readTag()).isEqualTo(WireType.tag(3, WireType.FIXED64));
        assertThat(Double.doubleToRawLongBits(r.readDouble())).isEqualTo(0x7ff0000000000002L);
        assertThat(r.hasRemaining()).isFalse();
        r.exitMessage(outerLimit);
        assertThat(r.hasRemaining()).isFalse();
    }

    @Test
    void shouldRoundTripVarintsOfEverySize() {
        final Random random = new Random(7);
        for (int i = 0; i < 1000; i++) {
            final long value = random.nextLong() >>> random.nextInt(64);
            final byte[] bytes = new ProtobufWriter().varint(value).toByteArray();
            assertThat(new ProtobufReader(bytes, 0, bytes.length).readVarint()).isEqualTo(value);
        }
    }

    @Test
    void shouldRejectTruncatedAndOverlongInput() {
        assertRejected("08");
        assertRejected("0a05616263");
        assertRejected("09010203");
        assertRejected("08ffffffffffffffffffff01");
        assertRejected("0aff");
    }

    private static void assertRejected(final String hex) {
        final byte[] bytes = HexFormat.of().parseHex(hex);
        assertThatThrownBy(() -> {
            final ProtobufReader r = new ProtobufReader(bytes, 0, bytes.length);
            while (r.hasRemaining()) {
                r.skip(r.readTag());
            }
        }).as(hex).isInstanceOf(ProtocolException.class);
    }
}
