// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.sampler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One cgroup's dropped-packet counters, one per kernel drop reason seen so far (a handful), with the labels of
 * each reason's series built once. Arrays grow when a reason is first seen; the round itself allocates nothing.
 */
final class DropCounters {
    private static final int INITIAL = 4;
    int size;
    int[] reasons = new int[INITIAL];
    String[] names = new String[INITIAL];
    long[] last = new long[INITIAL];
    long[] current = new long[INITIAL];
    long[] totals = new long[INITIAL];
    final List<Map<String, String>> labels = new ArrayList<>();

    /**
     * @return the index of a reason, or -1.
     */
    int indexOf(final int reason) {
        for (int i = 0; i < size; i++) {
            if (reasons[i] == reason) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Adds a reason first seen now; its counter starts from 0 (the map entry did not exist at the last read).
     *
     * @return its index.
     */
    int add(final int reason, final String name, final Map<String, String> containerLabels, final String labelName) {
        if (size == reasons.length) {
            final int capacity = size * 2;
            reasons = Arrays.copyOf(reasons, capacity);
            names = Arrays.copyOf(names, capacity);
            last = Arrays.copyOf(last, capacity);
            current = Arrays.copyOf(current, capacity);
            totals = Arrays.copyOf(totals, capacity);
        }
        final Map<String, String> withReason = new HashMap<>(containerLabels);
        withReason.put(labelName, name);
        reasons[size] = reason;
        names[size] = name;
        labels.add(Map.copyOf(withReason));
        return size++;
    }

    long total(final String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) {
                return totals[i];
            }
        }
        return 0;
    }
}
