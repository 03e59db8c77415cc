// SPDX-License-Identifier: Apache-2.0
/**
 * The ztsdb binary wire protocol (docs/protocol.md): every message is a 16-byte header ({@link
 * io.ztsdb.protocol.FrameDescriptor}: magic "ZTSD", version, {@link io.ztsdb.protocol.MessageType type}, payload
 * length) followed by a payload whose layout one {@code *Descriptor} class per message defines.
 * <p>
 * Writing: a {@link io.ztsdb.protocol.FrameEncoder} appends whole frames to a {@link java.nio.ByteBuffer}.
 * Reading: a {@link io.ztsdb.protocol.FrameDecoder} is fed the bytes of a stream in chunks of any size and hands
 * each complete frame to a {@link io.ztsdb.protocol.FrameHandler}; the payload is then read through the
 * message's reusable flyweight ({@link io.ztsdb.protocol.PointsFlyweight} for insert and insert_batch,
 * {@link io.ztsdb.protocol.QueryRequestFlyweight}, {@link io.ztsdb.protocol.OkFlyweight}, ...). Every
 * multi-byte field is little-endian and every access is at an absolute offset, so buffers of either byte order,
 * heap or direct, work as they are.
 * <p>
 * Malformed input raises a {@link io.ztsdb.protocol.ProtocolException} carrying the
 * {@link io.ztsdb.protocol.ErrorCode} to answer with; a {@linkplain io.ztsdb.protocol.ErrorCode#isFatal() fatal}
 * code means the stream cannot be resynchronised.
 */
package io.ztsdb.protocol;
