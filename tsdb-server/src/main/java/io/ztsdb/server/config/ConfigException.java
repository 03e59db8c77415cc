// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.config;

/**
 * A setting has a bad value: a usage error (the CLI exits with code 2). The message names the option.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String option;

    /**
     * @param option the option at fault, e.g. {@code --port}.
     * @param reason what is wrong and what is expected.
     */
    public ConfigException(final String option, final String reason) {
        super(option + " " + reason);
        this.option = option;
    }

    /** @return the option at fault, e.g. {@code --port}. */
    public String option() {
        return option;
    }
}
