// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

/**
 * Layout of the auth (0x04) payload: the credential a client presents before its first request to a server that
 * runs with authentication.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+---------------+-------------------------------+
 *  |  scheme (u8)  | reserved, 0   |     token length (u16 LE)     |
 *  +---------------+---------------+-------------------------------+
 *  |                     token (bytes)                            ...
 *  +---------------------------------------------------------------+
 * </pre>
 * Scheme {@link #SCHEME_BEARER} (1) is the only one defined: the token is the secret of the server's token file, as
 * sent in an HTTP {@code Authorization: Bearer} header. The token must end exactly at the end of the payload.
 */
public final class AuthDescriptor {
    /** Offset of the scheme byte. */
    public static final int SCHEME_OFFSET = 0;
    /** Offset of the reserved byte. */
    public static final int RESERVED_OFFSET = SCHEME_OFFSET + 1;
    /** Offset of the token's length. */
    public static final int TOKEN_LENGTH_OFFSET = RESERVED_OFFSET + 1;
    /** Offset of the token's bytes. */
    public static final int TOKEN_OFFSET = TOKEN_LENGTH_OFFSET + Short.BYTES;
    /** Shortest payload: the fixed fields and an empty token. */
    public static final int MIN_LENGTH = TOKEN_OFFSET;
    /** Longest token in bytes. */
    public static final int MAX_TOKEN_LENGTH = 0xFFFF;
    /** Scheme code of a bearer token. */
    public static final int SCHEME_BEARER = 1;

    private AuthDescriptor() {
    }
}
