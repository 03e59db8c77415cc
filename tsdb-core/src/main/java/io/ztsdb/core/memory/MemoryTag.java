// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.memory;

/**
 * What a block of native memory is used for; {@link NativeMemory} keeps one byte counter per tag.
 */
public enum MemoryTag {
    /** The growing open chunk of a head series. */
    HEAD_OPEN_CHUNK,
    /** Immutable sealed chunks held by the head (including chunks loaded back from storage). */
    HEAD_SEALED_CHUNK,
    /** WAL write buffers. */
    WAL,
    /** Persistent block buffers (not the mapped files themselves). */
    BLOCK,
    /** Scratch buffers of codecs, cursors and benchmarks. */
    SCRATCH,
    /** Anything else. */
    OTHER
}
