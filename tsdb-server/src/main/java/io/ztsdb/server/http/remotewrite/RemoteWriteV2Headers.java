// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.remotewrite;

import io.vertx.core.http.HttpServerResponse;

/**
 * The response headers remote write 2.0 requires on every answer to a decoded request, so that the sender can tell
 * what was written (and a 1.0-only receiver that ignored the {@code Content-Type} from one that wrote everything).
 */
final class RemoteWriteV2Headers {
    /** Samples written. */
    static final String SAMPLES_WRITTEN = "X-Prometheus-Remote-Write-Samples-Written";
    /** Native histogram samples written. */
    static final String HISTOGRAMS_WRITTEN = "X-Prometheus-Remote-Write-Histograms-Written";
    /** Exemplars written. */
    static final String EXEMPLARS_WRITTEN = "X-Prometheus-Remote-Write-Exemplars-Written";

    private RemoteWriteV2Headers() {
    }

    /** Sets the counts: {@code samples} durable samples; no histograms nor exemplars (ztsdb stores neither). */
    static void written(final HttpServerResponse response, final int samples) {
        response.putHeader(SAMPLES_WRITTEN, Integer.toString(samples)).putHeader(HISTOGRAMS_WRITTEN, "0")
            .putHeader(EXEMPLARS_WRITTEN, "0");
    }
}
