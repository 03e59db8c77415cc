// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.remotewrite;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A remote-write receiver on a real loopback socket whose answers a test scripts: each request is decoded and
 * recorded with its arrival time, then answered with the status (and headers) the script returns for it.
 */
final class ScriptedReceiver implements AutoCloseable {
    /** The script's answer to one request. */
    record Answer(int status, String retryAfter, String body) {
        static Answer ok() {
            return new Answer(204, null, "");
        }
    }

    /** One request as received. */
    record Received(long atNanos, List<WriteRequests.Series> series, String encoding, String version,
        String tenant, Answer answer) {
        int samples() {
            return WriteRequests.sampleCount(series);
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Function<Integer, Answer> script;

    ScriptedReceiver(final Function<Integer, Answer> script) throws Exception {
        this.script = script;
        server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
            .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void handle(final HttpServerRequest request) {
        request.body().onSuccess(body -> {
            final Answer answer = script.apply(received.size());
            received.add(new Received(System.nanoTime(), WriteRequests.decode(body.getBytes()),
                request.getHeader("Content-Encoding"), request.getHeader("X-Prometheus-Remote-Write-Version"),
                request.getHeader("X-Scope-OrgID"), answer));
            final var response = request.response().setStatusCode(answer.status());
            if (answer.retryAfter() != null) {
                response.putHeader("Retry-After", answer.retryAfter());
            }
            response.end(answer.body());
        });
    }

    void script(final Function<Integer, Answer> newScript) {
        this.script = newScript;
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/api/v1/write";
    }

    List<Received> received() {
        return received;
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
