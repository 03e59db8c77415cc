// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.index;

import io.ztsdb.core.index.PostingsOps.Ordinals;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class PostingsOpsTest {
    private static final long SEED = 42;

    @Test
    void shouldIntersectAndSubtractLikeSetsAtEverySizeRatio() {
        final Random random = new Random(SEED);
        for (int round = 0; round < 200; round++) {
            final int universe = 1 + random.nextInt(5000);
            final TreeSet<Integer> a = randomSet(random, universe, random.nextDouble());
            final TreeSet<Integer> b = randomSet(random, universe, random.nextDouble() * random.nextDouble());
            final TreeSet<Integer> and = new TreeSet<>(a);
            and.retainAll(b);
            final TreeSet<Integer> minus = new TreeSet<>(a);
            minus.removeAll(b);
            assertThat(PostingsOps.intersect(of(a), of(b)).toArray()).as("seed %d round %d", SEED, round)
                .containsExactly(toArray(and));
            assertThat(PostingsOps.intersect(of(b), of(a)).toArray()).containsExactly(toArray(and));
            assertThat(PostingsOps.subtract(of(a), of(b)).toArray()).containsExactly(toArray(minus));
            final TreeSet<Integer> bMinusA = new TreeSet<>(b);
            bMinusA.removeAll(a);
            assertThat(PostingsOps.subtract(of(b), of(a)).toArray()).containsExactly(toArray(bMinusA));
        }
    }

    @Test
    void shouldUnionDisjointListsSparseAndDense() {
        final Random random = new Random(SEED);
        for (final double density : new double[] {0.001, 0.5}) {
            final int universe = 100_000;
            final Postings[] parts = {new Postings(), new Postings(), new Postings()};
            final TreeSet<Integer> expected = new TreeSet<>();
            for (int i = 0; i < universe; i++) {
                if (random.nextDouble() < density) {
                    parts[random.nextInt(3)].add(i);
                    expected.add(i);
                }
            }
            assertThat(PostingsOps.unionDisjoint(List.of(parts), universe).toArray())
                .containsExactly(toArray(expected));
        }
    }

    @Test
    void shouldGallopToFirstNotSmaller() {
        final int[] values = {1, 3, 5, 7, 9, 11, 13};
        assertThat(PostingsOps.gallop(values, 0, values.length, 0)).isEqualTo(0);
        assertThat(PostingsOps.gallop(values, 0, values.length, 7)).isEqualTo(3);
        assertThat(PostingsOps.gallop(values, 0, values.length, 8)).isEqualTo(4);
        assertThat(PostingsOps.gallop(values, 5, values.length, 2)).isEqualTo(5);
        assertThat(PostingsOps.gallop(values, 0, values.length, 99)).isEqualTo(7);
    }

    private static TreeSet<Integer> randomSet(final Random random, final int universe, final double density) {
        final TreeSet<Integer> set = new TreeSet<>();
        for (int i = 0; i < universe; i++) {
            if (random.nextDouble() < density) {
                set.add(i);
            }
        }
        return set;
    }

    private static Ordinals of(final TreeSet<Integer> set) {
        return new Ordinals(toArray(set), set.size());
    }

    private static int[] toArray(final TreeSet<Integer> set) {
        return set.stream().mapToInt(Integer::intValue).toArray();
    }
}
