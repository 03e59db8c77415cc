// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.cli;

import io.ztsdb.server.security.Role;
import io.ztsdb.server.security.TokenHash;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * {@code tsvdb token}: makes a new random token. The line for the token file (name, roles, hash) goes to stdout, so
 * that {@code tsvdb token ... >> tokens} appends it; the token itself goes to stderr, shown once. The file keeps only
 * the token's hash.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
    description = "Make a new token: prints the line for --auth-file on stdout (append it to the file) and the token "
        + "on stderr (give it to the client; it is shown only once).")
public final class TokenCommand implements Callable<Integer> {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    @Spec
    CommandSpec spec;

    @Option(names = "--name", paramLabel = "NAME", required = true, description = "Name of the token in the file "
        + "and in messages (letters, digits, _ - .).")
    String name;

    @Option(names = "--role", paramLabel = "ROLE", split = ",", required = true, description = "read, write or "
        + "admin (admin includes both); repeat or separate with commas.")
    String[] roles;

    /** Creates the command; picocli fills the options. */
    public TokenCommand() {
    }

    @Override
    public Integer call() {
        if (!NAME.matcher(name).matches()) {
            throw new ParameterException(spec.commandLine(), "--name must be 1-64 letters, digits, '_', '-' or '.'");
        }
        final Set<Role> parsed = EnumSet.noneOf(Role.class);
        for (final String text : roles) {
            final Role role = Role.parse(text);
            if (role == null) {
                throw new ParameterException(spec.commandLine(), "--role must be read, write or admin, was '" + text
                    + "'");
            }
            parsed.add(role);
        }
        final String token = TokenHash.generateToken();
        final StringBuilder roleList = new StringBuilder();
        parsed.forEach(role -> roleList.append(roleList.isEmpty() ? "" : ",").append(role.fileName()));
        final PrintWriter err = spec.commandLine().getErr();
        err.println("token for " + name + " (give it to the client; it is not stored anywhere): " + token);
        err.flush();
        final PrintWriter out = spec.commandLine().getOut();
        out.println(name + " " + roleList + " " + TokenHash.format(TokenHash.sha256(token)));
        out.flush();
        return 0;
    }
}
