// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Maps the encoded form of a series, as a protocol carries it (the label fields of a remote-write {@code TimeSeries},
 * the measurement and tags of a line), to its series id, so that a known series costs one hash and one compare and
 * no object. Keys are copied into a per-stripe byte arena; a stripe whose arena passes its bound is emptied (the
 * cache only saves work: a miss re-resolves the series through the catalog). Thread-safe: 16 stripes by hash,
 * each a small open-addressing table under its own lock.
 */
public final class SeriesIdCache {
    private static final int STRIPES = 16;
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
        ByteOrder.LITTLE_ENDIAN);
    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;

    private final Stripe[] stripes = new Stripe[STRIPES];

    /** @param maxKeyBytes bound of the key bytes kept (all stripes together). */
    public SeriesIdCache(final long maxKeyBytes) {
        final int perStripe = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(4096, maxKeyBytes / STRIPES));
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe(perStripe);
        }
    }

    /**
     * @param key    bytes of the key.
     * @param offset where it starts.
     * @param length its length.
     * @return a 64-bit hash of the key (pass it to {@link #get} and {@link #put}).
     */
    public static long hash(final byte[] key, final int offset, final int length) {
        long h = 0;
        int i = offset;
        final int end = offset + length;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            h = hashWord(h, (long) LONG_LE.get(key, i));
        }
        long tail = 0;
        for (int shift = 0; i < end; i++, shift += 8) {
            tail |= (key[i] & 0xffL) << shift;
        }
        return hashEnd(h, tail, length);
    }

    /**
     * One step of {@link #hash}, for a caller that reads the key's words itself (while scanning it for something
     * else): {@code hashEnd(hashWord(...hashWord(0, w0)..., wn), tail, length)} is {@link #hash} of the key whose
     * little-endian eight-byte words are {@code w0..wn} followed by the fewer than eight bytes of {@code tail}.
     *
     * @return the hash state after the word.
     */
    public static long hashWord(final long h, final long word) {
        return Long.rotateLeft(h ^ (word * MULTIPLIER), 29) * MULTIPLIER;
    }

    /** {@return the hash of a key from the state after its whole words, its last bytes and its length} */
    public static long hashEnd(final long h, final long tail, final int length) {
        final long mixed = ((h ^ (tail * MULTIPLIER)) * MULTIPLIER ^ length) * MULTIPLIER;
        return mixed ^ (mixed >>> 31);
    }

    /** @return the series id cached for the key, 0 when unknown. */
    public long get(final byte[] key, final int offset, final int length, final long hash) {
        return stripes[(int) (hash >>> 60)].get(key, offset, length, hash);
    }

    /**
     * The series id cached for a key given in two parts of one array, {@code key[first, first + firstLength)}
     * followed by {@code key[second, second + secondLength)}, as if the two were one array (the same id as
     * {@link #get} of their concatenation, with the same hash): a key assembled from two places of a body without
     * copying it.
     *
     * @return the id, 0 when unknown.
     */
    public long get(final byte[] key, final int first, final int firstLength, final int second,
        final int secondLength, final long hash) {
        return stripes[(int) (hash >>> 60)].get(key, first, firstLength, second, secondLength, hash);
    }

    /** Caches the series id of a key; {@code id} is never 0. */
    public void put(final byte[] key, final int offset, final int length, final long hash, final long id) {
        stripes[(int) (hash >>> 60)].put(key, offset, length, hash, id);
    }

    /** @return keys cached now. */
    public int size() {
        int size = 0;
        for (final Stripe stripe : stripes) {
            size += stripe.size();
        }
        return size;
    }

    private static final class Stripe {
        private final int maxArenaBytes;
        private long[] hashes = new long[64];
        private long[] ids = new long[64];
        private int[] keyOffsets = new int[64];
        private int[] keyLengths = new int[64];
        private byte[] arena = new byte[4096];
        private int arenaUsed;
        private int size;

        Stripe(final int maxArenaBytes) {
            this.maxArenaBytes = maxArenaBytes;
        }

        synchronized int size() {
            return size;
        }

        synchronized long get(final byte[] key, final int offset, final int length, final long hash) {
            final int mask = ids.length - 1;
            for (int slot = (int) hash & mask; ids[slot] != 0; slot = (slot + 1) & mask) {
                if (hashes[slot] == hash && keyLengths[slot] == length && Arrays.equals(arena, keyOffsets[slot],
                    keyOffsets[slot] + length, key, offset, offset + length)) {
                    return ids[slot];
                }
            }
            return 0;
        }

        synchronized long get(final byte[] key, final int first, final int firstLength, final int second,
            final int secondLength, final long hash) {
            final int length = firstLength + secondLength;
            final int mask = ids.length - 1;
            for (int slot = (int) hash & mask; ids[slot] != 0; slot = (slot + 1) & mask) {
                if (hashes[slot] == hash && keyLengths[slot] == length) {
                    final int at = keyOffsets[slot];
                    if (Arrays.equals(arena, at, at + firstLength, key, first, first + firstLength)
                        && Arrays.equals(arena, at + firstLength, at + length, key, second, second + secondLength)) {
                        return ids[slot];
                    }
                }
            }
            return 0;
        }

        synchronized void put(final byte[] key, final int offset, final int length, final long hash, final long id) {
            if (length > maxArenaBytes) {
                return;
            }
            if (arenaUsed + length > maxArenaBytes) {
                clear();
            }
            if ((size + 1) * 2 > ids.length) {
                grow();
            }
            if (arenaUsed + length > arena.length) {
                arena = Arrays.copyOf(arena, Math.min(maxArenaBytes, Math.max(arena.length * 2, arenaUsed + length)));
            }
            final int mask = ids.length - 1;
            int slot = (int) hash & mask;
            while (ids[slot] != 0) {
                if (hashes[slot] == hash && keyLengths[slot] == length && Arrays.equals(arena, keyOffsets[slot],
                    keyOffsets[slot] + length, key, offset, offset + length)) {
                    ids[slot] = id;
                    return;
                }
                slot = (slot + 1) & mask;
            }
            System.arraycopy(key, offset, arena, arenaUsed, length);
            hashes[slot] = hash;
            ids[slot] = id;
            keyOffsets[slot] = arenaUsed;
            keyLengths[slot] = length;
            arenaUsed += length;
            size++;
        }

        private void clear() {
            Arrays.fill(ids, 0);
            arenaUsed = 0;
            size = 0;
        }

        private void grow() {
            final long[] oldHashes = hashes;
            final long[] oldIds = ids;
            final int[] oldOffsets = keyOffsets;
            final int[] oldLengths = keyLengths;
            final int capacity = oldIds.length * 2;
            hashes = new long[capacity];
            ids = new long[capacity];
            keyOffsets = new int[capacity];
            keyLengths = new int[capacity];
            final int mask = capacity - 1;
            for (int i = 0; i < oldIds.length; i++) {
                if (oldIds[i] != 0) {
                    int slot = (int) oldHashes[i] & mask;
                    while (ids[slot] != 0) {
                        slot = (slot + 1) & mask;
                    }
                    hashes[slot] = oldHashes[i];
                    ids[slot] = oldIds[i];
                    keyOffsets[slot] = oldOffsets[i];
                    keyLengths[slot] = oldLengths[i];
                }
            }
        }
    }
}
