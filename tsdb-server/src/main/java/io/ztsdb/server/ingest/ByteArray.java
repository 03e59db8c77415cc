// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.ingest;

import java.util.Arrays;

/**
 * A growable byte array reused from request to request: the body as received, the body decompressed, a key
 * being built.
 */
public final class ByteArray {
    private byte[] bytes;
    private int length;

    /** @param initialCapacity bytes to start with. */
    public ByteArray(final int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    /** @return the backing array; its first {@link #length()} bytes are the content. */
    public byte[] array() {
        return bytes;
    }

    /** @return bytes held. */
    public int length() {
        return length;
    }

    /** Sets the length (after writing into {@link #ensureCapacity(int)}'s array directly). */
    public void length(final int newLength) {
        if (newLength < 0 || newLength > bytes.length) {
            throw new IllegalArgumentException("length out of range: length=" + newLength);
        }
        length = newLength;
    }

    /**
     * Makes room for {@code capacity} bytes in all, keeping the content.
     *
     * @return the backing array, possibly a new one.
     */
    public byte[] ensureCapacity(final int capacity) {
        if (capacity > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(capacity, (int) Math.min(Integer.MAX_VALUE - 16, bytes.length * 2L)));
        }
        return bytes;
    }

    /** Appends one byte. */
    public void append(final byte b) {
        ensureCapacity(length + 1)[length++] = b;
    }

    /** Appends {@code count} bytes of {@code src} from {@code offset}. */
    public void append(final byte[] src, final int offset, final int count) {
        System.arraycopy(src, offset, ensureCapacity(length + count), length, count);
        length += count;
    }

    /** Exchanges the content (and memory) of this array and {@code other}: a move without a copy. */
    public void swap(final ByteArray other) {
        final byte[] otherBytes = other.bytes;
        final int otherLength = other.length;
        other.bytes = bytes;
        other.length = length;
        bytes = otherBytes;
        length = otherLength;
    }

    /** Empties the array, keeping its memory. */
    public void clear() {
        length = 0;
    }

    /** @return bytes allocated. */
    public int capacity() {
        return bytes.length;
    }
}
