// SPDX-License-Identifier: Apache-2.0
/**
 * {@code POST /write} (InfluxDB 1.x) and {@code POST /api/v2/write} (InfluxDB 2.x): the InfluxDB line protocol,
 * parsed over the body's bytes into the same durable write path as the binary protocol. Each numeric field of a
 * line is one point of the series {@code measurement_field} with the line's tags as labels.
 */
package io.ztsdb.server.http.influx;
