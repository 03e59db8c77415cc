// SPDX-License-Identifier: Apache-2.0
/**
 * Native memory: the one allocator, with byte counters per use ({@link io.ztsdb.core.memory.NativeMemory}), and
 * the release of the C allocator's free pages back to the system.
 */
package io.ztsdb.core.memory;
