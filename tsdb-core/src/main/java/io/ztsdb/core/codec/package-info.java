// SPDX-License-Identifier: Apache-2.0
/**
 * Chunk encodings, pure and without I/O: the chunk header ({@link io.ztsdb.core.codec.ChunkDescriptor}) and the
 * Gorilla XOR encoder and decoder, with golden vectors in the tests.
 */
package io.ztsdb.core.codec;
