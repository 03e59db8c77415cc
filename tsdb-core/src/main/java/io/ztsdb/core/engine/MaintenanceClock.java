// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.engine;

/**
 * The time source of maintenance and of the write activity it watches: {@link #SYSTEM} in production, a clock
 * the test moves by hand in tests that check what a tick does (work done per tick, not wall time).
 */
@FunctionalInterface
interface MaintenanceClock {
    /** {@link System#nanoTime()}. */
    MaintenanceClock SYSTEM = System::nanoTime;

    /** @return a monotonic time in nanoseconds. */
    long nanoTime();
}
