// SPDX-License-Identifier: Apache-2.0
/**
 * The in-memory head: per series an open Gorilla chunk and a list of sealed chunks in native memory, sharded by
 * series id, and the cursor that decodes a query's chunks.
 */
package io.ztsdb.core.head;
