// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

import java.nio.ByteBuffer;
import java.util.Map;

import static io.ztsdb.protocol.RegisterSeriesDescriptor.LABEL_COUNT_LENGTH;
import static io.ztsdb.protocol.RegisterSeriesDescriptor.MAX_LABEL_COUNT;
import static io.ztsdb.protocol.RegisterSeriesDescriptor.MAX_STRING_LENGTH;
import static io.ztsdb.protocol.RegisterSeriesDescriptor.METRIC_LENGTH_OFFSET;
import static io.ztsdb.protocol.RegisterSeriesDescriptor.STRING_LENGTH_LENGTH;

/**
 * Writes a register_series payload ({@link RegisterSeriesDescriptor}): {@code wrap}, then
 * {@link #metricName(String)}, then {@link #label(String, String)} per label, then {@link #encodedLength()}.
 */
public final class RegisterSeriesEncoder {
    private ByteBuffer buffer;
    private int offset;
    private int labelCountOffset = -1;
    private int limit;
    private int labelCount;

    /** Creates an unwrapped instance; wrap it before use, then reuse it. */
    public RegisterSeriesEncoder() {
    }

    /**
     * Points the encoder at the payload position.
     *
     * @param buffer to write to.
     * @param offset of the payload.
     * @return this.
     */
    public RegisterSeriesEncoder wrap(final ByteBuffer buffer, final int offset) {
        this.buffer = buffer;
        this.offset = offset;
        this.labelCountOffset = -1;
        this.limit = offset;
        this.labelCount = 0;
        return this;
    }

    /**
     * Writes the metric name and an empty label count. Call first.
     *
     * @param metricName e.g. "container.cpu.usage".
     * @return this.
     * @throws IllegalArgumentException when longer than 65,535 UTF-8 bytes.
     */
    public RegisterSeriesEncoder metricName(final String metricName) {
        limit = offset + METRIC_LENGTH_OFFSET;
        limit += Utf8.putU16Prefixed(buffer, limit, metricName, MAX_STRING_LENGTH, false);
        labelCountOffset = limit;
        labelCount = 0;
        LittleEndian.putShort(buffer, labelCountOffset, 0);
        limit += LABEL_COUNT_LENGTH;
        return this;
    }

    /**
     * Appends one label and bumps the label count.
     *
     * @param key   label name.
     * @param value label value.
     * @return this.
     * @throws IllegalArgumentException when a string is over 65,535 bytes or there are 65,536 labels.
     * @throws IllegalStateException    before {@link #metricName(String)}.
     */
    public RegisterSeriesEncoder label(final String key, final String value) {
        if (labelCountOffset < 0) {
            throw new IllegalStateException("metricName(...) must be written before labels");
        }
        if (labelCount == MAX_LABEL_COUNT) {
            throw new IllegalArgumentException("too many labels: labelCount=" + labelCount);
        }
        limit += Utf8.putU16Prefixed(buffer, limit, key, MAX_STRING_LENGTH, false);
        limit += Utf8.putU16Prefixed(buffer, limit, value, MAX_STRING_LENGTH, false);
        labelCount++;
        LittleEndian.putShort(buffer, labelCountOffset, labelCount);
        return this;
    }

    /**
     * The payload length of a registration, computed without encoding it.
     *
     * @param metricName metric name.
     * @param labels     label names to values.
     * @return the payload length in bytes.
     */
    public static int encodedLength(final String metricName, final Map<String, String> labels) {
        int length = STRING_LENGTH_LENGTH + Utf8.encodedLength(metricName) + LABEL_COUNT_LENGTH;
        for (final Map.Entry<String, String> label : labels.entrySet()) {
            length += 2 * STRING_LENGTH_LENGTH + Utf8.encodedLength(label.getKey())
                + Utf8.encodedLength(label.getValue());
        }
        return length;
    }

    /** {@return the payload length written so far} */
    public int encodedLength() {
        return limit - offset;
    }
}
