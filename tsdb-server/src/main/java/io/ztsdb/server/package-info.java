// SPDX-License-Identifier: Apache-2.0
/**
 * The {@code tsvdb} entry point ({@link io.ztsdb.server.Main}). The server's packages, top layer first (each
 * imports only those below it; {@code PackageDependencyTest} checks it): {@code cli} (commands and options),
 * {@code collect} (the eBPF collector as a runtime component), {@code runtime} (start and stop order),
 * {@code http} and {@code tcp} (the front ends), {@code stats}, {@code config} and {@code netty} (counters, settings
 * and the adapter to Netty and Vert.x internals).
 */
package io.ztsdb.server;
