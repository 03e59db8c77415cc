// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.tcp;

import io.ztsdb.core.SampleCursor;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;

import java.nio.file.Path;

/** Starts a real server on ephemeral ports (TCP and HTTP) over a temporary data directory. */
final class TestServer {
    private TestServer() {
    }

    static ServerRuntime start(final Path dataDir) {
        return start(new ServerConfig(), dataDir);
    }

    static ServerRuntime start(final ServerConfig config, final Path dataDir) {
        return ServerRuntime.start(config.port(0).webPort(0).bindAddress("127.0.0.1").dataDir(dataDir));
    }

    static long countPoints(final ServerRuntime runtime, final long seriesId) {
        long count = 0;
        try (SampleCursor cursor = runtime.tsdb().query(seriesId, Long.MIN_VALUE, Long.MAX_VALUE)) {
            while (cursor.next()) {
                count++;
            }
        }
        return count;
    }
}
