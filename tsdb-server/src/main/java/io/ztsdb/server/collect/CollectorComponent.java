// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.collect;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ztsdb.core.PointDescriptor;
import io.ztsdb.core.Tsdb;
import io.ztsdb.core.WriteResult;
import io.ztsdb.ebpf.CollectorConfig;
import io.ztsdb.ebpf.CollectorMode;
import io.ztsdb.ebpf.CollectorStats;
import io.ztsdb.ebpf.ContainerInfo;
import io.ztsdb.ebpf.EbpfCollector;
import io.ztsdb.ebpf.SampleSink;
import io.ztsdb.server.ingest.IngestForwarder;
import io.ztsdb.server.runtime.RuntimeComponent;
import io.ztsdb.server.runtime.ServerRuntime;
import io.ztsdb.server.runtime.StartupException;
import org.agrona.ExpandableDirectByteBuffer;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code tsvdb collect}'s part of the server: runs the {@link EbpfCollector} and writes its samples into the
 * engine as named series ({@code container.cpu.usage{container_id=…,container_name=…,runtime=…}} …). Shows its
 * state under {@code "collector"} in {@code GET /stats}.
 */
public final class CollectorComponent implements RuntimeComponent, SampleSink {
    private final CollectorConfig config;
    private final PrintWriter debugOut;
    private EbpfCollector collector;
    private ContainerSeries series;
    private Tsdb tsdb;
    private IngestForwarder forwarder = IngestForwarder.NONE;
    private volatile long samplesWritten;
    private volatile long samplesRejected;
    private int roundSamples;
    private volatile long writeErrors;
    private volatile String lastWriteError;
    /** One round's points, {@code seriesId u64 | timestampMillis i64 | value f64} little-endian. */
    private final ExpandableDirectByteBuffer batch = new ExpandableDirectByteBuffer(64 * 1024);

    /**
     * @param config   the collector settings.
     * @param debugOut where {@code --debug} prints one line per round, or null.
     */
    public CollectorComponent(final CollectorConfig config, final PrintWriter debugOut) {
        this.config = config;
        this.debugOut = debugOut;
    }

    @Override
    public String name() {
        return "collector";
    }

    @Override
    public void start(final ServerRuntime runtime) {
        tsdb = runtime.tsdb();
        forwarder = runtime.forwarder();
        series = new ContainerSeries(tsdb);
        collector = new EbpfCollector(config, this);
        try {
            collector.start();
        } catch (final RuntimeException e) {
            collector.close();
            throw new StartupException("cannot start the collector: " + e.getMessage(), e);
        }
    }

    /**
     * @return the running collector (null before start).
     */
    public EbpfCollector collector() {
        return collector;
    }

    /** Buffers the sample; the round's samples go to the engine in one batch (one WAL write and fsync). */
    @Override
    public void onSample(final String metricName, final Map<String, String> labels, final long timestampMillis,
                         final double value) {
        final int offset = roundSamples * PointDescriptor.LENGTH;
        batch.putLong(offset, series.idOf(metricName, labels), ByteOrder.LITTLE_ENDIAN);
        batch.putLong(offset + Long.BYTES, timestampMillis, ByteOrder.LITTLE_ENDIAN);
        batch.putDouble(offset + 2 * Long.BYTES, value, ByteOrder.LITTLE_ENDIAN);
        roundSamples++;
    }

    @Override
    public void onRoundComplete(final long timestampMillis) {
        if (roundSamples > 0) {
            try {
                final MemorySegment points = MemorySegment.ofBuffer(batch.byteBuffer());
                final WriteResult result = forwarder.forward(points, 0, roundSamples,
                    CompletableFuture.completedFuture(tsdb.insertBatch(points, 0, roundSamples))).join();
                samplesWritten += result.acceptedPoints();
                samplesRejected += result.rejectedPoints();
            } catch (final RuntimeException e) {
                writeErrors++;
                lastWriteError = String.valueOf(e.getMessage());
            }
        }
        if (debugOut != null) {
            final CollectorStats s = collector.stats();
            debugOut.printf("collect: round at %d ms: %d containers, %d samples, %.3f ms (cpu %.3f ms), mode %s%n",
                timestampMillis, s.containers(), roundSamples, s.lastRoundNanos() / 1e6, s.lastRoundCpuNanos() / 1e6,
                s.mode().label());
            debugOut.flush();
        }
        roundSamples = 0;
    }

    @Override
    public void writeStats(final JsonGenerator json) throws IOException {
        if (collector == null) {
            json.writeStringField("mode", CollectorMode.STOPPED.label());
            return;
        }
        final CollectorStats s = collector.stats();
        json.writeStringField("mode", s.mode().label());
        writeStrings(json, "programs_attached", s.programsAttached());
        writeStrings(json, "failures", s.failures());
        writeStrings(json, "missing_metrics", s.missingMetrics());
        json.writeNumberField("containers", s.containers());
        json.writeNumberField("rounds", s.rounds());
        json.writeNumberField("discoveries", s.discoveries());
        json.writeNumberField("last_round_ms", s.lastRoundNanos() / 1e6);
        json.writeNumberField("last_round_cpu_ms", s.lastRoundCpuNanos() / 1e6);
        json.writeNumberField("last_discovery_ms", s.lastDiscoveryNanos() / 1e6);
        json.writeNumberField("errors", s.errors());
        json.writeStringField("last_error", s.lastError());
        json.writeNumberField("samples_written", samplesWritten);
        json.writeNumberField("samples_rejected", samplesRejected);
        json.writeNumberField("write_errors", writeErrors);
        json.writeStringField("last_write_error", lastWriteError);
        json.writeNumberField("interval_ms", config.intervalMillis());
        json.writeNumberField("discovery_interval_ms", config.discoveryIntervalMillis());
        json.writeArrayFieldStart("container_list");
        for (final ContainerInfo c : collector.containers()) {
            json.writeStartObject();
            json.writeStringField("container_id", c.containerId());
            json.writeStringField("container_name", c.name());
            json.writeStringField("runtime", c.runtime());
            json.writeStringField("cgroup_id", Long.toUnsignedString(c.cgroupId())); // u64: a string for JSON
            json.writeStringField("cgroup", c.cgroupPath());
            json.writeObjectFieldStart("labels");
            for (final Map.Entry<String, String> label : c.labels().entrySet()) {
                json.writeStringField(label.getKey(), label.getValue());
            }
            json.writeEndObject();
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void writeStrings(final JsonGenerator json, final String field, final List<String> values)
        throws IOException {
        json.writeArrayFieldStart(field);
        for (final String v : values) {
            json.writeString(v);
        }
        json.writeEndArray();
    }

    @Override
    public void close() {
        if (collector != null) {
            collector.close();
        }
    }
}
