// SPDX-License-Identifier: Apache-2.0
/**
 * The ztsdb storage engine, embeddable in any JVM application.
 */
@SuppressWarnings("module") // the qualified exports name the server, which is compiled after this module
module io.ztsdb.core {
    requires org.agrona; // primitive collections only
    requires java.management; // thread CPU time of the maintenance work, for its figures

    // API
    exports io.ztsdb.core;
    exports io.ztsdb.core.promql;

    // Internal: the remote-write sender keeps its on-disk queue in the WAL's segment format.
    exports io.ztsdb.core.wal to io.ztsdb.server;
    exports io.ztsdb.core.io to io.ztsdb.server;
}
