// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.metrics;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.io.ByteArrayOutputStream;

/**
 * {@code GET /metrics}: a scrape of the registry in the format the {@code Accept} header asks for, as the client
 * library negotiates it (OpenMetrics for {@code application/openmetrics-text}, else the Prometheus text format; the
 * protobuf format is not built in, so it falls back to text).
 */
final class MetricsHandler implements Handler<RoutingContext> {
    private final Vertx vertx;
    private final PrometheusRegistry registry;
    private final ExpositionFormats formats = ExpositionFormats.init();

    MetricsHandler(final Vertx vertx, final PrometheusRegistry registry) {
        this.vertx = vertx;
        this.registry = registry;
    }

    @Override
    public void handle(final RoutingContext ctx) {
        ExpositionFormatWriter writer = formats.findWriter(ctx.request().getHeader("Accept"));
        if (!writer.isAvailable()) {
            writer = formats.getPrometheusTextFormatWriter();
        }
        final ExpositionFormatWriter chosen = writer;
        vertx.executeBlocking(() -> {
            final ByteArrayOutputStream out = new ByteArrayOutputStream(64 << 10);
            chosen.write(out, registry.scrape());
            return out.toByteArray();
        }, false).onComplete(done -> {
            if (done.succeeded()) {
                ctx.response().setStatusCode(200).putHeader("Content-Type", chosen.getContentType())
                    .end(Buffer.buffer(done.result()));
            } else {
                ctx.response().setStatusCode(500).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("scrape failed: " + done.cause() + "\n");
            }
        });
    }
}
