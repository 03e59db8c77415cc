// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server;

import io.ztsdb.server.cli.TsvdbCommand;
import picocli.CommandLine;

/**
 * Entry point of the {@code tsvdb} command line.
 */
public final class Main {
    private Main() {
    }

    public static void main(final String[] args) {
        System.exit(new CommandLine(new TsvdbCommand()).execute(args));
    }
}
