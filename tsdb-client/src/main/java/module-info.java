// SPDX-License-Identifier: Apache-2.0
/**
 * The ztsdb Java client: blocking, batching, usable from any Java 17+ application with no JVM flags.
 */
module io.ztsdb.client {
    requires transitive io.ztsdb.protocol;

    // API
    exports io.ztsdb.client;
}
