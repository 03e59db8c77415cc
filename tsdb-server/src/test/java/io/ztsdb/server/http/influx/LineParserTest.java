// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.influx;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The line parser on its own: fields, escapes, types and InfluxDB's words for bad lines. */
class LineParserTest {
    private final LineParser parser = new LineParser();

    private String parse(final String line) {
        final byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        assertThat(LineParser.lineEnd(bytes, 0, bytes.length)).isEqualTo(bytes.length);
        return parser.parse(bytes, 0, bytes.length);
    }

    @Test
    void shouldParseFieldsOfEveryType() {
        assertThat(parse("cpu,host=a usage=1.5,idle=98i,ok=true,s=\"x, y\" 1700000000000000000")).isNull();
        assertThat(parser.fieldCount()).isEqualTo(4);
        assertThat(parser.fieldValue(0)).isEqualTo(1.5);
        assertThat(parser.fieldType(1)).isEqualTo(LineParser.INTEGER);
        assertThat(parser.fieldValue(1)).isEqualTo(98);
        assertThat(parser.fieldValue(2)).isEqualTo(1);
        assertThat(parser.fieldType(3)).isEqualTo(LineParser.STRING);
        assertThat(parser.timestamp()).isEqualTo(1700000000000000000L);
        assertThat(parse("my\\ meas,tag\\ key=tag\\,val\\=x value=-2.5e3")).isNull();
        assertThat(parser.hasTimestamp()).isFalse();
        assertThat(parser.fieldValue(0)).isEqualTo(-2500);
    }

    @Test
    void shouldNameWhatIsWrongWithABadLine() {
        assertThat(parse("cpu,host=a")).isEqualTo("missing fields");
        assertThat(parse("cpu usage=")).isEqualTo("missing field value");
        assertThat(parse("cpu usage=abc")).isEqualTo("invalid boolean");
        assertThat(parse("cpu usage=1x")).isEqualTo("invalid number");
        assertThat(parse("cpu,host= usage=1")).isEqualTo("missing tag value");
        assertThat(parse("cpu,=a usage=1")).isEqualTo("missing tag key");
        assertThat(parse("cpu usage=1 notatimestamp")).isEqualTo("bad timestamp");
        assertThat(parse("cpu usage=\"unterminated")).isEqualTo("unbalanced quotes");
        assertThat(parse(",host=a usage=1")).isEqualTo("missing measurement");
        assertThat(parse("cpu usage=99999999999999999999i")).isEqualTo("invalid number");
        assertThat(parse("cpu usage=1 1 2")).isEqualTo("bad timestamp");
    }

    /**
     * The word-at-a-time line end against the byte-at-a-time rule it shortcuts, on random bodies rich in newlines,
     * escapes, quotes, spaces and '=', at every start offset.
     */
    @Test
    void shouldFindTheSameLineEndsAsTheByteAtATimeRule() {
        final byte[] alphabet = "ab =,\"\\\n".getBytes(StandardCharsets.US_ASCII);
        final Random random = new Random(42);
        for (int round = 0; round < 20_000; round++) {
            final byte[] body = new byte[random.nextInt(40)];
            final int rare = random.nextInt(4);
            for (int i = 0; i < body.length; i++) {
                body[i] = random.nextInt(8) < rare + 1 ? alphabet[random.nextInt(alphabet.length)] : (byte) 'x';
            }
            for (int start = 0; start < body.length; start++) {
                assertThat(LineParser.lineEnd(body, start, body.length)).as("%s from %d",
                    new String(body, StandardCharsets.US_ASCII), start).isEqualTo(byteAtATime(body, start,
                    body.length));
            }
        }
    }

    private static int byteAtATime(final byte[] buf, final int start, final int limit) {
        boolean fields = false;
        boolean quoted = false;
        for (int i = start; i < limit; i++) {
            final byte b = buf[i];
            if (b == '\\' && i + 1 < limit && buf[i + 1] != '\n') {
                i++;
            } else if (quoted) {
                quoted = b != '"';
            } else if (b == '\n') {
                return i;
            } else if (b == ' ') {
                fields = true;
            } else if (fields && b == '"' && i > start && buf[i - 1] == '=') {
                quoted = true;
            }
        }
        return limit;
    }
}
