// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol.protobuf;

/**
 * The wire types of the protobuf encoding: the low three bits of a field tag.
 */
public final class WireType {
    /** int32, int64, uint32, uint64, sint32, sint64, bool, enum. */
    public static final int VARINT = 0;
    /** fixed64, sfixed64, double. */
    public static final int FIXED64 = 1;
    /** string, bytes, embedded messages, packed repeated fields. */
    public static final int LENGTH_DELIMITED = 2;
    /** fixed32, sfixed32, float. */
    public static final int FIXED32 = 5;

    private WireType() {
    }

    /** @return the tag of field {@code number} with wire type {@code wireType}. */
    public static int tag(final int number, final int wireType) {
        return number << 3 | wireType;
    }
}
