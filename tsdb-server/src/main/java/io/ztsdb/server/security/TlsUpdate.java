// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.security;

import io.vertx.core.Future;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for a listener's {@code updateSSLOptions} on the reload thread, so that a bad certificate is reported (and
 * counted) as a failed reload while the certificate in force stays.
 */
public final class TlsUpdate {
    private static final long TIMEOUT_SECONDS = 30;

    private TlsUpdate() {
    }

    /**
     * @param update the listener's update.
     * @throws IllegalStateException when the files are invalid or the update did not finish in time.
     */
    public static void await(final Future<Boolean> update) {
        try {
            update.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (final ExecutionException ex) {
            throw new IllegalStateException("invalid certificate or key: " + ex.getCause().getMessage(), ex);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        } catch (final TimeoutException ex) {
            throw new IllegalStateException("certificate update timed out", ex);
        }
    }
}
