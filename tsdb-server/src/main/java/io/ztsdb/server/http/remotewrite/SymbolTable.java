// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.remotewrite;

import io.ztsdb.protocol.protobuf.ProtobufFormatException;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Where each entry of a 2.0 request's {@code symbols} lies in the decompressed body (offset and length of its UTF-8
 * bytes, packed in one long): a reference costs one array load and no string. Bounded to {@value #MAX_SYMBOLS}
 * entries; tables are pooled, and a table grown past {@value #RETAINED_SYMBOLS} entries is not kept. The table also
 * remembers the metadata references the request's series carried ({@link #firstMetadata}): within one request the
 * same references are the same text, so a repeated report is recognised by four compares.
 */
final class SymbolTable {
    /** Most symbols in one request. */
    static final int MAX_SYMBOLS = 1 << 22;
    private static final int RETAINED_SYMBOLS = 1 << 16;

    private static final int METADATA_SLOTS = 64;

    private final long[] metadata = new long[METADATA_SLOTS * 4];
    private long[] entries = new long[256];
    private int size;

    /** Empties the table. */
    void clear() {
        size = 0;
        Arrays.fill(metadata, 0);
    }

    /**
     * Remembers a series' metadata references (symbol entries, or -1 when absent) in a small direct-mapped memo.
     *
     * @return false when the same references were met before in this request (and are still remembered).
     */
    boolean firstMetadata(final long name, final long type, final long help, final long unit) {
        final long h = ((name * 31 + type) * 31 + help) * 31 + unit;
        final int slot = (int) ((h * 0x9E3779B97F4A7C15L) >>> 58) * 4;
        // Slots start zeroed: offset 0 never holds a symbol (a tag comes first), so a zero name matches nothing.
        if (metadata[slot] == name && metadata[slot + 1] == type && metadata[slot + 2] == help
            && metadata[slot + 3] == unit) {
            return false;
        }
        metadata[slot] = name;
        metadata[slot + 1] = type;
        metadata[slot + 2] = help;
        metadata[slot + 3] = unit;
        return true;
    }

    /** Adds the next symbol: {@code length} bytes at {@code offset}. */
    void add(final int offset, final int length) {
        if (size == entries.length) {
            if (size == MAX_SYMBOLS) {
                throw new ProtobufFormatException("more than " + MAX_SYMBOLS + " symbols in one request");
            }
            entries = Arrays.copyOf(entries, Math.min(MAX_SYMBOLS, size * 2));
        }
        entries[size++] = (long) offset << 32 | length;
    }

    /** @return symbols held. */
    int size() {
        return size;
    }

    /**
     * @param ref a reference read from the request.
     * @return the symbol's offset and length, packed ({@link #offset}, {@link #length}).
     * @throws ProtobufFormatException when the reference is past the table.
     */
    long entry(final long ref) {
        if (ref < 0 || ref >= size) {
            throw new ProtobufFormatException("symbol reference " + ref + " out of range: the request has " + size
                + " symbols");
        }
        return entries[(int) ref];
    }

    /** @return the offset of an {@link #entry}. */
    static int offset(final long entry) {
        return (int) (entry >>> 32);
    }

    /** @return the length of an {@link #entry}. */
    static int length(final long entry) {
        return (int) entry;
    }

    /** Tables shared by the requests of one endpoint. */
    static final class Pool {
        private final ConcurrentLinkedQueue<SymbolTable> free = new ConcurrentLinkedQueue<>();
        private final int maxPooled;

        /** @param maxPooled most idle tables kept. */
        Pool(final int maxPooled) {
            this.maxPooled = maxPooled;
        }

        SymbolTable take() {
            final SymbolTable table = free.poll();
            return table == null ? new SymbolTable() : table;
        }

        void give(final SymbolTable table) {
            table.clear();
            if (table.entries.length <= RETAINED_SYMBOLS && free.size() < maxPooled) {
                free.offer(table);
            }
        }
    }
}
