// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

import java.nio.ByteBuffer;

import static io.ztsdb.protocol.RegisterSeriesDescriptor.LABEL_COUNT_LENGTH;
import static io.ztsdb.protocol.RegisterSeriesDescriptor.METRIC_LENGTH_OFFSET;
import static io.ztsdb.protocol.RegisterSeriesDescriptor.METRIC_OFFSET;
import static io.ztsdb.protocol.RegisterSeriesDescriptor.STRING_LENGTH_LENGTH;

/**
 * Reads a register_series payload ({@link RegisterSeriesDescriptor}). {@link #wrap} checks the whole structure
 * first, so the accessors never read out of bounds. Labels are walked with a cursor:
 * {@code while (decoder.nextLabel()) { decoder.labelKey(); decoder.labelValue(); }}.
 */
public final class RegisterSeriesDecoder {
    private ByteBuffer buffer;
    private int offset;
    private int metricLength;
    private int labelCount;
    private int labelsOffset;
    private int cursor;
    private int labelIndex;
    private int keyOffset;
    private int keyLength;
    private int valueOffset;
    private int valueLength;

    /** Creates an unwrapped instance; wrap it before use, then reuse it. */
    public RegisterSeriesDecoder() {
    }

    /**
     * Wraps and validates a register_series payload.
     *
     * @param buffer        holding the payload.
     * @param offset        of the payload.
     * @param payloadLength in bytes.
     * @return this, with the label cursor before the first label.
     * @throws ProtocolException {@link ErrorCode#MALFORMED_PAYLOAD} when a length runs past the payload or the
     *                           strings do not end exactly at its end.
     */
    public RegisterSeriesDecoder wrap(final ByteBuffer buffer, final int offset, final int payloadLength) {
        final int end = offset + payloadLength;
        int at = offset + METRIC_LENGTH_OFFSET;
        final int metricLength = readLength(buffer, at, end, "metric name");
        at += STRING_LENGTH_LENGTH + metricLength;
        if (at + LABEL_COUNT_LENGTH > end) {
            throw malformed("label count past the end of the payload", payloadLength);
        }
        final int labelCount = LittleEndian.getUnsignedShort(buffer, at);
        at += LABEL_COUNT_LENGTH;
        final int labelsOffset = at;
        for (int i = 0; i < 2 * labelCount; i++) {
            at += STRING_LENGTH_LENGTH + readLength(buffer, at, end, i % 2 == 0 ? "label key" : "label value");
        }
        if (at != end) {
            throw malformed("trailing bytes after the last label: trailing=" + (end - at), payloadLength);
        }
        this.buffer = buffer;
        this.offset = offset;
        this.metricLength = metricLength;
        this.labelCount = labelCount;
        this.labelsOffset = labelsOffset;
        resetLabels();
        return this;
    }

    /** {@return the metric name's length in bytes} */
    public int metricNameLength() {
        return metricLength;
    }

    /** {@return the offset of the metric name's bytes in the buffer} */
    public int metricNameOffset() {
        return offset + METRIC_OFFSET;
    }

    /**
     * The metric name, strictly decoded.
     *
     * @return the metric name.
     * @throws ProtocolException {@link ErrorCode#MALFORMED_PAYLOAD} on invalid UTF-8.
     */
    public String metricName() {
        return Utf8.decode(buffer, offset + METRIC_OFFSET, metricLength);
    }

    /** {@return the number of labels} */
    public int labelCount() {
        return labelCount;
    }

    /** Moves the label cursor back before the first label. */
    public void resetLabels() {
        cursor = labelsOffset;
        labelIndex = -1;
    }

    /**
     * Advances the label cursor.
     *
     * @return false when there are no more labels.
     */
    public boolean nextLabel() {
        if (labelIndex + 1 >= labelCount) {
            return false;
        }
        labelIndex++;
        keyLength = LittleEndian.getUnsignedShort(buffer, cursor);
        keyOffset = cursor + STRING_LENGTH_LENGTH;
        cursor = keyOffset + keyLength;
        valueLength = LittleEndian.getUnsignedShort(buffer, cursor);
        valueOffset = cursor + STRING_LENGTH_LENGTH;
        cursor = valueOffset + valueLength;
        return true;
    }

    /**
     * Decodes the current label's key.
     *
     * @return the current label's key, strictly decoded.
     * @throws ProtocolException {@link ErrorCode#MALFORMED_PAYLOAD} on invalid UTF-8.
     */
    public String labelKey() {
        return Utf8.decode(buffer, keyOffset, keyLength);
    }

    /**
     * Decodes the current label's value.
     *
     * @return the current label's value, strictly decoded.
     * @throws ProtocolException {@link ErrorCode#MALFORMED_PAYLOAD} on invalid UTF-8.
     */
    public String labelValue() {
        return Utf8.decode(buffer, valueOffset, valueLength);
    }

    /** {@return offset of the current label key's bytes} */
    public int labelKeyOffset() {
        return keyOffset;
    }

    /** {@return length of the current label key in bytes} */
    public int labelKeyLength() {
        return keyLength;
    }

    /** {@return offset of the current label value's bytes} */
    public int labelValueOffset() {
        return valueOffset;
    }

    /** {@return length of the current label value in bytes} */
    public int labelValueLength() {
        return valueLength;
    }

    private static int readLength(final ByteBuffer buffer, final int at, final int end, final String what) {
        if (at + STRING_LENGTH_LENGTH > end) {
            throw malformed(what + " length past the end of the payload", end - at);
        }
        final int length = LittleEndian.getUnsignedShort(buffer, at);
        if (at + STRING_LENGTH_LENGTH + length > end) {
            throw malformed(what + " runs past the end of the payload: length=" + length, end - at);
        }
        return length;
    }

    private static ProtocolException malformed(final String message, final int remaining) {
        return new ProtocolException(ErrorCode.MALFORMED_PAYLOAD,
            "register_series: " + message + " (remaining=" + remaining + ")");
    }
}
