// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.security;

import java.nio.file.Path;

/**
 * The token file cannot be read or has a malformed line. The message names the file and the line number, never the
 * line's content.
 */
public final class TokenFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param path       the file.
     * @param lineNumber the line at fault from 1, 0 for the whole file.
     * @param reason     what is wrong.
     */
    public TokenFileException(final Path path, final int lineNumber, final String reason) {
        super("token file " + path + (lineNumber > 0 ? ", line " + lineNumber : "") + ": " + reason);
    }
}
