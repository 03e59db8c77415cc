// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.cli;

import io.ztsdb.server.config.ConfigValues;
import io.ztsdb.server.config.ServerConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The engine's storage options, shared by every command that runs an engine ({@code serve}, {@code collect}).
 */
final class StorageOptions {
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory, created if missing "
        + "(default: ${DEFAULT-VALUE}).", defaultValue = ServerConfig.DATA_DIR_DEFAULT)
    Path dataDir;

    @Option(names = "--wal-sync", paramLabel = "POLICY", defaultValue = "fsync", description = "When a write "
        + "is acknowledged: fsync (on disk, group commit; the default), interval=<ms> (written, forced every "
        + "<ms>) or none.")
    String walSync;

    @Option(names = "--retention", paramLabel = "DURATION", defaultValue = "0", description = "Delete data older "
        + "than this, e.g. 15d, 12h (default: 0, keep everything).")
    String retention;

    @Option(names = "--head-memory", paramLabel = "SIZE", defaultValue = ServerConfig.HEAD_MEMORY_DEFAULT,
        description = "Memory limit of the in-memory head, e.g. 64m, 1g: sealed chunks are written to blocks from "
        + "half of it, during WAL replay too (default: ${DEFAULT-VALUE}). JVM limits: TSVDB_JAVA_OPTS.")
    String headMemory;

    /**
     * Parses the options into {@code config}: the one place where their text becomes typed values (the WAL
     * policy through {@link ServerConfig#walSync}, which hands it to the engine's parser).
     *
     * @throws io.ztsdb.server.config.ConfigException on a bad value (exit code 2).
     */
    ServerConfig applyTo(final ServerConfig config) {
        return config.dataDir(dataDir)
            .retentionMillis(ConfigValues.parseDurationMillis("--retention", retention))
            .headMemoryLimitBytes(ConfigValues.parseSizeBytes("--head-memory", headMemory))
            .walSync(walSync);
    }
}
