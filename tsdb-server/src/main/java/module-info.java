// SPDX-License-Identifier: Apache-2.0
/**
 * The ztsdb server and the {@code tsvdb} command line: composition of the engine, the collector and the
 * Vert.x TCP and HTTP front ends.
 */
module io.ztsdb.server {
    requires io.ztsdb.protocol;
    requires io.ztsdb.core;
    requires io.ztsdb.client;
    requires io.ztsdb.ebpf;
    requires org.agrona; // used directly, not only through the engine's API
    requires io.vertx.core;
    requires io.vertx.web;
    requires io.netty.buffer;
    requires io.netty.transport;
    requires io.netty.common;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires info.picocli;
    requires HdrHistogram;
    requires io.prometheus.metrics.core;
    requires io.prometheus.metrics.model;
    requires io.prometheus.writer.text;
    requires io.prometheus.metrics.instrumentation.jvm;
    requires java.logging;
    requires java.management; // the query warm-up waits for the JIT compilers (CompilationMXBean)
    requires jdk.unsupported; // sun.misc.Signal: SIGHUP reloads the token and certificate files
    requires java.net.http; // the remote-write sender's client

    opens io.ztsdb.server.cli to info.picocli;
}
