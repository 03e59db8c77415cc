// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.sampler;

import io.ztsdb.ebpf.libbpf.BpfMap;

/**
 * The maps of an object whose events are rare: the stats map, and the one-entry array its programs increment at
 * every update. A round reads the counter and walks the stats map only when it moved.
 *
 * @param stats   the stats map.
 * @param updates the update counter ({@code BPF_MAP_TYPE_ARRAY}, one {@code __u64}), or null to read every round.
 */
public record EventMap(BpfMap stats, BpfMap updates) {
}
