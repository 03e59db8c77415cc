// SPDX-License-Identifier: Apache-2.0
/**
 * {@code POST /api/v1/write}: the Prometheus remote-write receiver, 1.0 (snappy-compressed protobuf
 * {@code prometheus.WriteRequest}) and 2.0 ({@code io.prometheus.write.v2.Request}, symbol table), decoded without
 * per-sample objects into the same series and the same durable write path as the binary protocol.
 */
package io.ztsdb.server.http.remotewrite;
