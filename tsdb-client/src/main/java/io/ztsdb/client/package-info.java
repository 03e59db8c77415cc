// SPDX-License-Identifier: Apache-2.0
/**
 * The ztsdb Java client: {@link io.ztsdb.client.TsdbClient} speaks the binary TCP protocol to a
 * {@code tsvdb serve} over one connection, built by a {@link io.ztsdb.client.TsdbClientBuilder}.
 * <p>
 * Points are written one at a time ({@link io.ztsdb.client.TsdbClient#insert}), as a {@link
 * io.ztsdb.client.WriteBatch} sent whole and acknowledged ({@link io.ztsdb.client.TsdbClient#insertBatch}), or
 * pipelined ({@link io.ztsdb.client.TsdbClient#sendBatch}, {@link io.ztsdb.client.TsdbClient#add} and
 * {@link io.ztsdb.client.TsdbClient#flush}); an acknowledgement means the points are durable on the server.
 * Queries fill a reusable {@link io.ztsdb.client.QueryResult}. Failures are unchecked
 * {@link io.ztsdb.client.ClientException}s: {@link io.ztsdb.client.ServerErrorException} for an error answer,
 * {@link io.ztsdb.client.ConnectionLostException} (and its {@link io.ztsdb.client.RequestTimeoutException}) when
 * the connection fails with requests in flight.
 * <p>
 * Compiled for Java 17 with no dependency but {@code tsdb-protocol}; no JVM flags are needed.
 */
package io.ztsdb.client;
