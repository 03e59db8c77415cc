// SPDX-License-Identifier: Apache-2.0
/**
 * The ztsdb binary wire protocol: frame layout, flyweight encoders/decoders over {@link java.nio.ByteBuffer} and
 * a transport-agnostic frame decoder. No I/O and no dependencies; compiled for Java 17.
 */
module io.ztsdb.protocol {
    // API
    exports io.ztsdb.protocol;
    exports io.ztsdb.protocol.prometheus;
    exports io.ztsdb.protocol.protobuf;
    exports io.ztsdb.protocol.snappy;
}
