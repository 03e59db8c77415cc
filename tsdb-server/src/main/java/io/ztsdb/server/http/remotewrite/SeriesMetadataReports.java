// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.remotewrite;

import io.ztsdb.server.ingest.ByteArray;
import io.ztsdb.server.ingest.MetricMetadataStore;
import io.ztsdb.server.ingest.SeriesIdCache;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static io.ztsdb.server.http.remotewrite.RemoteWriteV2Descriptor.TYPE_GAUGEHISTOGRAM;
import static io.ztsdb.server.http.remotewrite.RemoteWriteV2Descriptor.TYPE_HISTOGRAM;
import static io.ztsdb.server.http.remotewrite.RemoteWriteV2Descriptor.TYPE_SUMMARY;

/**
 * Keeps the per-series metadata of 2.0 requests (type, help, unit) in the {@link MetricMetadataStore} that 1.0's
 * {@code MetricMetadata} feeds, under the metric family's name: the series' {@code __name__}, without the
 * {@code _bucket}, {@code _sum} and {@code _count} suffixes of a histogram's or summary's series, as 1.0 senders name
 * the family. Every series of a 2.0 request carries its metadata; a report identical to one already kept (same
 * family, type, help and unit bytes) costs one hash and compare and no object. Metadata whose text is not UTF-8 is
 * not kept (the samples still are, as Prometheus' receiver does with metadata it cannot store).
 */
final class SeriesMetadataReports {
    private static final byte SEPARATOR = (byte) 0xff; // never a byte of UTF-8
    private static final byte[][] HISTOGRAM_SUFFIXES = {bytes("_bucket"), bytes("_sum"), bytes("_count")};
    private static final byte[][] SUMMARY_SUFFIXES = {bytes("_sum"), bytes("_count")};
    private static final byte[][] NO_SUFFIXES = {};

    private final MetricMetadataStore store;
    private final SeriesIdCache kept = new SeriesIdCache(16 << 20);

    /** @param store where the metadata is kept. */
    SeriesMetadataReports(final MetricMetadataStore store) {
        this.store = store;
    }

    /**
     * Keeps the metadata of one series unless it says nothing (type unspecified, no help, no unit).
     *
     * @param body    the decompressed request.
     * @param name    the symbol entry of the series' {@code __name__}.
     * @param type    the {@code MetricType} number.
     * @param help    the symbol entry of the help text, or -1 for none.
     * @param unit    the symbol entry of the unit, or -1 for none.
     * @param scratch room to build the report's key in, after its content (restored).
     */
    void report(final byte[] body, final long name, final long type, final long help, final long unit,
        final ByteArray scratch) {
        final int helpLength = help < 0 ? 0 : SymbolTable.length(help);
        final int unitLength = unit < 0 ? 0 : SymbolTable.length(unit);
        if (type == 0 && helpLength == 0 && unitLength == 0) {
            return;
        }
        final int familyLength = familyLength(body, name, type);
        final int start = scratch.length();
        scratch.append((byte) Math.clamp(type, 0, 127));
        scratch.append(body, SymbolTable.offset(name), familyLength);
        scratch.append(SEPARATOR);
        scratch.append(body, help < 0 ? 0 : SymbolTable.offset(help), helpLength);
        scratch.append(SEPARATOR);
        scratch.append(body, unit < 0 ? 0 : SymbolTable.offset(unit), unitLength);
        final int length = scratch.length() - start;
        final long hash = SeriesIdCache.hash(scratch.array(), start, length);
        if (kept.get(scratch.array(), start, length, hash) == 0) {
            final String family = utf8(body, SymbolTable.offset(name), familyLength);
            final String helpText = utf8(body, help < 0 ? 0 : SymbolTable.offset(help), helpLength);
            final String unitText = utf8(body, unit < 0 ? 0 : SymbolTable.offset(unit), unitLength);
            if (family != null && helpText != null && unitText != null) {
                store.put(family, new MetricMetadataStore.Metadata(WriteRequestDecoder.metricType(type), helpText,
                    unitText));
                kept.put(scratch.array(), start, length, hash, 1);
            }
        }
        scratch.length(start);
    }

    /** @return the length of the family name: the series name without its histogram or summary suffix. */
    private static int familyLength(final byte[] body, final long name, final long type) {
        final int offset = SymbolTable.offset(name);
        final int length = SymbolTable.length(name);
        final byte[][] suffixes = type == TYPE_HISTOGRAM || type == TYPE_GAUGEHISTOGRAM ? HISTOGRAM_SUFFIXES
            : type == TYPE_SUMMARY ? SUMMARY_SUFFIXES : NO_SUFFIXES;
        for (final byte[] suffix : suffixes) {
            if (length > suffix.length && Arrays.equals(body, offset + length - suffix.length,
                offset + length, suffix, 0, suffix.length)) {
                return length - suffix.length;
            }
        }
        return length;
    }

    private static String utf8(final byte[] body, final int offset, final int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body, offset, length))
                .toString();
        } catch (final CharacterCodingException ex) {
            return null;
        }
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
