// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

import java.nio.ByteBuffer;

/**
 * What the fuzz tests feed their inputs to: a frame decoder with a small limit, whose frames go through the checks
 * the server runs on each request type. Only {@link ProtocolException} may come out.
 */
final class FrameFuzzing {
    /** A small limit, so that fuzzed lengths reach it. */
    static final int MAX_PAYLOAD_LENGTH = 4096;

    private FrameFuzzing() {
    }

    /**
     * Decodes the input as a byte stream, fed whole then in chunks of 7 bytes.
     *
     * @param input any bytes.
     * @return the number of frames decoded.
     */
    static int decode(final byte[] input) {
        return feed(input, input.length) + feed(input, 7);
    }

    private static int feed(final byte[] input, final int chunk) {
        final int[] frames = new int[1];
        final FrameDecoder decoder = new FrameDecoder((type, buffer, offset, length) -> {
            frames[0]++;
            checkPayload(type, buffer, offset, length);
        }, MAX_PAYLOAD_LENGTH);
        final ByteBuffer buffer = ByteBuffer.wrap(input);
        try {
            for (int at = 0; at < input.length; at += Math.max(1, chunk)) {
                decoder.feed(buffer, at, Math.min(Math.max(1, chunk), input.length - at));
            }
            if (decoder.hasPartialFrame()) {
                decoder.truncatedFrameException();
            }
        } catch (final ProtocolException expected) {
            // a refusal with a code is the right answer to bad input
        }
        return frames[0];
    }

    private static void checkPayload(final int type, final ByteBuffer buffer, final int offset, final int length) {
        try {
            MessageType.checkPayloadLength(type, length);
            switch (type) {
                case MessageType.INSERT, MessageType.INSERT_BATCH -> {
                    final PointsFlyweight points = new PointsFlyweight().wrapPayload(buffer, offset, length);
                    for (int i = 0; i < points.pointCount(); i++) {
                        points.valueBits(i);
                    }
                }
                case MessageType.REGISTER_SERIES -> {
                    final RegisterSeriesDecoder decoder = new RegisterSeriesDecoder().wrap(buffer, offset, length);
                    decoder.metricName();
                    while (decoder.nextLabel()) {
                        decoder.labelKey();
                        decoder.labelValue();
                    }
                }
                case MessageType.AUTH -> new AuthFlyweight().wrap(buffer, offset, length).tokenBytes();
                case MessageType.QUERY -> new QueryRequestFlyweight().wrap(buffer, offset, length).aggregation();
                case MessageType.ERROR -> new ErrorFlyweight().wrap(buffer, offset, length).message();
                case MessageType.DATA -> new DataResponseFlyweight().wrap(buffer, offset, length).pointCount();
                case MessageType.OK -> new OkFlyweight().wrap(buffer, offset, length).accepted();
                case MessageType.SERIES -> new SeriesResponseFlyweight().wrap(buffer, offset, length).seriesId();
                default -> {
                }
            }
        } catch (final ProtocolException expected) {
            // refused with a code: the connection answers and goes on
        }
    }
}
