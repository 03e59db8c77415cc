// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.cli;

import io.ztsdb.server.config.ConfigException;
import io.ztsdb.server.runtime.StartupException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.List;

/**
 * The {@code tsvdb} top-level command; the work is done by its subcommands. Exit codes: 0 success,
 * 2 usage error (wrong flag, bad value), 1 runtime error (port in use, data directory not usable, ...);
 * every error is one line on stderr that says what to do.
 */
@Command(name = "tsvdb", mixinStandardHelpOptions = true, version = "tsvdb 0.1.0",
    description = "ztsdb: time-series database with an eBPF collector of per-container metrics.",
    subcommands = {ServeCommand.class, CollectCommand.class, GenerateCommand.class, TokenCommand.class,
        AotTrainingCommand.class, CommandLine.HelpCommand.class})
public final class TsvdbCommand implements Runnable {
    /** Exit code of a usage error: wrong flag, bad value. */
    public static final int EXIT_USAGE = 2;
    /** Exit code of a runtime error: port in use, data directory not usable, server unreachable. */
    public static final int EXIT_RUNTIME = 1;
    /** Environment variable that makes runtime errors print their stack trace. */
    public static final String DEBUG_ENV_NAME = "TSVDB_DEBUG";

    @Spec
    CommandSpec spec;

    /** Creates the command; picocli instantiates it through {@link #commandLine()}. */
    public TsvdbCommand() {
    }

    /**
     * Builds the command line with the project's error handling: one-line messages, exit codes 2 and 1.
     *
     * @return a command line ready for {@link CommandLine#execute(String...)}.
     */
    public static CommandLine commandLine() {
        final CommandLine cli = new CommandLine(new TsvdbCommand());
        cli.setParameterExceptionHandler(TsvdbCommand::usageError);
        cli.setExecutionExceptionHandler(TsvdbCommand::runtimeError);
        return cli;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
            "missing command: give one of serve, collect, generate, token");
    }

    private static int usageError(final ParameterException ex, final String[] args) {
        final CommandLine cmd = ex.getCommandLine();
        final String name = cmd.getCommandSpec().qualifiedName();
        String message = ex.getMessage();
        if (ex instanceof UnmatchedArgumentException unmatched) {
            final List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                message += "; did you mean " + String.join(" or ", suggestions) + "?";
            }
        }
        cmd.getErr().println(name + ": " + message + " (see '" + name + " --help')");
        cmd.getErr().flush();
        return EXIT_USAGE;
    }

    private static int runtimeError(final Exception ex, final CommandLine cmd, final CommandLine.ParseResult parsed) {
        final PrintWriter err = cmd.getErr();
        final String name = cmd.getCommandSpec().qualifiedName();
        if (ex instanceof ConfigException config) {
            err.println(name + ": " + config.getMessage() + " (see '" + name + " --help')");
            err.flush();
            return EXIT_USAGE;
        }
        if (ex instanceof StartupException || ex instanceof CommandFailedException) {
            err.println(name + ": error: " + ex.getMessage());
        } else {
            err.println(name + ": error: " + ex + " (set " + DEBUG_ENV_NAME + "=1 for the stack trace)");
        }
        if (System.getenv(DEBUG_ENV_NAME) != null) {
            ex.printStackTrace(err);
        }
        err.flush();
        return EXIT_RUNTIME;
    }
}
