// SPDX-License-Identifier: Apache-2.0
/**
 * The server's settings ({@link io.ztsdb.server.config.ServerConfig}) as typed values with their checks, and the
 * parsing of sizes and durations written as text ({@link io.ztsdb.server.config.ConfigValues}). A bad value is a
 * {@link io.ztsdb.server.config.ConfigException} naming the command-line option.
 */
package io.ztsdb.server.config;
