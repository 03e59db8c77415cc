// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server;

import io.ztsdb.server.cli.TsvdbCommand;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Entry point of the {@code tsvdb} command line.
 */
public final class Main {
    /** Held so their levels stick (java.util.logging keeps loggers weakly). */
    private static final Logger[] CONFIGURED_LOGGERS = new Logger[2];

    private Main() {
    }

    /**
     * Runs {@code tsvdb} and exits with its exit code (0 ok, 2 usage error, 1 runtime error).
     *
     * @param args command-line arguments.
     */
    public static void main(final String[] args) {
        configureLogging();
        System.exit(TsvdbCommand.commandLine().execute(args));
    }

    /**
     * One line per log record on stderr; ztsdb's own messages from INFO, the libraries' from WARNING (all of
     * it with {@code TSVDB_DEBUG} set).
     */
    private static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s %3$s: %5$s%6$s%n");
        final boolean debug = System.getenv(TsvdbCommand.DEBUG_ENV_NAME) != null;
        CONFIGURED_LOGGERS[0] = Logger.getLogger("io.vertx");
        CONFIGURED_LOGGERS[1] = Logger.getLogger("io.netty");
        for (final Logger logger : CONFIGURED_LOGGERS) {
            logger.setLevel(debug ? Level.FINE : Level.WARNING);
        }
    }
}
