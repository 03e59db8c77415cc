// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.runtime;

import io.ztsdb.server.stats.StatsContributor;

/**
 * A part of the server that lives between the engine and the network front ends, such as the eBPF
 * collector of {@code tsvdb collect}. {@link ServerRuntime} starts components after the engine and before
 * the TCP and HTTP servers, and closes them in reverse order after the front ends have stopped. Each shows its
 * state as an object of {@code GET /stats} named after it.
 */
public interface RuntimeComponent extends StatsContributor, AutoCloseable {
    /**
     * Starts the component; the engine ({@link ServerRuntime#tsdb()}) and Vert.x are up, the front ends not yet.
     *
     * @param runtime the server being started.
     * @throws StartupException when the component cannot run; the server then stops with exit code 1.
     */
    void start(ServerRuntime runtime);

    /** Stops the component and releases what it holds; idempotent, must not throw. */
    @Override
    void close();
}
