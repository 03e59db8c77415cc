// SPDX-License-Identifier: Apache-2.0
/**
 * {@code POST /api/v1/write}: the Prometheus remote-write 1.0 receiver (snappy-compressed protobuf
 * {@code WriteRequest}), decoded without per-sample objects into the same durable write path as the binary protocol.
 */
package io.ztsdb.server.http.remotewrite;
