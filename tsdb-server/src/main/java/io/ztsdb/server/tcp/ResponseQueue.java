// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.tcp;

import io.vertx.core.buffer.Buffer;
import io.ztsdb.server.netty.TcpSocketAdapter;
import io.ztsdb.server.stats.ConnectionStats;

import java.util.ArrayDeque;

/**
 * The answers of one connection in request order: every request takes a slot when it is read, slots are filled
 * as requests complete (in any order), and completed slots are written from the head, coalesced into one socket
 * write. Keeps count of the bytes written but not yet taken by the kernel, because Vert.x's own write queue
 * limit counts messages, not bytes.
 */
final class ResponseQueue {
    /** Reading pauses when this many responses are pending, and resumes below half of it. */
    static final int MAX_PENDING_RESPONSES = 128;
    /** Reading pauses when this many response bytes are written but not yet taken by the kernel. */
    static final int WRITE_HIGH_WATER_BYTES = 1024 * 1024;
    /** Reading resumes when the bytes not yet taken by the kernel fall to this. */
    static final int WRITE_LOW_WATER_BYTES = 256 * 1024;

    private final TcpSocketAdapter socket;
    private final ConnectionStats stats;
    private final Runnable onWritten;
    private final ArrayDeque<Slot> slots = new ArrayDeque<>();
    private long unflushedBytes;

    /** One answer; {@code frame} is null until its request completes. */
    static final class Slot {
        private Buffer frame;
        private boolean closeAfter;

        /** @param frame the encoded answer; empty for none. */
        void complete(final Buffer frame) {
            this.frame = frame;
        }
    }

    /**
     * @param socket    to write to.
     * @param stats     the connection's counters.
     * @param onWritten called each time written bytes are taken by the kernel.
     */
    ResponseQueue(final TcpSocketAdapter socket, final ConnectionStats stats, final Runnable onWritten) {
        this.socket = socket;
        this.stats = stats;
        this.onWritten = onWritten;
    }

    /** @return a new slot at the tail. */
    Slot add() {
        final Slot slot = new Slot();
        slots.addLast(slot);
        stats.pendingResponses(slots.size());
        return slot;
    }

    /** @return a new slot at the tail after which the connection is closed. */
    Slot addLast() {
        final Slot slot = add();
        slot.closeAfter = true;
        return slot;
    }

    /** @return whether no answer is pending. */
    boolean isEmpty() {
        return slots.isEmpty();
    }

    /** @return whether so many answers are pending that reading must pause. */
    boolean isFull() {
        return slots.size() >= MAX_PENDING_RESPONSES;
    }

    /** @return whether the kernel or Vert.x holds so many written bytes that reading must pause. */
    boolean isWriteBlocked() {
        return unflushedBytes > WRITE_HIGH_WATER_BYTES || socket.writeQueueFull();
    }

    /** @return whether pending answers and unwritten bytes are low enough for reading to resume. */
    boolean isDrained() {
        return slots.size() < MAX_PENDING_RESPONSES / 2 && unflushedBytes <= WRITE_LOW_WATER_BYTES
            && !socket.writeQueueFull();
    }

    /**
     * Writes the completed slots from the head, in one socket write.
     *
     * @return true when a written slot closes the connection (the socket is then ended).
     */
    boolean writeCompleted() {
        Buffer out = null;
        int frames = 0;
        boolean closeAfter = false;
        Slot head;
        while ((head = slots.peekFirst()) != null && head.frame != null) {
            slots.pollFirst();
            if (head.frame.length() > 0) {
                if (frames == 1) {
                    out = Buffer.buffer(out.length() * 8).appendBuffer(out);
                }
                out = frames == 0 ? head.frame : out.appendBuffer(head.frame);
                frames++;
            }
            if (head.closeAfter) {
                slots.clear();
                closeAfter = true;
                break;
            }
        }
        stats.pendingResponses(slots.size());
        if (out != null) {
            write(out);
        }
        if (closeAfter) {
            socket.end();
        }
        return closeAfter;
    }

    /** Forgets every slot (the socket is closed). */
    void clear() {
        slots.clear();
    }

    private void write(final Buffer out) {
        final int length = out.length();
        stats.addBytesOut(length);
        unflushedBytes += length;
        socket.write(out).onComplete(written -> {
            unflushedBytes -= length;
            onWritten.run();
        });
    }
}
