// SPDX-License-Identifier: Apache-2.0
/**
 * Range queries over series chosen by id or by selector: the point limit, and the reduction of samples by step.
 */
package io.ztsdb.core.query;
