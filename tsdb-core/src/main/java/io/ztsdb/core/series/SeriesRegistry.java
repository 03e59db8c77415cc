// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.series;

import io.ztsdb.core.Labels;
import io.ztsdb.core.SeriesCollisionException;
import io.ztsdb.core.CorruptionException;
import org.agrona.collections.Long2LongHashMap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;

import static io.ztsdb.core.series.RegistryFileDescriptor.METRIC_LENGTH_OFFSET;
import static io.ztsdb.core.series.RegistryFileDescriptor.METRIC_OFFSET;
import static io.ztsdb.core.series.RegistryFileDescriptor.RECORD_HEADER_LENGTH;
import static io.ztsdb.core.series.RegistryFileDescriptor.SERIES_ID_OFFSET;

/**
 * Named series: metric name + labels to a stable id ({@link SeriesIds}), each with a dense ordinal (0, 1, 2,
 * ... in registration order) that the label index uses in its postings lists.
 * <p>
 * Registrations are appended to the registry file and forced to disk before the id is returned; the file is
 * replayed on open. Two different series with the same id are reported with a
 * {@link SeriesCollisionException}, never merged. Metric names, label names and values are interned, so a
 * value shared by many series (a container id across its ten metrics) is stored once.
 * <p>
 * Not thread-safe: {@link SeriesCatalog} guards it.
 */
public final class SeriesRegistry implements AutoCloseable {
    private static final long MISSING = -1;

    /** Records are written in pieces of about this size, then forced once. */
    private static final int WRITE_CHUNK_BYTES = 1 << 20;

    /** Derives a series id from its name; {@link SeriesIds#id} except in collision tests. */
    @FunctionalInterface
    interface IdFunction {
        long id(String metric, Labels labels);
    }

    private final Path file;
    private final IdFunction idFunction;
    private final RegistryLog log;
    private final Long2LongHashMap ordinalById = new Long2LongHashMap(1024, 0.65f, MISSING);
    private final HashMap<String, String> interned = new HashMap<>();
    /** Records being framed for one write; grown as needed. */
    private ByteBuffer records = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
    private RegisteredSeries[] byOrdinal = new RegisteredSeries[1024];
    private int size;

    private SeriesRegistry(final Path directory, final IdFunction idFunction) {
        this.file = directory.resolve(RegistryFileDescriptor.FILE_NAME);
        this.idFunction = idFunction;
        this.log = RegistryLog.open(directory, this::onReplay);
    }

    /**
     * Opens the registry of a data directory, replaying its file.
     *
     * @param directory the data directory.
     * @return the registry.
     */
    public static SeriesRegistry open(final Path directory) {
        return new SeriesRegistry(directory, SeriesIds::id);
    }

    static SeriesRegistry open(final Path directory, final IdFunction idFunction) {
        return new SeriesRegistry(directory, idFunction);
    }

    /** @return number of registered series; ordinals run from 0 to size - 1. */
    public int size() {
        return size;
    }

    /**
     * @param ordinal 0 to {@link #size()} - 1.
     * @return the series with that ordinal.
     */
    public RegisteredSeries byOrdinal(final int ordinal) {
        return byOrdinal[ordinal];
    }

    /**
     * @param seriesId a series id.
     * @return its ordinal, or -1 when no named series has that id.
     */
    public int ordinalOf(final long seriesId) {
        return (int) ordinalById.get(seriesId);
    }

    /** @return bytes in the registry file. */
    public long fileSizeBytes() {
        return log.sizeBytes();
    }

    /**
     * Registers named series, all or none, with one write and one fsync. Already registered ones keep their
     * id and ordinal.
     *
     * @param metrics metric names, validated here.
     * @param labels  labels, one per metric.
     * @param listener told of each newly registered series after it is durable; may be null.
     * @return the ids, in input order.
     * @throws SeriesCollisionException when one of them has the id of a different series.
     */
    public long[] register(final String[] metrics, final Labels[] labels, final Listener listener) {
        if (metrics.length != labels.length) {
            throw new IllegalArgumentException("one label set per metric: metrics=" + metrics.length +
                ", labels=" + labels.length);
        }
        final long[] ids = new long[metrics.length];
        final boolean[] fresh = new boolean[metrics.length];
        final Long2LongHashMap batch = metrics.length > 1 ? new Long2LongHashMap(MISSING) : null;
        int freshCount = 0;
        for (int i = 0; i < metrics.length; i++) {
            Labels.checkMetricName(metrics[i]);
            final long id = idFunction.id(metrics[i], labels[i]);
            ids[i] = id;
            final int ordinal = ordinalOf(id);
            if (ordinal >= 0) {
                checkSame(byOrdinal[ordinal], metrics[i], labels[i]);
                continue;
            }
            final int earlier = batch == null ? -1 : (int) batch.get(id);
            if (earlier >= 0) {
                if (!metrics[earlier].equals(metrics[i]) || !labels[earlier].equals(labels[i])) {
                    throw new SeriesCollisionException(id, SeriesIds.canonical(metrics[earlier], labels[earlier]),
                        SeriesIds.canonical(metrics[i], labels[i]));
                }
                continue;
            }
            if (batch != null) {
                batch.put(id, i);
            }
            fresh[i] = true;
            freshCount++;
        }
        if (freshCount > 0) {
            writeDurably(ids, metrics, labels, fresh);
            for (int i = 0; i < metrics.length; i++) {
                if (fresh[i]) {
                    final int ordinal = add(ids[i], metrics[i], labels[i]);
                    if (listener != null) {
                        listener.onRegistered(ordinal, byOrdinal[ordinal]);
                    }
                }
            }
        }
        return ids;
    }

    /** Told of each series added, during replay and after a durable registration. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param ordinal the series' ordinal.
         * @param series  the series.
         */
        void onRegistered(int ordinal, RegisteredSeries series);
    }

    /**
     * Replays every registered series into {@code listener}, in ordinal order.
     *
     * @param listener receives each series.
     */
    public void forEach(final Listener listener) {
        for (int i = 0; i < size; i++) {
            listener.onRegistered(i, byOrdinal[i]);
        }
    }

    @Override
    public void close() {
        log.close();
    }

    private void writeDurably(final long[] ids, final String[] metrics, final Labels[] labels,
        final boolean[] fresh) {
        try {
            int length = 0;
            for (int i = 0; i < ids.length; i++) {
                if (fresh[i]) {
                    length = encode(length, ids[i], metrics[i], labels[i]);
                    if (length >= WRITE_CHUNK_BYTES) {
                        log.write(records, length);
                        length = 0;
                    }
                }
            }
            log.write(records, length);
            log.commit();
        } catch (final RuntimeException ex) {
            log.rollback();
            throw ex;
        }
    }

    private static void checkSame(final RegisteredSeries existing, final String metric, final Labels labels) {
        if (!existing.sameName(metric, labels)) {
            throw new SeriesCollisionException(existing.seriesId(), existing.canonical(),
                SeriesIds.canonical(metric, labels));
        }
    }

    private int encode(final int recordOffset, final long id, final String metric, final Labels labels) {
        final int body = recordOffset + RECORD_HEADER_LENGTH;
        ensureRecordRoom(body + METRIC_LENGTH_OFFSET);
        records.putLong(body + SERIES_ID_OFFSET, id);
        int at = putString(body + METRIC_LENGTH_OFFSET, metric);
        ensureRecordRoom(at + Short.BYTES);
        records.putShort(at, (short) labels.size());
        at += Short.BYTES;
        for (int i = 0; i < labels.size(); i++) {
            at = putString(at, labels.name(i));
            at = putString(at, labels.value(i));
        }
        log.frame(records, recordOffset, at - body);
        return at;
    }

    private int putString(final int lengthOffset, final String value) {
        final byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        ensureRecordRoom(lengthOffset + Short.BYTES + utf8.length);
        records.putShort(lengthOffset, (short) utf8.length);
        records.put(lengthOffset + Short.BYTES, utf8);
        return lengthOffset + Short.BYTES + utf8.length;
    }

    private void ensureRecordRoom(final int length) {
        if (records.capacity() < length) {
            records = ByteBuffer.wrap(Arrays.copyOf(records.array(), Math.max(length, records.capacity() * 2)))
                .order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    private int add(final long id, final String metric, final Labels labels) {
        final String[] pairs = new String[labels.size() * 2];
        for (int i = 0; i < labels.size(); i++) {
            pairs[2 * i] = intern(labels.name(i));
            pairs[2 * i + 1] = intern(labels.value(i));
        }
        if (size == byOrdinal.length) {
            byOrdinal = Arrays.copyOf(byOrdinal, size * 2);
        }
        final int ordinal = size++;
        byOrdinal[ordinal] = new RegisteredSeries(id, intern(metric), Labels.of(pairs));
        ordinalById.put(id, ordinal);
        return ordinal;
    }

    private String intern(final String s) {
        final String existing = interned.putIfAbsent(s, s);
        return existing == null ? s : existing;
    }

    private void onReplay(final ByteBuffer buffer, final int body, final int bodyLength, final long fileOffset) {
        final int end = body + bodyLength;
        final long id = buffer.getLong(body + SERIES_ID_OFFSET);
        int at = body + METRIC_LENGTH_OFFSET;
        final int metricLength = lengthAt(buffer, at, end, fileOffset);
        if (body + METRIC_OFFSET + metricLength > end) {
            throw corrupt(fileOffset, "metric runs past the record");
        }
        final String metric = utf8(buffer, body + METRIC_OFFSET, metricLength);
        at = body + METRIC_OFFSET + metricLength;
        final int count = lengthAt(buffer, at, end, fileOffset);
        at += Short.BYTES;
        final String[] pairs = new String[count * 2];
        for (int i = 0; i < pairs.length; i++) {
            final int length = lengthAt(buffer, at, end, fileOffset);
            at += Short.BYTES;
            if (at + length > end) {
                throw corrupt(fileOffset, "label runs past the record");
            }
            pairs[i] = utf8(buffer, at, length);
            at += length;
        }
        if (at != end) {
            throw corrupt(fileOffset, "record has " + (end - at) + " trailing bytes");
        }
        final Labels labels;
        try {
            Labels.checkMetricName(metric);
            labels = Labels.of(pairs);
        } catch (final IllegalArgumentException ex) {
            throw corrupt(fileOffset, ex.getMessage());
        }
        if (idFunction.id(metric, labels) != id) {
            throw corrupt(fileOffset, "stored id " + Long.toUnsignedString(id) + " is not the hash of " +
                SeriesIds.canonical(metric, labels));
        }
        final int ordinal = ordinalOf(id);
        if (ordinal >= 0) {
            // A registration retried after a failed fsync can appear twice; identical duplicates are harmless.
            checkSame(byOrdinal[ordinal], metric, labels);
            return;
        }
        add(id, metric, labels);
    }

    private int lengthAt(final ByteBuffer buffer, final int at, final int end, final long fileOffset) {
        if (at + Short.BYTES > end) {
            throw corrupt(fileOffset, "length field runs past the record");
        }
        return buffer.getShort(at) & 0xFFFF;
    }

    private static String utf8(final ByteBuffer buffer, final int at, final int length) {
        final byte[] bytes = new byte[length];
        buffer.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private CorruptionException corrupt(final long fileOffset, final String reason) {
        return new CorruptionException(file, CorruptionException.NO_SEGMENT, fileOffset,
            "series registry record: " + reason);
    }
}
