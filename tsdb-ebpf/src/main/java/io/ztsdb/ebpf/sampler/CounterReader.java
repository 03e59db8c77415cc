// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.sampler;

import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.collections.LongHashSet;

/**
 * Reads the BPF counters of one object into the watched cgroups' states, once per round.
 */
interface CounterReader {
    /**
     * Reads the counters of every watched cgroup into {@link CgroupState#current}.
     *
     * @param states    the watched cgroups.
     * @param liveIds   every cgroup of the v2 tree (empty before the first discovery).
     * @param staleKeys receives the ids of cgroups that are gone but still have counters.
     */
    void read(Long2ObjectHashMap<CgroupState> states, LongHashSet liveIds, LongArrayList staleKeys);

    /** Makes the next {@link #read} read everything (a cgroup was added). */
    void invalidate();

    /**
     * Drops the counters of a cgroup after its final round.
     *
     * @param cgroupId the cgroup.
     */
    void delete(long cgroupId);
}
