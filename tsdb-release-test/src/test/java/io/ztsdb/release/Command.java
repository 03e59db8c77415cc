// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.release;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One child process with a deadline: its standard output and error go to files (no pipe to drain, so a chatty
 * child never blocks), read back when it has exited.
 *
 * @param stdout   what it printed on standard output.
 * @param stderr   what it printed on standard error.
 * @param exitCode its exit status.
 */
record Command(String stdout, String stderr, int exitCode) {

    /** {@return the standard output as lines} */
    List<String> lines() {
        return stdout.lines().toList();
    }

    /** {@return everything printed, for assertion messages} */
    String transcript() {
        return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }

    /**
     * Runs a command to its end.
     *
     * @param command     the program and its arguments.
     * @param directory   the working directory.
     * @param environment variables added to (or replacing) the inherited ones.
     * @param timeout     how long it may run; it is killed after that and the test fails.
     * @param logPrefix   where the output goes: {@code logPrefix.out} and {@code logPrefix.err}.
     * @return the outcome.
     * @throws IOException          when it cannot start or its output cannot be read.
     * @throws InterruptedException when interrupted while waiting.
     */
    static Command run(final List<String> command, final Path directory, final Map<String, String> environment,
        final Duration timeout, final Path logPrefix) throws IOException, InterruptedException {
        final Path out = Path.of(logPrefix + ".out");
        final Path err = Path.of(logPrefix + ".err");
        Files.createDirectories(out.getParent());
        final ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(directory.toFile())
            .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(environment);
        final Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("did not finish within " + timeout + ": " + command + "\n"
                + Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Command(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8),
            process.exitValue());
    }
}
