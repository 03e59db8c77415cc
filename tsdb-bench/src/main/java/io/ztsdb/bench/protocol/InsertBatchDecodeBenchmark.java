// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.ztsdb.protocol.FrameDecoder;
import io.ztsdb.protocol.FrameDescriptor;
import io.ztsdb.protocol.FrameEncoder;
import io.ztsdb.protocol.MessageType;
import io.ztsdb.protocol.PointsFlyweight;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decode of one insert_batch frame of {@value #POINTS} points (the client's default batch, 196 KB): every field
 * of every point is read and folded into a checksum. Scores are points per second.
 * <ul>
 *   <li>{@code flyweightWalk}: {@link PointsFlyweight} over the payload, index accessors.</li>
 *   <li>{@code frameDecoderAndWalk}: the whole receive path: {@link FrameDecoder} validates the header and hands
 *       the frame over in place, the handler walks it with the flyweight.</li>
 *   <li>{@code byteBufferAbsolute}: baseline, JDK little-endian {@link ByteBuffer} with absolute gets.</li>
 *   <li>{@code byteBufferRelative}: naive baseline, relative gets as a stream reader would do.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class InsertBatchDecodeBenchmark {
    static final int POINTS = 8192;
    private static final long SEED = 42;

    private final PointsFlyweight points = new PointsFlyweight();
    private final PointsFlyweight handlerPoints = new PointsFlyweight();
    private UnsafeBuffer frame;
    private ByteBuffer byteBuffer;
    private int frameLength;
    private FrameDecoder decoder;
    private long handlerSum;

    /** Builds one frame of seeded, container-like points: 1,000 series, 1 s interval, random-walk values. */
    @Setup
    public void setUp() {
        final ByteBuffer direct = ByteBuffer.allocateDirect(FrameDescriptor.HEADER_LENGTH + POINTS * 24)
            .order(ByteOrder.LITTLE_ENDIAN);
        frame = new UnsafeBuffer(direct);
        final FrameEncoder encoder = new FrameEncoder().wrap(frame, 0);
        final PointsFlyweight batch = encoder.beginInsertBatch(POINTS);
        final SplittableRandom random = new SplittableRandom(SEED);
        double value = 50.0;
        for (int i = 0; i < POINTS; i++) {
            value += random.nextDouble(-1.0, 1.0);
            batch.point(i, 1_000_000L + i % 1000, 1_700_000_000_000L + (i / 1000) * 1000L, value);
        }
        encoder.endInsertBatch();
        frameLength = encoder.position();
        byteBuffer = direct;
        decoder = new FrameDecoder((type, buffer, offset, length) -> {
            if (type == MessageType.INSERT_BATCH) {
                handlerSum = walk(handlerPoints.wrapPayload(buffer, offset, length));
            }
        });
    }

    private static long walk(final PointsFlyweight points) {
        long sum = 0;
        for (int i = 0, n = points.pointCount(); i < n; i++) {
            sum += points.seriesId(i) ^ points.timestampMillis(i) ^ points.valueBits(i);
        }
        return sum;
    }

    /** @return checksum of all fields, read through the flyweight. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public long flyweightWalk() {
        return walk(points.wrapPayload(frame, FrameDescriptor.HEADER_LENGTH, frameLength
            - FrameDescriptor.HEADER_LENGTH));
    }

    /** @return checksum of all fields, through FrameDecoder + flyweight. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public long frameDecoderAndWalk() {
        decoder.feed(frame, 0, frameLength);
        return handlerSum;
    }

    /** @return checksum of all fields, through ByteBuffer absolute gets. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public long byteBufferAbsolute() {
        final ByteBuffer bb = byteBuffer;
        long sum = 0;
        for (int i = 0, at = FrameDescriptor.HEADER_LENGTH; i < POINTS; i++, at += 24) {
            sum += bb.getLong(at) ^ bb.getLong(at + 8) ^ Double.doubleToRawLongBits(bb.getDouble(at + 16));
        }
        return sum;
    }

    /** @return checksum of all fields, through ByteBuffer relative gets. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public long byteBufferRelative() {
        final ByteBuffer bb = byteBuffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        bb.position(FrameDescriptor.HEADER_LENGTH);
        long sum = 0;
        while (bb.remaining() >= 24) {
            sum += bb.getLong() ^ bb.getLong() ^ Double.doubleToRawLongBits(bb.getDouble());
        }
        return sum;
    }
}
