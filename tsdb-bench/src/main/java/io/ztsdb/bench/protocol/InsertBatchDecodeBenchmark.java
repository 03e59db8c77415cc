// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.ztsdb.protocol.DataPointDescriptor;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import static io.ztsdb.protocol.DataPointDescriptor.SERIES_ID_OFFSET;
import static io.ztsdb.protocol.DataPointDescriptor.TIMESTAMP_OFFSET;
import static io.ztsdb.protocol.DataPointDescriptor.VALUE_OFFSET;

/**
 * Decode of one insert_batch frame of {@value #POINTS} points (the client's default batch, 196 KB): every field
 * of every point is read and folded into a checksum. Scores are points per second. {@code memory} says where the
 * frame lies: {@code direct} as in the server (Netty's pooled read buffers), {@code heap} as in a test.
 * <ul>
 *   <li>{@code flyweightWalk}: {@link PointsFlyweight} over the payload, index accessors (byte-buffer view
 *       {@code VarHandle}s, what the protocol uses).</li>
 *   <li>{@code frameDecoderAndWalk}: the whole receive path: {@link FrameDecoder} validates the header and hands
 *       the frame over in place, the handler walks it with the flyweight.</li>
 *   <li>{@code byteBufferAbsolute}: baseline, JDK little-endian {@link ByteBuffer} with absolute gets.</li>
 *   <li>{@code byteBufferRelative}: naive baseline, relative gets as a stream reader would do.</li>
 *   <li>{@code byteArrayVarHandle}: the design not taken, {@code byte[]} + array view {@code VarHandle}s (a heap
 *       copy of the frame whatever {@code memory} says: direct input would need that copy).</li>
 *   <li>{@code agronaUnsafeBuffer}: the design replaced, Agrona's {@link UnsafeBuffer} with a bounds-checked
 *       little-endian get per field (needs {@code --add-opens} on JDK 22+).</li>
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
    private static final int POINT = DataPointDescriptor.LENGTH;
    private static final VarHandle ARRAY_LONG = MethodHandles.byteArrayViewVarHandle(long[].class,
        ByteOrder.LITTLE_ENDIAN);

    /** Where the frame lies. */
    @Param({"direct", "heap"})
    public String memory;

    private final PointsFlyweight points = new PointsFlyweight();
    private final PointsFlyweight handlerPoints = new PointsFlyweight();
    private ByteBuffer frame;
    private ByteBuffer littleEndian;
    private byte[] array;
    private UnsafeBuffer unsafeBuffer;
    private int frameLength;
    private FrameDecoder decoder;
    private long handlerSum;

    /** Builds one frame of seeded, container-like points: 1,000 series, 1 s interval, random-walk values. */
    @Setup
    public void setUp() {
        final int capacity = FrameDescriptor.HEADER_LENGTH + POINTS * POINT;
        frame = "direct".equals(memory) ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
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
        littleEndian = frame.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        array = new byte[frameLength];
        frame.get(0, array);
        unsafeBuffer = new UnsafeBuffer(frame);
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
        final ByteBuffer bb = littleEndian;
        long sum = 0;
        for (int i = 0, at = FrameDescriptor.HEADER_LENGTH; i < POINTS; i++, at += POINT) {
            sum += bb.getLong(at + SERIES_ID_OFFSET) ^ bb.getLong(at + TIMESTAMP_OFFSET)
                ^ Double.doubleToRawLongBits(bb.getDouble(at + VALUE_OFFSET));
        }
        return sum;
    }

    /** @return checksum of all fields, through ByteBuffer relative gets. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public long byteBufferRelative() {
        final ByteBuffer bb = frame.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        bb.position(FrameDescriptor.HEADER_LENGTH).limit(frameLength);
        long sum = 0;
        while (bb.remaining() >= POINT) {
            sum += bb.getLong() ^ bb.getLong() ^ Double.doubleToRawLongBits(bb.getDouble());
        }
        return sum;
    }

    /** @return checksum of all fields, through byte[] view VarHandles on a heap copy. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public long byteArrayVarHandle() {
        final byte[] bytes = array;
        long sum = 0;
        for (int i = 0, at = FrameDescriptor.HEADER_LENGTH; i < POINTS; i++, at += POINT) {
            sum += (long)ARRAY_LONG.get(bytes, at + SERIES_ID_OFFSET) ^ (long)ARRAY_LONG.get(bytes,
                at + TIMESTAMP_OFFSET) ^ (long)ARRAY_LONG.get(bytes, at + VALUE_OFFSET);
        }
        return sum;
    }

    /** @return checksum of all fields, through Agrona's UnsafeBuffer. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public long agronaUnsafeBuffer() {
        final UnsafeBuffer buffer = unsafeBuffer;
        long sum = 0;
        for (int i = 0, at = FrameDescriptor.HEADER_LENGTH; i < POINTS; i++, at += POINT) {
            sum += buffer.getLong(at + SERIES_ID_OFFSET, ByteOrder.LITTLE_ENDIAN)
                ^ buffer.getLong(at + TIMESTAMP_OFFSET, ByteOrder.LITTLE_ENDIAN)
                ^ buffer.getLong(at + VALUE_OFFSET, ByteOrder.LITTLE_ENDIAN);
        }
        return sum;
    }
}
