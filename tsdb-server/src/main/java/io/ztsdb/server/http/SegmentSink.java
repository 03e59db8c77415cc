// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Buffers for an encoder that writes a document straight into memory rather than through an
 * {@link OutputStream}: the sink hands out a segment, the encoder fills it and asks for the next one.
 * {@link ResponseStream} hands out pooled direct memory and sends the filled segments as they are.
 */
interface SegmentSink {
    /** @return the segment to write the document's first bytes into. */
    UnsafeBuffer firstSegment();

    /**
     * Takes the first {@code length} bytes of the current segment; the encoder does not touch it again.
     *
     * @return the next segment, at least as large as the first.
     */
    UnsafeBuffer nextSegment(int length) throws IOException;

    /** Takes the first {@code length} bytes of the current segment, which ends the document. */
    void finish(int length) throws IOException;

    /** A sink of one heap segment, copied into {@code out} each time and reused (tests, benchmarks). */
    static SegmentSink copyingTo(final OutputStream out) {
        final byte[] segment = new byte[ResponseStream.SEGMENT_BYTES];
        final UnsafeBuffer buffer = new UnsafeBuffer(segment);
        return new SegmentSink() {
            @Override
            public UnsafeBuffer firstSegment() {
                return buffer;
            }

            @Override
            public UnsafeBuffer nextSegment(final int length) throws IOException {
                out.write(segment, 0, length);
                return buffer;
            }

            @Override
            public void finish(final int length) throws IOException {
                out.write(segment, 0, length);
            }
        };
    }
}
