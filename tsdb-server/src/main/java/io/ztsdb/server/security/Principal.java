// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.security;

import java.util.EnumSet;
import java.util.Set;

/**
 * An authenticated caller: the name of its token-file entry and its roles. Never holds the token.
 *
 * @param name  the entry's name, safe to log.
 * @param roles its roles.
 */
public record Principal(String name, Set<Role> roles) {
    /** Copies the roles. */
    public Principal {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    /**
     * @param role the role a request needs.
     * @return whether this principal has it ({@link Role#ADMIN} has every role).
     */
    public boolean may(final Role role) {
        return roles.contains(role) || roles.contains(Role.ADMIN);
    }
}
