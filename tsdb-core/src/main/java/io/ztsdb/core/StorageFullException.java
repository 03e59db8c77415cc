// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

/**
 * The disk holding the write-ahead log is full: the append was refused and nothing of it is stored. The log resumes
 * by itself on a new segment once space is back (checked at most once a second, on the next append or maintenance
 * tick); appends before this one are kept.
 */
public final class StorageFullException extends TsdbException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the refusal.
     *
     * @param message what was refused, and the directory.
     * @param cause   the file system's error (ENOSPC), or null for a refusal while still full.
     */
    public StorageFullException(final String message, final Throwable cause) {
        super(message, cause);
    }

    /**
     * Tells a full disk from other I/O failures.
     *
     * @param failure any exception.
     * @return whether it, or one of its causes, says the device has no space left.
     */
    public static boolean isNoSpace(final Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StorageFullException) {
                return true;
            }
            final String message = t.getMessage();
            if (t instanceof java.io.IOException && message != null
                && (message.contains("No space left on device") || message.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }
}
