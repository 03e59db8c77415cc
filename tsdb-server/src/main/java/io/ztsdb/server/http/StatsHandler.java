// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.ztsdb.core.StorageStats;
import io.ztsdb.core.TsdbStats;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.stats.ConnectionStats;
import io.ztsdb.server.stats.ServerStats;
import io.ztsdb.server.stats.StatsContributor;

import java.io.IOException;
import java.util.List;

/**
 * {@code GET /stats}: engine and server counters, the open TCP connections, and each contributor's own object
 * (the collector's). Computed on a worker thread (engine statistics may walk every series).
 */
final class StatsHandler implements Handler<RoutingContext> {
    /** At most this many connections are listed one by one. */
    static final int MAX_LISTED_CONNECTIONS = 1000;
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonResponses.JSON)
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private final Vertx vertx;
    private final HttpBackend backend;

    StatsHandler(final Vertx vertx, final HttpBackend backend) {
        this.vertx = vertx;
        this.backend = backend;
    }

    @Override
    public void handle(final RoutingContext ctx) {
        // The port this request came in on is the HTTP server's actual one, also when configured as 0.
        final int httpPort = ctx.request().localAddress().port();
        JsonResponses.sendBlocking(vertx, ctx, 200, json -> writeStats(json, httpPort));
    }

    private void writeStats(final JsonGenerator json, final int httpPort) throws IOException {
        final TsdbStats engine = backend.tsdb().stats();
        final ServerStats server = backend.stats();
        json.writeStartObject();
        json.writeNumberField("series", engine.seriesCount());
        json.writeNumberField("points", engine.pointCount());
        json.writeNumberField("compressed_bytes", engine.compressedBytes());
        json.writeNumberField("bytes_per_point", engine.bytesPerPoint());
        json.writeNumberField("ingest_rate_points_per_second", server.ingestRatePointsPerSecond());
        json.writeNumberField("ingested_points", server.ingestedPoints());
        json.writeNumberField("connections", server.openConnectionCount());
        json.writeNumberField("connections_total", server.totalConnectionCount());
        json.writeNumberField("rejected_frames", server.rejectedFrames());
        json.writeNumberField("rejected_points", server.rejectedPoints() + engine.rejectedPoints());
        json.writeNumberField("rejected_points_protocol", server.rejectedPoints());
        json.writeNumberField("rejected_points_engine", engine.rejectedPoints());
        json.writeNumberField("queries", server.queries());
        json.writeNumberField("uptime_ms", server.uptimeMillis());
        json.writeNumberField("started_at_ms", server.startedAtMillis());
        json.writeFieldName("engine");
        MAPPER.writeValue(json, engine);
        final StorageStats storage = backend.tsdb().storageStats();
        json.writeNumberField("disk_bytes", storage.diskBytes());
        json.writeNumberField("wal_lag_bytes", storage.walAppendedBytes() - storage.walDurableBytes());
        json.writeFieldName("storage");
        MAPPER.writeValue(json, storage);
        writeServer(json, httpPort);
        writeConnections(json, server.openConnections());
        for (final StatsContributor contributor : backend.contributors()) {
            json.writeObjectFieldStart(contributor.name());
            contributor.writeStats(json);
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private void writeServer(final JsonGenerator json, final int httpPort) throws IOException {
        final ServerConfig config = backend.config();
        json.writeObjectFieldStart("server");
        json.writeStringField("bind", config.bindAddress());
        json.writeNumberField("tcp_port", backend.tcpPort());
        json.writeNumberField("http_port", httpPort);
        json.writeStringField("data_dir", config.dataDir().toString());
        json.writeNumberField("max_frame_bytes", config.maxFrameBytes());
        json.writeNumberField("event_loops", config.eventLoops());
        json.writeEndObject();
    }

    private static void writeConnections(final JsonGenerator json, final List<ConnectionStats> connections)
        throws IOException {
        json.writeArrayFieldStart("connection_list");
        int listed = 0;
        for (final ConnectionStats c : connections) {
            if (listed++ == MAX_LISTED_CONNECTIONS) {
                break;
            }
            json.writeStartObject();
            json.writeNumberField("id", c.id());
            json.writeStringField("remote", c.remoteAddress());
            json.writeNumberField("opened_at_ms", c.openedAtMillis());
            json.writeNumberField("bytes_in", c.bytesIn());
            json.writeNumberField("bytes_out", c.bytesOut());
            json.writeNumberField("frames", c.frames());
            json.writeNumberField("points", c.points());
            json.writeNumberField("errors", c.errors());
            json.writeNumberField("pending_responses", c.pendingResponses());
            json.writeNumberField("read_pauses", c.readPauses());
            json.writeEndObject();
        }
        json.writeEndArray();
    }
}
