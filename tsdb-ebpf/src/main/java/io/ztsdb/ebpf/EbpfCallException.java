// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf;

/**
 * A libbpf or kernel call failed with an errno; the message carries the operation, the errno name and a hint
 * that says what to do.
 */
public final class EbpfCallException extends EbpfException {
    private static final long serialVersionUID = 1L;

    /** The failed call with its subject. */
    private final String operation;
    /** The positive errno. */
    private final int errno;

    /**
     * Creates the exception.
     *
     * @param operation the failed call with its subject, e.g. {@code bpf_program__attach(ztsdb_cpu_btf)}.
     * @param errno     the positive errno.
     * @param message   the full message, with the hint.
     */
    public EbpfCallException(final String operation, final int errno, final String message) {
        super(message);
        this.operation = operation;
        this.errno = errno;
    }

    /**
     * Returns the call that failed.
     *
     * @return the failed call with its subject.
     */
    public String operation() {
        return operation;
    }

    /**
     * Returns the errno of the failure.
     *
     * @return the positive errno of the failure.
     */
    public int errno() {
        return errno;
    }
}
