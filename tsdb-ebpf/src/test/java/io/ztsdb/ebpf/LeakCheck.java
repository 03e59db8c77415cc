// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds ztsdb BPF programs still loaded (and so attached: links and cgroup attachments hold their program). */
final class LeakCheck {
    private static final Pattern NAME = Pattern.compile("\"name\":\"(ztsdb_[^\"]*)\"");
    private static final Pattern LOADED_AT = Pattern.compile("\"loaded_at\":(\\d+)");

    private static final long GRACE_NANOS = 3_000_000_000L;

    private LeakCheck() {
    }

    /**
     * @param sinceEpochSeconds only programs loaded at or after this time.
     * @return "name@loaded_at" of each such ztsdb program still loaded.
     */
    static List<String> ztsdbProgramsLoadedSince(final long sinceEpochSeconds) throws Exception {
        // The kernel frees a program after its last reference goes, from RCU callbacks and a workqueue: a program
        // closed a moment ago may still be listed. A leak is what is still there after a grace period.
        final long deadline = System.nanoTime() + GRACE_NANOS;
        List<String> leaks = listLoadedSince(sinceEpochSeconds);
        while (!leaks.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            leaks = listLoadedSince(sinceEpochSeconds);
        }
        return leaks;
    }

    private static List<String> listLoadedSince(final long sinceEpochSeconds) throws Exception {
        final String json = EbpfCollectorPrivilegedTest.run("bpftool", "-j", "prog", "show");
        final List<String> leaks = new ArrayList<>();
        for (final String program : json.split("\\{\"id\":")) {
            final Matcher name = NAME.matcher(program);
            final Matcher loaded = LOADED_AT.matcher(program);
            if (name.find() && loaded.find() && Long.parseLong(loaded.group(1)) >= sinceEpochSeconds) {
                leaks.add(name.group(1) + "@" + loaded.group(1));
            }
        }
        return leaks;
    }
}
