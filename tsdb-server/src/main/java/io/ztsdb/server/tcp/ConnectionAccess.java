// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.tcp;

import io.ztsdb.protocol.AuthFlyweight;
import io.ztsdb.protocol.ErrorCode;
import io.ztsdb.protocol.MessageType;
import io.ztsdb.server.security.Principal;
import io.ztsdb.server.security.Role;
import io.ztsdb.server.security.TokenHash;
import io.ztsdb.server.security.TokenStore;

import java.nio.ByteBuffer;

/**
 * Who the peer of one connection is, and whether it may send a request. Without a token store every request is
 * allowed (and an auth frame is answered ok). With one, the first request must be auth (ping aside, the liveness
 * probe); each request type needs a role: inserts and registrations {@link Role#WRITE}, queries {@link Role#READ}.
 * <p>
 * The connection keeps the token's hash, never the token: after the token file is reloaded the caller is looked up
 * again by hash, so a token removed from the file stops working on open connections too.
 */
final class ConnectionAccess {
    private final TokenStore tokens;
    private final AuthFlyweight auth = new AuthFlyweight();
    private byte[] tokenHash;
    private Principal principal;
    private long generation;

    /** Why a request is refused; the message never quotes a token. */
    record Refusal(ErrorCode code, String message) {
    }

    /** @param tokens the tokens in force, or null when authentication is off. */
    ConnectionAccess(final TokenStore tokens) {
        this.tokens = tokens;
    }

    /**
     * Takes an auth frame.
     *
     * @return null when the token is known (or authentication is off), else the refusal.
     * @throws io.ztsdb.protocol.ProtocolException when the payload is malformed.
     */
    Refusal authenticate(final ByteBuffer buffer, final int offset, final int length) {
        auth.wrap(buffer, offset, length);
        if (tokens == null) {
            return null;
        }
        final byte[] token = auth.tokenBytes();
        final byte[] hash = TokenHash.sha256(token);
        java.util.Arrays.fill(token, (byte)0);
        final Principal found = tokens.lookup(hash);
        if (found == null) {
            principal = null;
            tokenHash = null;
            return new Refusal(ErrorCode.UNAUTHENTICATED, "unknown token");
        }
        principal = found;
        tokenHash = hash;
        generation = tokens.generation();
        return null;
    }

    /**
     * @param type a request type.
     * @return null when the peer may send it, else the refusal.
     */
    Refusal check(final int type) {
        final Role role = requiredRole(type);
        if (tokens == null || role == null) {
            return null;
        }
        if (principal == null) {
            return new Refusal(ErrorCode.UNAUTHENTICATED, "authentication required: send an auth frame with a "
                + "token before " + MessageType.name(type) + " (the server runs with --auth-file)");
        }
        if (generation != tokens.generation()) {
            generation = tokens.generation();
            principal = tokens.lookup(tokenHash);
            if (principal == null) {
                return new Refusal(ErrorCode.UNAUTHENTICATED, "the token is no longer valid (token file reloaded)");
            }
        }
        if (!principal.may(role)) {
            return new Refusal(ErrorCode.FORBIDDEN, "token '" + principal.name() + "' lacks the "
                + role.fileName() + " role that " + MessageType.name(type) + " needs");
        }
        return null;
    }

    /** @return the authenticated caller, or null. */
    Principal principal() {
        return principal;
    }

    private static Role requiredRole(final int type) {
        return switch (type) {
            case MessageType.INSERT, MessageType.INSERT_BATCH, MessageType.REGISTER_SERIES -> Role.WRITE;
            case MessageType.QUERY -> Role.READ;
            default -> null;
        };
    }
}
