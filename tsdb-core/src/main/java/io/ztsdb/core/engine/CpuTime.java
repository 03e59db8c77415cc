// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** CPU time of the calling thread, where the JVM measures it (0 elsewhere): the cost figures of maintenance. */
final class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean SUPPORTED = THREADS.isCurrentThreadCpuTimeSupported();

    private CpuTime() {
    }

    /** @return the calling thread's CPU time in nanoseconds, 0 where unsupported. */
    static long threadNanos() {
        return SUPPORTED ? THREADS.getCurrentThreadCpuTime() : 0;
    }
}
