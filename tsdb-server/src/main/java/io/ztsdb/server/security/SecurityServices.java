// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.security;

import io.ztsdb.server.config.SecurityConfig;

import java.util.List;
import java.util.function.Consumer;

/**
 * The security parts of a running server, shared by its front ends: the token store (when authentication is on),
 * the TLS files (when TLS is on), the reload thread and the counters.
 */
public final class SecurityServices implements AutoCloseable {
    private final SecurityConfig config;
    private final SecurityStats stats = new SecurityStats();
    private final FileReloader reloader;
    private final TokenStore tokens;
    private final TlsFiles tls;

    private SecurityServices(final SecurityConfig config) {
        this.config = config;
        this.tls = config.tlsEnabled() ? new TlsFiles(config.tlsCert(), config.tlsKey(), config.tlsClientCa()) : null;
        if (tls != null) {
            tls.checkReadable();
        }
        this.tokens = config.authEnabled() ? TokenStore.open(config.authFile(), stats) : null;
        this.reloader = new FileReloader(config.reloadIntervalMillis());
        if (tokens != null) {
            reloader.watch("token file " + tokens.path(), List.of(tokens.path()), tokens::reload);
        }
        ReloadSignal.register(reloader);
    }

    /**
     * Reads the token file and checks the TLS files.
     *
     * @param config the settings.
     * @return the services.
     * @throws TokenFileException       when the token file is unreadable or malformed.
     * @throws IllegalArgumentException when a TLS file is not readable.
     */
    public static SecurityServices start(final SecurityConfig config) {
        return new SecurityServices(config);
    }

    /** @return the settings. */
    public SecurityConfig config() {
        return config;
    }

    /** @return the counters of refusals and limits. */
    public SecurityStats stats() {
        return stats;
    }

    /** @return the tokens in force, or null when authentication is off. */
    public TokenStore tokens() {
        return tokens;
    }

    /** @return the TLS files, or null when TLS is off. */
    public TlsFiles tls() {
        return tls;
    }

    /**
     * Reloads a listener's certificate when a TLS file changes or on SIGHUP.
     *
     * @param listener the listener, e.g. "binary protocol".
     * @param update   applies the files as they are now; throws when they are invalid.
     */
    public void onCertificateChange(final String listener, final Consumer<TlsFiles> update) {
        if (tls == null) {
            return;
        }
        reloader.watch("TLS certificate of the " + listener, tls.files(), () -> {
            try {
                update.accept(tls);
            } catch (final RuntimeException ex) {
                stats.increment(SecurityCounter.CERTIFICATE_RELOAD_FAILURES);
                throw ex;
            }
            stats.increment(SecurityCounter.CERTIFICATE_RELOADS);
        });
    }

    /** Runs every reload now, as SIGHUP does. */
    public void reloadAll() {
        reloader.reloadAll();
    }

    @Override
    public void close() {
        ReloadSignal.unregister(reloader);
        reloader.close();
    }
}
