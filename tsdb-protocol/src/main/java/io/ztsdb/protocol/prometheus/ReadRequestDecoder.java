// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol.prometheus;

import io.ztsdb.protocol.protobuf.ProtobufFormatException;
import io.ztsdb.protocol.protobuf.ProtobufReader;
import io.ztsdb.protocol.protobuf.WireType;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a remote-read {@code ReadRequest} (after snappy decompression); read hints are skipped.
 */
public final class ReadRequestDecoder {
    /** Most queries accepted in one request. */
    public static final int MAX_QUERIES = 1024;
    /** Most matchers accepted in one query. */
    public static final int MAX_MATCHERS = 256;

    private ReadRequestDecoder() {
    }

    /**
     * @param protobuf the encoded message.
     * @param offset   where it starts.
     * @param length   its length.
     * @return the request.
     * @throws ProtobufFormatException when it is malformed or over the limits.
     */
    public static ReadRequest decode(final byte[] protobuf, final int offset, final int length) {
        final ProtobufReader reader = new ProtobufReader(protobuf, offset, length);
        final List<ReadRequest.Query> queries = new ArrayList<>();
        final List<Integer> accepted = new ArrayList<>();
        while (reader.hasRemaining()) {
            final int tag = reader.readTag();
            switch (tag >>> 3) {
                case RemoteProtoDescriptor.READ_REQUEST_QUERIES -> {
                    reader.expectWireType(tag, WireType.LENGTH_DELIMITED);
                    if (queries.size() == MAX_QUERIES) {
                        throw new ProtobufFormatException("more than " + MAX_QUERIES + " queries");
                    }
                    final int outer = reader.enterMessage();
                    queries.add(query(reader));
                    reader.exitMessage(outer);
                }
                case RemoteProtoDescriptor.READ_REQUEST_ACCEPTED_RESPONSE_TYPES -> {
                    if ((tag & 7) == WireType.LENGTH_DELIMITED) {
                        final int outer = reader.enterMessage();
                        while (reader.hasRemaining() && accepted.size() < 16) {
                            accepted.add((int) reader.readVarint());
                        }
                        reader.exitMessage(outer);
                    } else {
                        reader.expectWireType(tag, WireType.VARINT);
                        final int type = (int) reader.readVarint();
                        if (accepted.size() < 16) {
                            accepted.add(type);
                        }
                    }
                }
                default -> reader.skip(tag);
            }
        }
        return new ReadRequest(queries, accepted);
    }

    private static ReadRequest.Query query(final ProtobufReader reader) {
        long start = 0;
        long end = 0;
        final List<RemoteMatcher> matchers = new ArrayList<>();
        while (reader.hasRemaining()) {
            final int tag = reader.readTag();
            switch (tag >>> 3) {
                case RemoteProtoDescriptor.QUERY_START_TIMESTAMP_MS -> {
                    reader.expectWireType(tag, WireType.VARINT);
                    start = reader.readVarint();
                }
                case RemoteProtoDescriptor.QUERY_END_TIMESTAMP_MS -> {
                    reader.expectWireType(tag, WireType.VARINT);
                    end = reader.readVarint();
                }
                case RemoteProtoDescriptor.QUERY_MATCHERS -> {
                    reader.expectWireType(tag, WireType.LENGTH_DELIMITED);
                    if (matchers.size() == MAX_MATCHERS) {
                        throw new ProtobufFormatException("more than " + MAX_MATCHERS + " matchers in a query");
                    }
                    final int outer = reader.enterMessage();
                    matchers.add(matcher(reader));
                    reader.exitMessage(outer);
                }
                default -> reader.skip(tag);
            }
        }
        return new ReadRequest.Query(start, end, matchers);
    }

    private static RemoteMatcher matcher(final ProtobufReader reader) {
        int type = 0;
        String name = "";
        String value = "";
        while (reader.hasRemaining()) {
            final int tag = reader.readTag();
            switch (tag >>> 3) {
                case RemoteProtoDescriptor.MATCHER_TYPE -> {
                    reader.expectWireType(tag, WireType.VARINT);
                    type = (int) reader.readVarint();
                }
                case RemoteProtoDescriptor.MATCHER_NAME -> {
                    reader.expectWireType(tag, WireType.LENGTH_DELIMITED);
                    name = reader.readString();
                }
                case RemoteProtoDescriptor.MATCHER_VALUE -> {
                    reader.expectWireType(tag, WireType.LENGTH_DELIMITED);
                    value = reader.readString();
                }
                default -> reader.skip(tag);
            }
        }
        if (type < 0 || type >= RemoteMatcher.Type.values().length) {
            throw new ProtobufFormatException("unknown matcher type: type=" + type);
        }
        return new RemoteMatcher(RemoteMatcher.Type.values()[type], name, value);
    }
}
