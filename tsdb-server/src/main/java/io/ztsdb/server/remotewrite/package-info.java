// SPDX-License-Identifier: Apache-2.0
/**
 * The Prometheus remote-write sender: a durable on-disk queue in the WAL's segment format, read in order, split
 * into shards by series, batched, snappy-compressed and posted with retries. See {@code docs/remote-write.md}.
 */
package io.ztsdb.server.remotewrite;
