// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf;

import java.util.List;

/**
 * A snapshot of the collector's state, for {@code /stats}.
 *
 * @param mode               where the metrics come from.
 * @param programsAttached   the attached BPF programs.
 * @param failures           why programs did not load (empty when all did).
 * @param missingMetrics     metrics this mode cannot produce.
 * @param containers         watched containers.
 * @param rounds             sampling rounds so far.
 * @param discoveries        discovery walks so far.
 * @param lastRoundNanos     wall time of the last sampling round.
 * @param lastRoundCpuNanos  CPU time of the collector thread in the last sampling round.
 * @param lastDiscoveryNanos wall time of the last discovery.
 * @param errors             failed rounds so far.
 * @param lastError          the last failure's message, or null.
 */
public record CollectorStats(CollectorMode mode, List<String> programsAttached, List<String> failures,
                             List<String> missingMetrics, int containers, long rounds, long discoveries,
                             long lastRoundNanos, long lastRoundCpuNanos, long lastDiscoveryNanos, long errors,
                             String lastError) {
}
