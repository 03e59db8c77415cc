// SPDX-License-Identifier: Apache-2.0
/**
 * The hook every ingest path calls after handing points to the engine: {@link io.ztsdb.server.ingest.IngestForwarder}.
 */
package io.ztsdb.server.ingest;
