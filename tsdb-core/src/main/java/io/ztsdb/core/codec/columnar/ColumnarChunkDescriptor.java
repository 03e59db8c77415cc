// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.codec.columnar;

import io.ztsdb.core.codec.ChunkDescriptor;

/**
 * Layout of the columnar chunk (encoding {@code 0x02}, versions 1 and 2): the common 4-byte chunk header of
 * {@link ChunkDescriptor}, then the timestamps as one integer column and the values as one value section.
 * <pre>
 *  chunk          = header(4) [ int-column(count timestamps) values ]      (nothing after the header if count = 0)
 *  values         = 0x00 u64 raw-bits                                      CONST_BITS: every value has these bits
 *                 | 0x01 u8 e int-column(count mantissas) residuals        DECIMAL: value = (double) m / 10^e
 *                                                                          plus its residual
 *                 | 0x02 int-column(count raw bits)                        RAW: value = longBitsToDouble(x)
 *  residuals      = 0x00 varint E, E x u16 position (ascending, &lt; count), E x zigzag residual   LIST
 *                 | 0x01 int-column(count residuals)                                          COLUMN
 *                   (a value's bits = the bits of (double) m / 10^e + its residual, modulo 2^64; 0 if not listed)
 *  int-column(n)  = 0x00 zigzag x                                          CONST: n times x
 *                 | 0x01 zigzag base, varint gcd, packed(n)                LEVEL: x[i] = base + y[i] * gcd
 *                 | 0x02 zigzag x0, zigzag base, varint gcd, packed(n - 1) DELTA: x[i] = x[i-1] + base + y[i] * gcd
 *                 | 0x03 zigzag x0, zigzag ref, varint gcd, packed(n - 1)  DELTA_ZIGZAG:
 *                                                            x[i] = x[i-1] + ref + unzigzag(y[i]) * gcd
 *  packed(m)      = 0x00                                                   every y is 0
 *                 | 0x01 miniblock x ceil(m / 64)                          64 values each, the last one fewer
 *  miniblock(k)   = u8 h (width b = h &amp; 0x7f, patched = h &gt;&gt; 7)
 *                   [ u8 e, u8 hw, e x u8 position, packed highs (e x hw bits) ]   if patched
 *                   packed lows (k x b bits)
 *                 | u8 0x41 + r  bits(k x r lows, then k unary quotients)  RICE (version 2), r &lt;= 56:
 *                                                            y = low | q &lt;&lt; r, q = zero bits before a one bit
 *                 | u8 0x7F  ceil(k / 8) bitmap  miniblock(popcount)      SPARSE (version 2): bit i set = y[i] != 0;
 *                                                            the nested miniblock (not SPARSE) holds those y - 1
 * </pre>
 * Integers are little-endian, varints unsigned LEB128 (at most 10 bytes), zigzag maps signed to unsigned. Bit
 * fields are packed least significant bit first into consecutive bytes, padded with zero bits to a whole byte.
 * A patched miniblock holds {@code e} exceptions whose value {@code y = low | high << b}; the others are
 * {@code low}. Version 2 is version 1 with the RICE and SPARSE miniblocks; a version 1 chunk has neither (a
 * header byte of 0x41 to 0x7F is corrupt there). All integer arithmetic is modulo 2^64, so every {@code long}
 * column round-trips.
 */
public final class ColumnarChunkDescriptor {
    /** Encoding code of the columnar chunk. */
    public static final byte ENCODING_COLUMNAR = 0x02;
    /** Current version of the columnar chunk layout: version 1 with Rice and sparse miniblocks. */
    public static final byte COLUMNAR_VERSION = 0x02;
    /** First version of the columnar chunk layout: bit-packed and patched miniblocks only; still read. */
    public static final byte COLUMNAR_VERSION_1 = 0x01;

    /** Value section: every value has the same raw bits. */
    static final int VALUES_CONST_BITS = 0x00;
    /** Value section: decimal mantissas divided by a power of ten, with exceptions. */
    static final int VALUES_DECIMAL = 0x01;
    /** Value section: raw IEEE-754 bits as an integer column. */
    static final int VALUES_RAW = 0x02;

    /** Residuals of a DECIMAL section: the non-zero ones with their positions. */
    static final int RESIDUALS_LIST = 0x00;
    /** Residuals of a DECIMAL section: one per value, as an integer column. */
    static final int RESIDUALS_COLUMN = 0x01;

    /** Integer column: one value repeated. */
    static final int COLUMN_CONST = 0x00;
    /** Integer column: frame of reference over the values. */
    static final int COLUMN_LEVEL = 0x01;
    /** Integer column: frame of reference over the differences of consecutive values. */
    static final int COLUMN_DELTA = 0x02;
    /** Integer column: zigzagged differences of consecutive values (a repeated value packs as 0). */
    static final int COLUMN_DELTA_ZIGZAG = 0x03;

    /** Packed block: every packed value is zero. */
    static final int PACKED_ZERO = 0x00;
    /** Packed block: miniblocks follow. */
    static final int PACKED_MINIBLOCKS = 0x01;

    /** Values per miniblock (the last one of a column may hold fewer). */
    static final int MINIBLOCK_LENGTH = 64;
    /** Flag of a miniblock header byte: the miniblock has exceptions. */
    static final int MINIBLOCK_PATCHED = 0x80;
    /** Mask of a miniblock header byte: the width of the low parts. */
    static final int MINIBLOCK_WIDTH_MASK = 0x7F;
    /** Miniblock header of a Rice miniblock with parameter 0 (version 2); {@code + r} for parameter {@code r}. */
    static final int MINIBLOCK_RICE = 0x41;
    /** Miniblock header of a sparse miniblock (version 2). */
    static final int MINIBLOCK_SPARSE = 0x7F;

    /** Largest decimal exponent: {@code 10^18} is the largest exact power of ten that fits a long. */
    static final int MAX_DECIMAL_EXPONENT = 18;

    private ColumnarChunkDescriptor() {
    }
}
