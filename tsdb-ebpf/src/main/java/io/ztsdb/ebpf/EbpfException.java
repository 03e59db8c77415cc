// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf;

/**
 * Root of the unchecked exceptions thrown by the eBPF collector. The message names the missing piece and
 * the fix (no libbpf.so.1, no BTF, no CAP_BPF, verifier rejection).
 */
public class EbpfException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is missing and how to fix it.
     */
    public EbpfException(final String message) {
        super(message);
    }

    /**
     * @param message what is missing and how to fix it.
     * @param cause   the underlying failure.
     */
    public EbpfException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
