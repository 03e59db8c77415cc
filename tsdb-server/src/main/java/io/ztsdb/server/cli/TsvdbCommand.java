// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.cli;

import picocli.CommandLine.Command;

/**
 * The {@code tsvdb} top-level command; the work is done by its subcommands.
 */
@Command(name = "tsvdb", mixinStandardHelpOptions = true, version = "tsvdb 0.1.0",
    description = "ztsdb: time-series database with an eBPF collector of per-container metrics.")
public final class TsvdbCommand {
}
