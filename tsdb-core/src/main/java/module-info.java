// SPDX-License-Identifier: Apache-2.0
/**
 * The ztsdb storage engine, embeddable in any JVM application.
 */
module io.ztsdb.core {
    requires org.agrona; // primitive collections only

    // API
    exports io.ztsdb.core;
    exports io.ztsdb.core.promql;
}
