// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.cli;

import io.ztsdb.server.config.ConfigException;
import io.ztsdb.server.config.ConfigValues;
import io.ztsdb.server.remotewrite.RemoteWriteConfig;
import io.ztsdb.server.remotewrite.RemoteWriteSender;
import io.ztsdb.server.runtime.RuntimeComponent;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The remote-write sender's options, shared by {@code serve} and {@code collect}: with {@code --remote-write-url},
 * everything the server ingests is also sent to that Prometheus remote-write receiver.
 */
final class RemoteWriteOptions {
    @Option(names = "--remote-write-url", paramLabel = "URL", description = "Also send everything ingested to this "
        + "Prometheus remote-write receiver (e.g. http://vm:8428/api/v1/write), through a durable queue in "
        + "<data-dir>/remote-write.")
    String url;

    @Option(names = "--remote-write-header", paramLabel = "NAME=VALUE", description = "Extra HTTP header of every "
        + "remote-write request, e.g. Authorization=Bearer\\ x or X-Scope-OrgID=team (repeatable).")
    List<String> headers = new ArrayList<>();

    @Option(names = "--remote-write-max-lag", paramLabel = "DURATION", defaultValue = "1h", description = "How long "
        + "queued samples wait for an unreachable receiver before they are dropped, counted and logged "
        + "(default: ${DEFAULT-VALUE}).")
    String maxLag;

    @Option(names = "--remote-write-max-queue", paramLabel = "SIZE", defaultValue = "8g", description = "Largest "
        + "remote-write queue on disk; the oldest samples beyond it are dropped, counted and logged "
        + "(default: ${DEFAULT-VALUE}).")
    String maxQueue;

    @Option(names = "--remote-write-shards", paramLabel = "N", defaultValue = "" + RemoteWriteConfig.SHARDS_DEFAULT,
        description = "Parallel remote-write requests, each for its share of the series (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--remote-write-max-samples", paramLabel = "N",
        defaultValue = "" + RemoteWriteConfig.MAX_SAMPLES_PER_REQUEST_DEFAULT,
        description = "Most samples per remote-write request (default: ${DEFAULT-VALUE}).")
    int maxSamples;

    @Option(names = "--remote-write-deadline", paramLabel = "DURATION", defaultValue = "1s", description = "Longest "
        + "wait for a remote-write request to fill before a smaller one is sent (default: ${DEFAULT-VALUE}).")
    String deadline;

    /**
     * @return the sender to run as a component, empty without {@code --remote-write-url}.
     * @throws ConfigException on a bad value (exit code 2).
     */
    Optional<RuntimeComponent> sender() {
        if (url == null) {
            if (!headers.isEmpty()) {
                throw new ConfigException("--remote-write-header", "needs --remote-write-url");
            }
            return Optional.empty();
        }
        return Optional.of(new RemoteWriteSender(config()));
    }

    RemoteWriteConfig config() {
        final RemoteWriteConfig config = new RemoteWriteConfig();
        try {
            config.url(new URI(url));
        } catch (final URISyntaxException | IllegalArgumentException ex) {
            throw new ConfigException("--remote-write-url", "must be an http:// or https:// URL with a host, got "
                + url);
        }
        for (final String header : headers) {
            final int eq = header.indexOf('=');
            if (eq <= 0 || !header.substring(0, eq).chars().allMatch(RemoteWriteOptions::isTokenChar)) {
                throw new ConfigException("--remote-write-header", "must be NAME=VALUE with an HTTP header name, got "
                    + header);
            }
            config.header(header.substring(0, eq), header.substring(eq + 1));
        }
        config.maxLagMillis(positive("--remote-write-max-lag", ConfigValues.parseDurationMillis(
            "--remote-write-max-lag", maxLag)));
        config.maxQueueBytes(positive("--remote-write-max-queue", ConfigValues.parseSizeBytes(
            "--remote-write-max-queue", maxQueue)));
        config.batchDeadlineMillis(positive("--remote-write-deadline", ConfigValues.parseDurationMillis(
            "--remote-write-deadline", deadline)));
        if (shards < 1 || shards > 64) {
            throw new ConfigException("--remote-write-shards", "must be 1 to 64, got " + shards);
        }
        config.shards(shards);
        config.maxSamplesPerRequest((int) positive("--remote-write-max-samples", maxSamples));
        return config;
    }

    private static long positive(final String option, final long value) {
        if (value <= 0) {
            throw new ConfigException(option, "must be positive, got " + value);
        }
        return value;
    }

    private static boolean isTokenChar(final int c) {
        return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }
}
