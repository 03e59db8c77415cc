// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.runtime;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.ext.web.Router;

import java.io.IOException;

/**
 * A part of the server that lives between the engine and the network front ends, such as the eBPF
 * collector of {@code tsvdb collect}. {@link ServerRuntime} starts components after the engine and before
 * the TCP and HTTP servers, and closes them in reverse order after the front ends have stopped.
 */
public interface RuntimeComponent extends AutoCloseable {
    /** @return short name, also the key of this component's object in {@code GET /stats}. */
    String name();

    /**
     * Starts the component; the engine ({@link ServerRuntime#tsdb()}) and Vert.x are up, the front ends not yet.
     *
     * @param runtime the server being started.
     * @throws StartupException when the component cannot run; the server then stops with exit code 1.
     */
    void start(ServerRuntime runtime);

    /**
     * Adds the component's HTTP routes, if any, before the catch-all 404 handler.
     *
     * @param router the HTTP API's router.
     */
    default void addRoutes(final Router router) {
    }

    /**
     * Writes the fields of this component's object in {@code GET /stats}; the object is already open.
     *
     * @param json the generator positioned inside the component's object.
     * @throws IOException from the generator.
     */
    default void writeStats(final JsonGenerator json) throws IOException {
    }

    /** Stops the component and releases what it holds; idempotent, must not throw. */
    @Override
    void close();
}
