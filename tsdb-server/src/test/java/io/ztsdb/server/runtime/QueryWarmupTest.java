// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.runtime;

import io.ztsdb.server.config.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link QueryWarmup} against a real server: nothing to warm on an empty store; with a stored series, answered
 * {@code /query} requests through the server's own HTTP API, within the request cap.
 */
class QueryWarmupTest {
    @TempDir
    Path dir;

    @Test
    void warmsWithTheLongestSeriesAndSkipsAnEmptyStore() {
        try (ServerRuntime runtime = ServerRuntime.start(new ServerConfig().port(0).webPort(0)
            .bindAddress("127.0.0.1").dataDir(dir))) {
            assertThat(QueryWarmup.run(runtime.tsdb(), "127.0.0.1", runtime.httpPort())).isZero();
            for (int i = 0; i < 200; i++) {
                runtime.tsdb().insert(42, 1_000L * i, i * 0.5);
            }
            final int answered = QueryWarmup.run(runtime.tsdb(), "127.0.0.1", runtime.httpPort());
            assertThat(answered).isPositive().isLessThanOrEqualTo(QueryWarmup.MAX_REQUESTS);
        }
    }
}
