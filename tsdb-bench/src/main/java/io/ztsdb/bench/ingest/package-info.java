// SPDX-License-Identifier: Apache-2.0
/**
 * Benchmarks of the HTTP ingest protocols: remote-write decode, line-protocol parse, and an HTTP load generator
 * for end-to-end figures against ztsdb and its peers.
 */
package io.ztsdb.bench.ingest;
