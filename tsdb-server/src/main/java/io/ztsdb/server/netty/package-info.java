// SPDX-License-Identifier: Apache-2.0
/**
 * Adapters that keep the Netty and Vert.x-internal calls of the server's front ends in one place, so the
 * protocol code above them uses only public APIs.
 */
package io.ztsdb.server.netty;
