// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.series;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class XxHash64Test {
    /** Expected values computed with libxxhash 0.8.1 (XXH64, seed 0) over bytes {@code (i * 31 + 7) & 0xff}. */
    private static final int[] LENGTHS = {0, 1, 3, 4, 7, 8, 9, 31, 32, 33, 63, 64, 100, 200};
    private static final long[] EXPECTED = {
        0xef46db3751d8e999L, 0xa96c7f0ce858bbb7L, 0x56e6957632a487f9L, 0xc60d15b1e3ff8f04L, 0xafbefc3d6c6f9a8eL,
        0x3da5c7aa269683e0L, 0x4b17a9ba9e215c09L, 0x4a74f3a1a39ad4a1L, 0x8d57d6a4671cc43dL, 0x62c9fd21ed857664L,
        0x5c320a0d2707057fL, 0x7bbabbc45729d17eL, 0xefa0ad2d3e70c151L, 0x95d9a0c977b4b6fbL,
    };

    @Test
    void shouldMatchReferenceImplementationAtEveryTailShape() {
        final byte[] data = new byte[200];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) ((i * 31 + 7) & 0xff);
        }
        for (int i = 0; i < LENGTHS.length; i++) {
            assertThat(XxHash64.hash(data, 0, LENGTHS[i], 0)).as("length %d", LENGTHS[i]).isEqualTo(EXPECTED[i]);
        }
    }

    @Test
    void shouldMatchPublishedVectors() {
        assertThat(hash("")).isEqualTo(0xEF46DB3751D8E999L);
        assertThat(hash("a")).isEqualTo(0xD24EC4F1A98C6E5BL);
        assertThat(hash("abc")).isEqualTo(0x44BC2CF5AD770999L);
    }

    @Test
    void shouldHashAtAnOffset() {
        final byte[] data = "xxabc".getBytes(StandardCharsets.UTF_8);
        assertThat(XxHash64.hash(data, 2, 3, 0)).isEqualTo(0x44BC2CF5AD770999L);
    }

    private static long hash(final String s) {
        final byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return XxHash64.hash(bytes, 0, bytes.length, 0);
    }
}
