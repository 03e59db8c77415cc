// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.influx;

import io.ztsdb.server.ingest.IngestScratch;
import io.ztsdb.server.ingest.NewSeries;
import io.ztsdb.server.ingest.SeriesIdCache;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-pass read of plain lines ({@link PlainLine}) against the careful parse ({@link LineParser}) it stands in
 * for: random bodies of lines near the edge of "plain" (escapes, quotes, booleans, extra spaces, carriage returns,
 * long numbers, timestamps at the edge of the range, bad lines), each decoded with the plain path and without it,
 * cold (new series) and again with every series cached: the same points (ids, timestamps, value bits), the same bad
 * lines and errors, the same new series, in every pass.
 */
class PlainLineTest {
    private static final long NOW = 1_700_000_000_123L;
    private static final String[] MEASUREMENTS = {"cpu", "m", "container_cpu_usage_percent", "my\\ meas", "a!b",
        "tab\tm", "Zürich", "esc\\,c", "q\"m", "", "x\\"};
    private static final String[] TAGS = {"host=a", "container=c-0001", "t=v=w", "k=", "=v", "k\\ x=y", "é=ü",
        "image=nginx", "a=b\\ c", "t=\"v\"", "k", "n=1\\=2"};
    private static final String[] SEPARATORS = {" ", " ", " ", " ", "  ", "\t", " \r"};
    private static final String[] FIELD_KEYS = {"value", "value", "x", "usage_user", "f\\=1", "", "v\\ v", "é", "i",
        "\"q\""};
    private static final String[] VALUES = {"1e5", "1E-7", ".5", "5.", "-0", "-0.0", "0001.5000", "12345678901234567",
        "0.000000000000000001", "1.5i", "t", "true", "FALSE", "\"s\"", "\"a\\\"b\"", "NaN", "1e400", "-", "1_0",
        "99999999999999999999i", "9223372036854775807i", "-9223372036854775808i", "123456789012345678i",
        "1234567890123456789i", "-7i", "0i", "1e", "1e+", "3.215622144E9", "123456789012345.6", "1234567890123456.7",
        "1.0e22", "1.0e23", "1e-22", "1e-23", "+1", "..5", "1.2.3", "i", "-i", "1\\,5"};
    private static final String[] TIMESTAMPS = {"", "", " 1700000000000000000", " 1700000000000", " 1700000000",
        " 9223372036854775807", " 9223372036854775808",
        " 9223372036854775809", " 922337203685477580", " 9223372036854775800", " -1",
        " -", " 12a", " 1 ", " 00001", "  1700000000000", " 1e9", " -9223372036854775808", " 99999999999999999999"};
    private static final String[] ENDS = {"\n", "\n", "\n", "\r\n", " \n", "\n\n", "\n# comment\n", "\n \t"};

    @Test
    void shouldReadPlainLinesAsTheCarefulParseDoes() {
        final Random random = new Random(20261206);
        for (int body = 0; body < 3000; body++) {
            final String text = body(random);
            final Precision precision = Precision.values()[random.nextInt(Precision.values().length)];
            final Map<String, Long> ids = new HashMap<>();
            final Run plain = new Run(true);
            final Run careful = new Run(false);
            for (int round = 0; round < 3; round++) {
                assertThat(plain.decode(text, precision, ids)).as("round %d of %s", round, text)
                    .isEqualTo(careful.decode(text, precision, ids));
            }
        }
    }

    @Test
    void shouldTakeThePlainPathForTheCommonLines() {
        // Not a speed check: that the lines the plain path is for do not all fall back to the careful parse.
        final SeriesIdCache cache = new SeriesIdCache(1 << 20);
        final String text = "container_cpu,container=c-1,host=h-0,image=nginx value=12.5,n=7i 1704067200000\n"
            + "container_cpu,container=c-2 value=3.215622144E9\n";
        new Run(cache, true).decode(text, Precision.MILLISECONDS, new HashMap<>());
        final IngestScratch scratch = new IngestScratch.Pool(0).take();
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final PlainLine plain = new PlainLine();
        final int first = plain.read(bytes, 0, bytes.length, cache, scratch.points, Precision.MILLISECONDS, NOW, 0,
            1 << 20);
        assertThat(first).isEqualTo(text.indexOf('\n'));
        assertThat(plain.read(bytes, first + 1, bytes.length, cache, scratch.points, Precision.MILLISECONDS, NOW, 0,
            1 << 20)).isEqualTo(bytes.length - 1);
        assertThat(scratch.points.count()).isEqualTo(3);
        assertThat(scratch.points.timestamp(0)).isEqualTo(1704067200000L);
        assertThat(scratch.points.value(1)).isEqualTo(7.0);
        assertThat(scratch.points.timestamp(2)).isEqualTo(NOW);
        assertThat(scratch.points.value(2)).isEqualTo(3.215622144E9);
        final byte[] escaped = "container_cpu,container=c\\ 1 value=1 1\n".getBytes(StandardCharsets.UTF_8);
        assertThat(plain.read(escaped, 0, escaped.length, cache, scratch.points, Precision.MILLISECONDS, NOW, 0,
            1 << 20)).as("an escape is left to the careful parse").isEqualTo(-1);
        assertThat(scratch.points.count()).isEqualTo(3);
    }

    private static String body(final Random random) {
        final StringBuilder sb = new StringBuilder();
        final int lines = 1 + random.nextInt(6);
        for (int l = 0; l < lines; l++) {
            // Mostly plain lines, so that the cached rounds take the plain path often.
            final boolean plain = random.nextInt(3) > 0;
            sb.append(plain ? MEASUREMENTS[random.nextInt(3)] : pick(random, MEASUREMENTS));
            for (int t = random.nextInt(4); t > 0; t--) {
                sb.append(',').append(plain ? TAGS[random.nextInt(2)] : pick(random, TAGS));
            }
            sb.append(plain ? " " : pick(random, SEPARATORS));
            for (int f = 0, fields = 1 + random.nextInt(3); f < fields; f++) {
                sb.append(f == 0 ? "" : ",").append(plain ? FIELD_KEYS[random.nextInt(4)] : pick(random, FIELD_KEYS))
                    .append('=').append(plain && random.nextBoolean() ? number(random) : pick(random, VALUES));
            }
            sb.append(plain && random.nextBoolean() ? " " + (1_700_000_000_000L + random.nextInt(1000))
                : pick(random, TIMESTAMPS));
            sb.append(plain ? "\n" : pick(random, ENDS));
        }
        if (random.nextInt(4) == 0) {
            sb.setLength(sb.length() - 1);
        }
        return sb.toString();
    }

    private static String number(final Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(30) - 10));
            case 1 -> (random.nextLong() >> random.nextInt(64)) + "i";
            case 2 -> Long.toString(random.nextInt(2_000_000) - 1_000_000);
            default -> String.format("%.3f", random.nextGaussian() * 1000);
        };
    }

    private static String pick(final Random random, final String[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** What one decode gave: each pass's points, bad lines, errors, string fields and new series. */
    record Outcome(boolean fast, List<String> points, List<String> errors, int badLines, int stringFields,
        List<String> collected) {
    }

    /** A decoder with its own cache, run as the handler runs it, ids shared with the other decoder by key. */
    private static final class Run {
        private final SeriesIdCache cache;
        private final LineProtocolDecoder decoder;

        Run(final boolean plainLines) {
            this(new SeriesIdCache(1 << 20), plainLines);
        }

        Run(final SeriesIdCache cache, final boolean plainLines) {
            this.cache = cache;
            this.decoder = new LineProtocolDecoder(cache, plainLines);
        }

        Outcome decode(final String text, final Precision precision, final Map<String, Long> ids) {
            final IngestScratch scratch = new IngestScratch.Pool(0).take();
            final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            scratch.inflated.append(bytes, 0, bytes.length);
            final boolean fast = decoder.decode(scratch, LineProtocolDecoder.Pass.FAST, NOW, precision, null, null);
            final List<String> collected = new ArrayList<>();
            if (!fast) {
                scratch.points.clear();
                scratch.key.clear();
                final List<NewSeries> found = new ArrayList<>();
                decoder.decode(scratch, LineProtocolDecoder.Pass.COLLECT, NOW, precision, found, new HashMap<>());
                for (final NewSeries series : found) {
                    final String key = new String(scratch.key.array(), series.keyOffset(), series.keyLength(),
                        StandardCharsets.ISO_8859_1);
                    collected.add(key + "#" + series.keyHash());
                    cache.put(scratch.key.array(), series.keyOffset(), series.keyLength(), series.keyHash(),
                        ids.computeIfAbsent(key, k -> ids.size() + 1L));
                }
                scratch.points.clear();
                scratch.key.clear();
                assertThat(decoder.decode(scratch, LineProtocolDecoder.Pass.FAST, NOW, precision, null, null))
                    .as("every series known after COLLECT").isTrue();
            }
            final List<String> points = new ArrayList<>();
            for (int i = 0; i < scratch.points.count(); i++) {
                points.add(scratch.points.seriesId(i) + "@" + scratch.points.timestamp(i) + "="
                    + Long.toHexString(Double.doubleToRawLongBits(scratch.points.value(i))));
            }
            return new Outcome(fast, points, List.copyOf(decoder.errors()), decoder.badLines(),
                decoder.stringFields(), collected);
        }
    }
}
