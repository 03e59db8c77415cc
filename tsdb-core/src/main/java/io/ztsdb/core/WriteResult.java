// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

/**
 * Outcome of a write: how many points were stored and how many were rejected by the out-of-order rule.
 *
 * @param acceptedPoints points stored.
 * @param rejectedPoints points rejected (out of order beyond the window, or otherwise refused); counted in
 *                       {@link TsdbStats#rejectedPoints()}.
 */
public record WriteResult(int acceptedPoints, int rejectedPoints) {
}
