// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link FileOps} that fails one kind of call at its n-th invocation (QuestDB {@code TestFilesFacadeImpl}).
 * A failing write first writes half of its bytes, like a torn write.
 */
public final class FaultInjectingFileOps extends DefaultFileOps {
    /** The calls that can be failed. */
    public enum Op { WRITE, FORCE, RENAME, MAP, SYNC_DIRECTORY }

    private final Map<Op, AtomicInteger> calls = new EnumMap<>(Op.class);
    private final Map<Op, Integer> failAt = new EnumMap<>(Op.class);

    public FaultInjectingFileOps() {
        for (final Op op : Op.values()) {
            calls.put(op, new AtomicInteger());
        }
    }

    /**
     * Makes the {@code nth} call (1-based, counted from now on) of {@code op} fail, and every later one.
     *
     * @return this.
     */
    public synchronized FaultInjectingFileOps failAt(final Op op, final int nth) {
        calls.get(op).set(0);
        failAt.put(op, nth);
        return this;
    }

    /** @return calls of {@code op} since the last {@link #failAt} for it. */
    public int calls(final Op op) {
        return calls.get(op).get();
    }

    private boolean shouldFail(final Op op) {
        final int n = calls.get(op).incrementAndGet();
        final Integer limit;
        synchronized (this) {
            limit = failAt.get(op);
        }
        return limit != null && n >= limit;
    }

    @Override
    public void writeFully(final FileChannel channel, final ByteBuffer source) throws IOException {
        if (shouldFail(Op.WRITE)) {
            final ByteBuffer half = source.duplicate();
            half.limit(source.position() + source.remaining() / 2);
            super.writeFully(channel, half);
            throw new IOException("injected write failure");
        }
        super.writeFully(channel, source);
    }

    @Override
    public void writeFully(final FileChannel channel, final ByteBuffer source, final long position)
        throws IOException {
        if (shouldFail(Op.WRITE)) {
            throw new IOException("injected write failure");
        }
        super.writeFully(channel, source, position);
    }

    @Override
    public void force(final FileChannel channel, final boolean metadata) throws IOException {
        if (shouldFail(Op.FORCE)) {
            throw new IOException("injected force failure");
        }
        super.force(channel, metadata);
    }

    @Override
    public void rename(final Path source, final Path target) throws IOException {
        if (shouldFail(Op.RENAME)) {
            throw new IOException("injected rename failure");
        }
        super.rename(source, target);
    }

    @Override
    public MemorySegment map(
        final FileChannel channel, final FileChannel.MapMode mode, final long offset, final long lengthBytes,
        final Arena arena) throws IOException {
        if (shouldFail(Op.MAP)) {
            throw new IOException("injected map failure");
        }
        return super.map(channel, mode, offset, lengthBytes, arena);
    }

    @Override
    public void syncDirectory(final Path directory) throws IOException {
        if (shouldFail(Op.SYNC_DIRECTORY)) {
            throw new IOException("injected directory sync failure");
        }
        super.syncDirectory(directory);
    }
}
