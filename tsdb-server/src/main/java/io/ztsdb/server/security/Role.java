// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.security;

import java.util.Locale;

/**
 * What a token may do. {@link #ADMIN} includes {@link #READ} and {@link #WRITE}.
 */
public enum Role {
    /** Queries, series and label listings, statistics. */
    READ,
    /** Inserts and series registrations. */
    WRITE,
    /** Everything, including administrative endpoints. */
    ADMIN;

    /** @return the role as the token file writes it: {@code read}, {@code write} or {@code admin}. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param text {@code read}, {@code write} or {@code admin}, case-insensitive.
     * @return the role, or null when the text names none.
     */
    public static Role parse(final String text) {
        for (final Role role : values()) {
            if (role.fileName().equalsIgnoreCase(text.strip())) {
                return role;
            }
        }
        return null;
    }
}
