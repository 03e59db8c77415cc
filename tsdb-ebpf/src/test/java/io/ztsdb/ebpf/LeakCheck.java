// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds ztsdb BPF programs this JVM still holds. A program stays loaded while a file descriptor refers to it: its own
 * (bpf-prog) or a link's (the collector attaches through bpf_link only, so an attached program always has one), and
 * both kinds show the program's id as {@code prog_id:} in /proc/self/fdinfo. Programs other processes hold (other
 * builds' test runs, a collector or benchmark on this machine) are not this JVM's and do not count; bpftool 7.1's
 * {@code prog show} has no {@code pids} field to tell them apart (it is built without skeleton support).
 */
final class LeakCheck {
    private static final Pattern PROG_ID = Pattern.compile("(?m)^prog_id:\\s+(\\d+)$");
    private static final Pattern ID = Pattern.compile("^(\\d+),");
    private static final Pattern NAME = Pattern.compile("\"name\":\"(ztsdb_[^\"]*)\"");

    private static final long GRACE_NANOS = 3_000_000_000L;

    private LeakCheck() {
    }

    /**
     * Lists the ztsdb programs this JVM holds, after giving programs closed a moment ago a grace period.
     *
     * @return "name#id" of each ztsdb program a file descriptor of this JVM still refers to.
     */
    static List<String> ztsdbProgramsHeldByThisJvm() throws Exception {
        // The kernel frees a program after its last reference goes, from RCU callbacks and a workqueue; a link's fd
        // closed by another thread a moment ago may still be listed. A leak is what is still there after a grace
        // period.
        final long deadline = System.nanoTime() + GRACE_NANOS;
        List<String> leaks = listHeld();
        while (!leaks.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            leaks = listHeld();
        }
        return leaks;
    }

    private static List<String> listHeld() throws Exception {
        final TreeSet<Long> held = programIdsHeldByThisProcess();
        final List<String> leaks = new ArrayList<>();
        if (held.isEmpty()) {
            return leaks;
        }
        final String json = EbpfCollectorPrivilegedTest.run("bpftool", "-j", "prog", "show");
        for (final String program : json.split("\\{\"id\":")) {
            final Matcher id = ID.matcher(program);
            final Matcher name = NAME.matcher(program);
            if (id.find() && name.find() && held.contains(Long.parseLong(id.group(1)))) {
                leaks.add(name.group(1) + "#" + id.group(1));
            }
        }
        return leaks;
    }

    /** {@return the ids of the BPF programs the file descriptors of this process refer to} */
    static TreeSet<Long> programIdsHeldByThisProcess() throws IOException {
        final TreeSet<Long> ids = new TreeSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fdinfo"))) {
            for (final Path fd : fds) {
                final String info;
                try {
                    info = Files.readString(fd);
                } catch (IOException closedMeanwhile) {
                    continue; // the fd was closed since the directory was listed (the listing's own fd included)
                }
                final Matcher m = PROG_ID.matcher(info);
                if (m.find()) {
                    ids.add(Long.parseLong(m.group(1)));
                }
            }
        }
        return ids;
    }
}
