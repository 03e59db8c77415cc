// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.io;

/**
 * File and directory names that carry a sequence number as 20 zero-padded decimal digits between a prefix and
 * a suffix ({@code 00000000000000000042.wal}, {@code b-00000000000000000042}, {@code checkpoint.000...42}), so
 * that names sort in sequence order.
 */
public final class SequenceNames {
    /** Digits of the sequence in a name: enough for any non-negative long. */
    public static final int DIGITS = 20;

    private SequenceNames() {
    }

    /**
     * @return {@code prefix + sequence (20 digits) + suffix}.
     */
    public static String format(final String prefix, final long sequence, final String suffix) {
        return prefix + String.format("%020d", sequence) + suffix;
    }

    /**
     * @return the sequence {@code name} carries between {@code prefix} and {@code suffix}, or -1 when it is not
     *     such a name.
     */
    public static long parse(final String name, final String prefix, final String suffix) {
        if (!name.startsWith(prefix) || !name.endsWith(suffix)
            || name.length() != prefix.length() + DIGITS + suffix.length()) {
            return -1;
        }
        long sequence = 0;
        for (int i = prefix.length(); i < prefix.length() + DIGITS; i++) {
            final char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            sequence = sequence * 10 + (c - '0');
        }
        return sequence;
    }
}
