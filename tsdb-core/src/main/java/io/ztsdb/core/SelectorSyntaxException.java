// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

/**
 * A series selector could not be parsed; {@link #position()} points at the offending character.
 */
public final class SelectorSyntaxException extends TsdbException {
    private static final long serialVersionUID = 1L;

    /** The text being parsed. */
    private final String selector;
    /** Zero-based index of the problem in the selector. */
    private final int position;

    /**
     * Creates the exception for a problem at one position of a selector.
     *
     * @param selector the text being parsed.
     * @param position zero-based index of the problem in {@code selector}.
     * @param problem  what is wrong, e.g. "expected '=', '!=', '=~' or '!~'".
     */
    public SelectorSyntaxException(final String selector, final int position, final String problem) {
        super("bad selector at position " + position + ": " + problem + ": selector=" + selector);
        this.selector = selector;
        this.position = position;
    }

    /** {@return the text being parsed} */
    public String selector() {
        return selector;
    }

    /** {@return zero-based index of the problem} */
    public int position() {
        return position;
    }
}
