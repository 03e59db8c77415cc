// SPDX-License-Identifier: Apache-2.0
/**
 * The ztsdb binary wire protocol: frame layout, flyweight encoders/decoders and a transport-agnostic
 * frame decoder. No I/O.
 */
module io.ztsdb.protocol {
    requires transitive org.agrona;

    // API
    exports io.ztsdb.protocol;
    exports io.ztsdb.protocol.prometheus;
    exports io.ztsdb.protocol.protobuf;
    exports io.ztsdb.protocol.snappy;
}
