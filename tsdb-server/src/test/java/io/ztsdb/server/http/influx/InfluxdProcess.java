// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.influx;

import io.ztsdb.server.PeerProcess;
import io.ztsdb.server.TestHttp;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A real InfluxDB 1.x ({@code influxd} of the Debian package) on loopback over a temporary directory. */
final class InfluxdProcess implements AutoCloseable {
    static final String BINARY = "/usr/bin/influxd";

    private final PeerProcess process;
    private final int port;

    private InfluxdProcess(final PeerProcess process, final int port) {
        this.process = process;
        this.port = port;
    }

    static boolean installed() {
        return Files.isExecutable(Path.of(BINARY));
    }

    /** Starts influxd and creates the database {@code db}. */
    static InfluxdProcess start(final Path directory, final String db) throws IOException, InterruptedException {
        final int port = PeerProcess.freePort();
        final int rpcPort = PeerProcess.freePort();
        final Path config = directory.resolve("influxdb.conf");
        Files.writeString(config, """
            reporting-disabled = true
            bind-address = "127.0.0.1:%d"
            [meta]
              dir = "%s/meta"
            [data]
              dir = "%s/data"
              wal-dir = "%s/wal"
              query-log-enabled = false
            [http]
              bind-address = "127.0.0.1:%d"
              log-enabled = false
            [monitor]
              store-enabled = false
            [continuous_queries]
              enabled = false
            """.formatted(rpcPort, directory, directory, directory, port));
        final PeerProcess process = PeerProcess.start(List.of(BINARY, "run", "-config", config.toString()),
            directory.resolve("influxd.log"), "http://127.0.0.1:" + port + "/ping");
        final InfluxdProcess influxd = new InfluxdProcess(process, port);
        final HttpResponse<String> created = TestHttp.post(influxd.url("/query?q=" + TestHttp.encode(
            "CREATE DATABASE " + db)), new byte[0]);
        if (created.statusCode() != 200) {
            influxd.close();
            throw new IOException("cannot create the database: " + created.body());
        }
        return influxd;
    }

    String url(final String path) {
        return "http://127.0.0.1:" + port + path;
    }

    String log() {
        return process.log();
    }

    @Override
    public void close() {
        process.close();
    }
}
