// SPDX-License-Identifier: Apache-2.0
/**
 * The file-system calls of the engine behind one facade ({@link io.ztsdb.core.io.FileOps}), so that tests can
 * fail any of them, and the zero-padded sequence names of WAL and block files.
 */
package io.ztsdb.core.io;
