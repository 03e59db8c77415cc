// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.series;

/**
 * XXH64, the 64-bit xxHash of Yann Collet (BSD-2), written from its specification
 * (https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md). Checked against libxxhash's vectors.
 */
final class XxHash64 {
    private static final long PRIME_1 = 0x9E3779B185EBCA87L;
    private static final long PRIME_2 = 0xC2B2AE3D27D4EB4FL;
    private static final long PRIME_3 = 0x165667B19E3779F9L;
    private static final long PRIME_4 = 0x85EBCA77C2B2AE63L;
    private static final long PRIME_5 = 0x27D4EB2F165667C5L;

    private XxHash64() {
    }

    static long hash(final byte[] input, final int offset, final int length, final long seed) {
        final int end = offset + length;
        int p = offset;
        long h;
        if (length >= 32) {
            long v1 = seed + PRIME_1 + PRIME_2;
            long v2 = seed + PRIME_2;
            long v3 = seed;
            long v4 = seed - PRIME_1;
            final int limit = end - 32;
            do {
                v1 = round(v1, getLong(input, p));
                v2 = round(v2, getLong(input, p + 8));
                v3 = round(v3, getLong(input, p + 16));
                v4 = round(v4, getLong(input, p + 24));
                p += 32;
            } while (p <= limit);
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = mergeRound(h, v1);
            h = mergeRound(h, v2);
            h = mergeRound(h, v3);
            h = mergeRound(h, v4);
        } else {
            h = seed + PRIME_5;
        }
        h += length;
        while (p + 8 <= end) {
            h ^= round(0, getLong(input, p));
            h = Long.rotateLeft(h, 27) * PRIME_1 + PRIME_4;
            p += 8;
        }
        if (p + 4 <= end) {
            h ^= (getInt(input, p) & 0xFFFF_FFFFL) * PRIME_1;
            h = Long.rotateLeft(h, 23) * PRIME_2 + PRIME_3;
            p += 4;
        }
        while (p < end) {
            h ^= (input[p] & 0xFFL) * PRIME_5;
            h = Long.rotateLeft(h, 11) * PRIME_1;
            p++;
        }
        h ^= h >>> 33;
        h *= PRIME_2;
        h ^= h >>> 29;
        h *= PRIME_3;
        h ^= h >>> 32;
        return h;
    }

    private static long round(final long acc, final long input) {
        return Long.rotateLeft(acc + input * PRIME_2, 31) * PRIME_1;
    }

    private static long mergeRound(final long acc, final long value) {
        return (acc ^ round(0, value)) * PRIME_1 + PRIME_4;
    }

    private static long getLong(final byte[] b, final int i) {
        return (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24 |
            (b[i + 4] & 0xFFL) << 32 | (b[i + 5] & 0xFFL) << 40 | (b[i + 6] & 0xFFL) << 48 | (b[i + 7] & 0xFFL) << 56;
    }

    private static int getInt(final byte[] b, final int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }
}
