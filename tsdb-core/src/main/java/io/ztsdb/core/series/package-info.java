// SPDX-License-Identifier: Apache-2.0
/**
 * Named series: their stable ids (a hash of the name), the durable registry file and the catalog that pairs the
 * registry with the label index.
 */
package io.ztsdb.core.series;
