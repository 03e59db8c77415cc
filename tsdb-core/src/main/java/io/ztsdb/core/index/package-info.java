// SPDX-License-Identifier: Apache-2.0
/**
 * The label index of the named series: postings lists of series ordinals per label value, intersected and merged
 * to answer selectors.
 */
package io.ztsdb.core.index;
