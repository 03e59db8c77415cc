// SPDX-License-Identifier: Apache-2.0
/**
 * The {@code tsvdb} command line (picocli): {@code serve}, {@code collect} and {@code generate}, their options,
 * and the exit codes (0 success, 2 usage error, 1 runtime error). Option text becomes typed settings here and
 * nowhere else ({@code StorageOptions}, {@code ServerConfig}).
 */
package io.ztsdb.server.cli;
