// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.remotewrite;

import io.ztsdb.protocol.protobuf.ProtobufFormatException;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Where each entry of a 2.0 request's {@code symbols} lies in the decompressed body (offset and length of its UTF-8
 * bytes, packed in one long): a reference costs one array load and no string. Bounded to {@value #MAX_SYMBOLS}
 * entries; tables are pooled, and a table grown past {@value #RETAINED_SYMBOLS} entries is not kept.
 */
final class SymbolTable {
    /** Most symbols in one request. */
    static final int MAX_SYMBOLS = 1 << 22;
    private static final int RETAINED_SYMBOLS = 1 << 16;

    private long[] entries = new long[256];
    private int size;

    /** Empties the table. */
    void clear() {
        size = 0;
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
