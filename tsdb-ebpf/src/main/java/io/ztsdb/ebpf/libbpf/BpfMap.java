// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.libbpf;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A map of a {@link BpfObject} ({@code struct bpf_map}). Sizing ({@link #maxEntries(int)}) happens before the
 * object is loaded; reads and deletes after. Reads use {@code bpf_map_lookup_batch}: one syscall per chunk instead
 * of two per key. Not thread-safe: one reader thread per map (the scratch buffers are reused).
 */
public final class BpfMap {
    private static final int BPF_MAP_TYPE_PERCPU_HASH = 5;
    private static final int BPF_MAP_TYPE_PERCPU_ARRAY = 6;
    private static final int BPF_MAP_TYPE_LRU_PERCPU_HASH = 10;
    private static final long BPF_ANY = 0;

    private final BpfObject owner;
    private final MemorySegment map;
    private final String name;
    private final MemorySegment scratchKey;
    private MemorySegment inBatch;
    private MemorySegment outBatch;
    private final MemorySegment count;
    private final MemorySegment counterKey;
    private final MemorySegment counterValue;
    private int readFd = -1;
    private long readKeySize;
    private long readStride;
    private MemorySegment batchIn = MemorySegment.NULL;
    private boolean batchDone;

    BpfMap(final BpfObject owner, final MemorySegment map, final String name, final Arena arena) {
        this.owner = owner;
        this.map = map;
        this.name = name;
        this.scratchKey = arena.allocate(8, 8);
        this.inBatch = arena.allocate(8, 8);
        this.outBatch = arena.allocate(8, 8);
        this.count = arena.allocate(4, 4);
        this.counterKey = arena.allocate(4, 4);
        this.counterValue = arena.allocate(8, 8);
    }

    /**
     * @return the map's name in the C source.
     */
    public String name() {
        return name;
    }

    /**
     * Sets the map's capacity; must be called before {@link BpfObject#load()}.
     *
     * @param maxEntries the number of keys the kernel map can hold.
     */
    public void maxEntries(final int maxEntries) {
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("maxEntries must be positive: maxEntries=" + maxEntries);
        }
        owner.checkOpen();
        final int rc = call(() -> (int) Libbpf.BPF_MAP_SET_MAX_ENTRIES.invokeExact(map, maxEntries));
        if (rc != 0) {
            throw Errors.failure("bpf_map__set_max_entries(" + name + ", " + maxEntries + ")", -rc,
                "it must be called before the object is loaded");
        }
    }

    /**
     * Whether {@link BpfObject#load()} creates this map (default true); a map only another program variant uses
     * can be left out, e.g. one of a type the kernel lacks. Only before the object is loaded.
     *
     * @param autocreate false to leave the map out.
     */
    public void autocreate(final boolean autocreate) {
        owner.checkOpen();
        final int rc = call(() -> (int) Libbpf.BPF_MAP_SET_AUTOCREATE.invokeExact(map, autocreate));
        if (rc != 0) {
            throw Errors.failure("bpf_map__set_autocreate(" + name + ", " + autocreate + ")", -rc,
                "it must be called before the object is loaded");
        }
    }

    /**
     * Sets the content of a global-data map ({@code .rodata.<name>}, {@code .data.<name>}) whose only variable is one
     * u64; must be called before {@link BpfObject#load()}. A read-only one is a constant to the verifier.
     *
     * @param value the value of the variable.
     */
    public void initialValue(final long value) {
        owner.checkOpen();
        counterValue.set(JAVA_LONG, 0, value);
        final int rc = call(() -> (int) Libbpf.BPF_MAP_SET_INITIAL_VALUE.invokeExact(map, counterValue,
            (long) Long.BYTES));
        if (rc != 0) {
            throw Errors.failure("bpf_map__set_initial_value(" + name + ")", -rc,
                "it must be called before the object is loaded, on a section holding one u64");
        }
    }

    /**
     * @return the capacity.
     */
    public int maxEntries() {
        owner.checkOpen();
        return call(() -> (int) Libbpf.BPF_MAP_MAX_ENTRIES.invokeExact(map));
    }

    /**
     * @return the key size in bytes, as declared in the C source.
     */
    public int keySize() {
        owner.checkOpen();
        return call(() -> (int) Libbpf.BPF_MAP_KEY_SIZE.invokeExact(map));
    }

    /**
     * @return the value size in bytes, as declared in the C source (one CPU's value for per-CPU maps).
     */
    public int valueSize() {
        owner.checkOpen();
        return call(() -> (int) Libbpf.BPF_MAP_VALUE_SIZE.invokeExact(map));
    }

    /**
     * @return true for per-CPU maps, whose user-space values hold one slot per possible CPU.
     */
    public boolean isPerCpu() {
        owner.checkOpen();
        final int type = call(() -> (int) Libbpf.BPF_MAP_TYPE.invokeExact(map));
        return type == BPF_MAP_TYPE_PERCPU_HASH || type == BPF_MAP_TYPE_PERCPU_ARRAY
            || type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
    }

    /**
     * @return bytes per key in a user-space value buffer: {@code roundup(valueSize, 8) * possibleCpus} for per-CPU
     * maps, else the value size.
     */
    public int valueStride() {
        return isPerCpu() ? ((valueSize() + 7) & ~7) * BpfObject.possibleCpus() : valueSize();
    }

    /**
     * @return the map fd (valid after load).
     */
    public int fd() {
        owner.checkOpen();
        return call(() -> (int) Libbpf.BPF_MAP_FD.invokeExact(map));
    }

    /**
     * Reads every entry with {@code bpf_map_lookup_batch}.
     *
     * @param keys     receives the keys, {@code capacity * keySize()} bytes.
     * @param values   receives the values, {@code capacity * valueStride()} bytes.
     * @param capacity the number of entries the buffers hold (use {@link #maxEntries()}).
     * @return the number of entries read.
     */
    public int lookupBatch(final MemorySegment keys, final MemorySegment values, final int capacity) {
        batchStart();
        int total = 0;
        while (total < capacity) {
            final int n = batchNext(total == 0 ? keys : keys.asSlice(total * readKeySize),
                total == 0 ? values : values.asSlice(total * readStride), capacity - total);
            if (n == 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /**
     * Starts a chunked batch read at the first key: {@link #batchNext} then returns the entries chunk by chunk, so
     * that a map of large per-CPU values is read through a small buffer.
     */
    public void batchStart() {
        if (readFd < 0) {
            readFd = fd();
            readKeySize = keySize();
            readStride = valueStride();
        }
        batchIn = MemorySegment.NULL;
        batchDone = false;
    }

    /**
     * Reads the next chunk of a batch read started with {@link #batchStart()}.
     *
     * @param keys       receives the keys, {@code maxEntries * keySize()} bytes.
     * @param values     receives the values, {@code maxEntries * valueStride()} bytes.
     * @param maxEntries the most entries to read (at least the largest hash bucket; 64 is plenty).
     * @return the number of entries read, 0 when the map has been read to its end.
     */
    public int batchNext(final MemorySegment keys, final MemorySegment values, final int maxEntries) {
        if (batchDone) {
            return 0;
        }
        count.set(JAVA_INT, 0, maxEntries);
        final int rc;
        try {
            rc = (int) Libbpf.BPF_MAP_LOOKUP_BATCH.invokeExact(readFd, batchIn, outBatch, keys, values, count,
                MemorySegment.NULL);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
        if (rc != 0 && rc != -Errors.ENOENT) {
            throw Errors.failure("bpf_map_lookup_batch(" + name + ")", -rc, null);
        }
        final int n = count.get(JAVA_INT, 0);
        if (rc == -Errors.ENOENT) {
            batchDone = true;
        } else {
            final MemorySegment swap = inBatch; // the out token of this chunk is the in token of the next
            inBatch = outBatch;
            outBatch = swap;
            batchIn = inBatch;
        }
        return n;
    }

    /**
     * Looks up one key of a u64-keyed map.
     *
     * @param key   the key.
     * @param value receives {@link #valueStride()} bytes.
     * @return true when found.
     */
    public boolean lookup(final long key, final MemorySegment value) {
        final int fd = fd();
        scratchKey.set(JAVA_LONG, 0, key);
        final int rc = call(() -> (int) Libbpf.BPF_MAP_LOOKUP_ELEM.invokeExact(fd, scratchKey, value));
        if (rc != 0 && rc != -Errors.ENOENT) {
            throw Errors.failure("bpf_map_lookup_elem(" + name + ")", -rc, null);
        }
        return rc == 0;
    }

    /**
     * Looks up one entry of an array map.
     *
     * @param index the index.
     * @param value receives {@link #valueStride()} bytes.
     */
    public void lookupAt(final int index, final MemorySegment value) {
        final int fd = fd();
        counterKey.set(JAVA_INT, 0, index);
        final int rc = call(() -> (int) Libbpf.BPF_MAP_LOOKUP_ELEM.invokeExact(fd, counterKey, value));
        if (rc != 0) {
            throw Errors.failure("bpf_map_lookup_elem(" + name + ", " + index + ")", -rc, null);
        }
    }

    /**
     * Replaces one entry of an array map.
     *
     * @param index the index.
     * @param value the value bytes ({@link #valueStride()}).
     */
    public void updateAt(final int index, final MemorySegment value) {
        final int fd = fd();
        counterKey.set(JAVA_INT, 0, index);
        final int rc = call(() -> (int) Libbpf.BPF_MAP_UPDATE_ELEM.invokeExact(fd, counterKey, value, BPF_ANY));
        if (rc != 0) {
            throw Errors.failure("bpf_map_update_elem(" + name + ", " + index + ")", -rc, null);
        }
    }

    /**
     * Reads entry 0 of a one-entry {@code BPF_MAP_TYPE_ARRAY} of {@code __u64}, e.g. an update counter.
     *
     * @return the value.
     */
    public long readCounter() {
        final int fd = fd();
        counterKey.set(JAVA_INT, 0, 0);
        final int rc = call(() -> (int) Libbpf.BPF_MAP_LOOKUP_ELEM.invokeExact(fd, counterKey, counterValue));
        if (rc != 0) {
            throw Errors.failure("bpf_map_lookup_elem(" + name + ", 0)", -rc, null);
        }
        return counterValue.get(JAVA_LONG, 0);
    }

    /**
     * Creates or replaces one entry.
     *
     * @param key   the key bytes ({@link #keySize()}).
     * @param value the value bytes ({@link #valueStride()}).
     */
    public void update(final MemorySegment key, final MemorySegment value) {
        final int fd = fd();
        final int rc = call(() -> (int) Libbpf.BPF_MAP_UPDATE_ELEM.invokeExact(fd, key, value, BPF_ANY));
        if (rc != 0) {
            throw Errors.failure("bpf_map_update_elem(" + name + ")", -rc, null);
        }
    }

    /**
     * Deletes one key of a u64-keyed map.
     *
     * @param key the key.
     * @return true when it existed.
     */
    public boolean delete(final long key) {
        final int fd = fd();
        scratchKey.set(JAVA_LONG, 0, key);
        final int rc = call(() -> (int) Libbpf.BPF_MAP_DELETE_ELEM.invokeExact(fd, scratchKey));
        if (rc != 0 && rc != -Errors.ENOENT) {
            throw Errors.failure("bpf_map_delete_elem(" + name + ")", -rc, null);
        }
        return rc == 0;
    }

    /**
     * Deletes one key of any size.
     *
     * @param key the key bytes ({@link #keySize()}).
     * @return true when it existed.
     */
    public boolean delete(final MemorySegment key) {
        final int fd = fd();
        final int rc = call(() -> (int) Libbpf.BPF_MAP_DELETE_ELEM.invokeExact(fd, key));
        if (rc != 0 && rc != -Errors.ENOENT) {
            throw Errors.failure("bpf_map_delete_elem(" + name + ")", -rc, null);
        }
        return rc == 0;
    }

    @Override
    public String toString() {
        return "BpfMap{" + name + "}";
    }

    @FunctionalInterface
    private interface IntCall {
        int call() throws Throwable;
    }

    private static RuntimeException rethrow(final Throwable t) {
        if (t instanceof RuntimeException e) {
            return e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    private static int call(final IntCall call) {
        try {
            return call.call();
        } catch (final RuntimeException | Error e) {
            throw e;
        } catch (final Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
