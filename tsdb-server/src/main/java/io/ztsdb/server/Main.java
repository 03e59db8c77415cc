// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server;

import io.ztsdb.server.cli.TsvdbCommand;

/**
 * Entry point of the {@code tsvdb} command line.
 */
public final class Main {
    private Main() {
    }

    /**
     * Runs {@code tsvdb} and exits with its exit code (0 ok, 2 usage error, 1 runtime error).
     *
     * @param args command-line arguments.
     */
    public static void main(final String[] args) {
        System.exit(TsvdbCommand.commandLine().execute(args));
    }
}
