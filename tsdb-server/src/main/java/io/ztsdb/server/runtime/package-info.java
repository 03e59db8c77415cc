// SPDX-License-Identifier: Apache-2.0
/**
 * A running server ({@link io.ztsdb.server.runtime.ServerRuntime}): opens the engine, starts the
 * {@link io.ztsdb.server.runtime.RuntimeComponent}s, then the TCP and HTTP front ends, and stops them in reverse
 * order. It hands each front end what it serves, so neither knows this package.
 */
package io.ztsdb.server.runtime;
