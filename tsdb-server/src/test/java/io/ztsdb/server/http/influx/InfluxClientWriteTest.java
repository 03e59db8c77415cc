// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.influx;

import com.fasterxml.jackson.databind.JsonNode;
import io.ztsdb.server.TestHttp;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.BatchPoints;
import org.influxdb.dto.Point;
import org.influxdb.dto.Pong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes through the InfluxDB Java client ({@code org.influxdb:influxdb-java} from Maven Central), as an application
 * already instrumented for InfluxDB would: ping, single points and a batch, every field type, then reads the points
 * back through ztsdb's PromQL.
 */
class InfluxClientWriteTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    static Path dir;
    private static ServerRuntime server;

    @BeforeAll
    static void start() {
        server = ServerRuntime.start(new ServerConfig().port(0).webPort(0).bindAddress("127.0.0.1")
            .dataDir(dir.resolve("data")));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldStoreWhatTheInfluxdbJavaClientWrites() throws Exception {
        try (InfluxDB influx = InfluxDBFactory.connect("http://127.0.0.1:" + server.httpPort())) {
            final Pong pong = influx.ping();
            assertThat(pong.isGood()).isTrue();
            influx.write("telegraf", "autogen", Point.measurement("disk").time(T0, TimeUnit.MILLISECONDS)
                .tag("host", "web 1").tag("path", "/var,lib").addField("used_percent", 42.5).addField("inodes", 1234L)
                .addField("readonly", false).addField("label", "not stored").build());
            final BatchPoints batch = BatchPoints.database("telegraf").precision(TimeUnit.MICROSECONDS).build();
            for (int i = 1; i <= 100; i++) {
                batch.point(Point.measurement("disk").time((T0 + i * 1000L) * 1000, TimeUnit.MICROSECONDS)
                    .tag("host", "web 1").tag("path", "/var,lib").addField("used_percent", 42.5 + i).build());
            }
            influx.write(batch);
        }
        final String selector = TestHttp.encode("disk_used_percent{host=\"web 1\",path=\"/var,lib\"}[200s]");
        final JsonNode used = TestHttp.getJson(url("/api/v1/query?query=" + selector + "&time=" + (T0 / 1000 + 100)));
        assertThat(used.at("/data/result/0/values")).hasSize(101);
        assertThat(used.at("/data/result/0/values/100/1").asText()).isEqualTo("142.5");
        final JsonNode inodes = TestHttp.getJson(url("/api/v1/query?query=disk_inodes&time=" + T0 / 1000));
        assertThat(inodes.at("/data/result/0/value/1").asText()).isEqualTo("1234");
        final JsonNode readonly = TestHttp.getJson(url("/api/v1/query?query=disk_readonly&time=" + T0 / 1000));
        assertThat(readonly.at("/data/result/0/value/1").asText()).isEqualTo("0");
        assertThat(server.stats().lineProtocolIngest().rejects()).containsEntry("string_field", 1L);
    }

    private static String url(final String path) {
        return "http://127.0.0.1:" + server.httpPort() + path;
    }
}
