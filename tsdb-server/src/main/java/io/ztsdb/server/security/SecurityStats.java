// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.security;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ztsdb.server.stats.StatsContributor;

import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ObjLongConsumer;

/**
 * The counters of {@link SecurityCounter}, since the server started: the object {@code security} of
 * {@code GET /stats}. Thread-safe; {@link #forEach} lists them all, for any other exposition.
 */
public final class SecurityStats implements StatsContributor {
    private final LongAdder[] counters = new LongAdder[SecurityCounter.values().length];

    /** Creates zeroed counters. */
    public SecurityStats() {
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new LongAdder();
        }
    }

    /** @param counter counts one more. */
    public void increment(final SecurityCounter counter) {
        counters[counter.ordinal()].increment();
    }

    /**
     * @param counter a counter.
     * @return its value.
     */
    public long get(final SecurityCounter counter) {
        return counters[counter.ordinal()].sum();
    }

    /** @param visitor receives every counter with its value, in declaration order. */
    public void forEach(final ObjLongConsumer<SecurityCounter> visitor) {
        for (final SecurityCounter counter : SecurityCounter.values()) {
            visitor.accept(counter, get(counter));
        }
    }

    @Override
    public String name() {
        return "security";
    }

    @Override
    public void writeStats(final JsonGenerator json) throws IOException {
        for (final SecurityCounter counter : SecurityCounter.values()) {
            json.writeNumberField(counter.statsName(), get(counter));
        }
    }

    void tokensReloaded() {
        increment(SecurityCounter.TOKEN_RELOADS);
    }

    void tokenReloadFailed() {
        increment(SecurityCounter.TOKEN_RELOAD_FAILURES);
    }
}
