// SPDX-License-Identifier: Apache-2.0
/**
 * Who may do what, and over which channel: the token file (hashed tokens with roles, reloaded on change or SIGHUP),
 * the TLS settings of the listeners (PEM files, reloaded on change), the reload thread, and the counters of every
 * refusal and limit. Used by the TCP and HTTP front ends; knows neither of them.
 */
package io.ztsdb.server.security;
