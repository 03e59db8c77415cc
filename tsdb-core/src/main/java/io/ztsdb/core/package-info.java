// SPDX-License-Identifier: Apache-2.0
/**
 * The API of the ztsdb storage engine, the one package {@code tsdb-core} exports.
 * <p>
 * {@link io.ztsdb.core.Tsdb} opens a data directory ({@link io.ztsdb.core.TsdbConfig} for the settings, {@link
 * io.ztsdb.core.WalSync} for the durability policy), stores points one by one or in batches laid out as {@link
 * io.ztsdb.core.PointDescriptor} records, and reads them back: raw or aggregated ({@link
 * io.ztsdb.core.Aggregation}) through a {@link io.ztsdb.core.SampleCursor} per series, or for every series a
 * {@link io.ztsdb.core.SeriesSelector} picks through a {@link io.ztsdb.core.SeriesCursor}. Named series carry a
 * metric name and {@link io.ztsdb.core.Labels}; {@link io.ztsdb.core.SeriesInfo}, {@link
 * io.ztsdb.core.TsdbStats} and {@link io.ztsdb.core.StorageStats} describe what is stored. Errors are unchecked
 * {@link io.ztsdb.core.TsdbException}s, with subclasses for corrupt files, selector syntax, series id collisions
 * and query limits.
 * <p>
 * Everything else in {@code tsdb-core} is internal: the types of this package use none of it, and only {@code
 * Tsdb} reaches into it (see {@code docs/architecture.md}).
 */
package io.ztsdb.core;
