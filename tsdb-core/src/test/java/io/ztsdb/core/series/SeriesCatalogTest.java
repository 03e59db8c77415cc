// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.series;

import io.ztsdb.core.Labels;
import io.ztsdb.core.SeriesInfo;
import io.ztsdb.core.SeriesSelector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SeriesCatalogTest {
    private static final int THREADS = 4;
    private static final int SERIES = 500;

    @TempDir
    Path dir;

    @Test
    void shouldRegisterConcurrentlyOnceEachWhileOthersSelect() throws Exception {
        final ConcurrentHashMap<String, Long> ids = new ConcurrentHashMap<>();
        try (SeriesCatalog catalog = SeriesCatalog.open(dir)) {
            final ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
            try {
                final CountDownLatch start = new CountDownLatch(1);
                final List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    final int thread = t;
                    futures.add(pool.submit(() -> {
                        start.await();
                        // Every thread registers every series, in a different order: each must get one id.
                        for (int i = 0; i < SERIES; i++) {
                            final int n = (i * (thread + 1) * 7) % SERIES;
                            final long id = catalog.register("cpu", Labels.of("id", "c" + n, "rt", "r" + n % 3));
                            final Long earlier = ids.putIfAbsent("c" + n, id);
                            assertThat(earlier == null || earlier == id).isTrue();
                        }
                        return null;
                    }));
                }
                futures.add(pool.submit(() -> {
                    start.await();
                    int last = 0;
                    for (int i = 0; i < 200; i++) {
                        final int selected = catalog.select(SeriesSelector.parse("cpu{rt=\"r1\"}")).size();
                        assertThat(selected).isGreaterThanOrEqualTo(last);
                        last = selected;
                    }
                    return null;
                }));
                start.countDown();
                for (final Future<?> f : futures) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(catalog.size()).isEqualTo(SERIES);
        }
        try (SeriesCatalog catalog = SeriesCatalog.open(dir)) {
            assertThat(catalog.size()).isEqualTo(SERIES);
            for (final var e : ids.entrySet()) {
                final RegisteredSeries s = catalog.find(e.getValue());
                assertThat(s.labels().get("id")).isEqualTo(e.getKey());
            }
            assertThat(catalog.select(SeriesSelector.parse("cpu{rt=\"r1\"}"))).hasSize(167);
        }
    }

    @Test
    void shouldDescribeNamedSeriesWithoutSamplesAndNameStoredOnes() {
        try (SeriesCatalog catalog = SeriesCatalog.open(dir)) {
            final long a = catalog.register("cpu", Labels.of("id", "a"));
            final long b = catalog.register("cpu", Labels.of("id", "b"));
            final List<SeriesInfo> described = catalog.describe(List.of(new SeriesInfo(a, 3, 10, 30),
                new SeriesInfo(99, 1, 5, 5)));
            assertThat(described).hasSize(3);
            assertThat(described.get(0).metric()).isEqualTo("cpu");
            assertThat(described.get(0).pointCount()).isEqualTo(3);
            assertThat(described.get(1).isNamed()).isFalse();
            assertThat(described.get(2).seriesId()).isEqualTo(b);
            assertThat(described.get(2).pointCount()).isZero();
        }
    }
}
