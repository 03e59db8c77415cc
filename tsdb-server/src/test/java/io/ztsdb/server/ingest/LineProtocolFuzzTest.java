// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.ingest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ztsdb.server.http.influx.LineProtocolDecoder;
import io.ztsdb.server.http.influx.Precision;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing of the InfluxDB line protocol as {@code POST /write} and {@code /api/v2/write} decode it, through
 * {@link LineProtocolDecoder}'s three passes as the handler runs them. Any body gives points and a list of bad lines,
 * never an exception; the bad lines reported are at most 100, each quoted up to 1 KiB; points and series keys are
 * bounded by the body; values are finite, as influxd accepts them; each point, written again as a line of its series
 * key, value and millisecond timestamp, decodes to the same point. jqwik runs in every build (fixed seed: lines influxd
 * accepts, mutated, and random bytes and lines); Jazzer runs coverage-guided with {@code JAZZER_FUZZ=1 ./mvnw -pl
 * tsdb-server test -Dtest=LineProtocolFuzzTest} and replays its saved inputs in every build.
 */
class LineProtocolFuzzTest {
    private static final long NOW = 1_700_000_000_000L;
    /** Lines influxd 1.8 accepts ({@code http/influx/LineProtocolDifferentialTest}), precision ns. */
    static final String ACCEPTED = String.join("\n",
        "cpu,host=a,region=eu usage=1.5,idle=98i,ok=true 1700000000000000000",
        "cpu,host=b usage=-2.5e3,idle=-7i,ok=F 1700000001000000000",
        "my\\ meas,tag\\ key=tag\\,val\\=x value=42 1700000002000000000",
        "str,host=a msg=\"hello, world\",v=1 1700000006000000000",
        "esc\\,comma,t=v x=1 1700000008000000000",
        "quote,t=v s=\"with \\\"quotes\\\" and \\\\ backslash\",n=2 1700000009000000000",
        "neg,t=v x=-0.0001,y=-3 1700000010000000000",
        "big,t=v x=9223372036854775807i,y=-9223372036854775807i 1700000011000000000",
        "exp,t=v x=1E10,y=.5,z=5.,w=1.5e-7 1700000012000000000",
        "unicode,city=Zürich temp=3.5 1700000013000000000",
        "early,t=v x=1 -1000000000",
        "cpu,host=a  usage=2.5  1700000014000000000",
        "# a comment line",
        "nots,t=v x=3") + "\n";
    private static final byte[] SEED = ACCEPTED.getBytes(StandardCharsets.UTF_8);

    /** A point as written, with its series key (measurement, tags and field key as sent). */
    record Point(String key, long timestampMillis, long valueBits) {
    }

    /** The outcome of one body. */
    record Decoded(List<Point> points, int badLines, List<String> errors) {
    }

    /** Decodes a body as the handler does: FAST with an empty cache, COLLECT, register, WRITE. */
    static Decoded decode(final byte[] body, final Precision precision) {
        final IngestScratch scratch = new IngestScratch.Pool(0).take();
        scratch.inflated.append(body, 0, body.length);
        final LineProtocolDecoder decoder = new LineProtocolDecoder(new SeriesIdCache(1 << 20));
        final Map<Long, String> keys = new HashMap<>();
        if (!decoder.decode(scratch, LineProtocolDecoder.Pass.FAST, NOW, precision, null, null)) {
            scratch.points.clear();
            scratch.key.clear();
            final List<NewSeries> collected = new ArrayList<>();
            final Map<Long, NewSeries> byHash = new HashMap<>();
            decoder.decode(scratch, LineProtocolDecoder.Pass.COLLECT, NOW, precision, collected, byHash);
            assertThat(scratch.key.length()).as("keys").isLessThanOrEqualTo(64 << 20);
            long id = 0;
            for (final NewSeries series : collected) {
                if (series.error() == null) {
                    series.registered(++id);
                    keys.put(id, new String(scratch.key.array(), series.keyOffset(), series.keyLength(),
                        StandardCharsets.UTF_8));
                }
            }
            decoder.decode(scratch, LineProtocolDecoder.Pass.WRITE, NOW, precision, null, byHash);
        } else {
            assertThat(scratch.points.count()).as("no numeric field, no point").isZero();
        }
        assertThat(scratch.points.count()).as("a field takes 3 bytes at least").isLessThanOrEqualTo(body.length / 3);
        assertThat(decoder.errors()).hasSizeLessThanOrEqualTo(100).hasSizeLessThanOrEqualTo(decoder.badLines())
            .allSatisfy(error -> assertThat(error.length()).isLessThan(1024 * 2 + 100));
        final List<Point> points = new ArrayList<>(scratch.points.count());
        for (int i = 0; i < scratch.points.count(); i++) {
            final String key = keys.get(scratch.points.seriesId(i));
            assertThat(key).as("points carry registered ids").isNotNull();
            assertThat(Double.isFinite(scratch.points.value(i))).as("finite value of %s", key).isTrue();
            points.add(new Point(key, scratch.points.timestamp(i),
                Double.doubleToRawLongBits(scratch.points.value(i))));
        }
        return new Decoded(points, decoder.badLines(), List.copyOf(decoder.errors()));
    }

    /** Decodes, then writes each point again as {@code key=value millis} (ms precision): the same points. */
    static void decodeAndReencode(final byte[] body, final Precision precision) {
        final List<Point> points = decode(body, precision).points();
        final ByteArrayOutputStream again = new ByteArrayOutputStream();
        final List<Point> expected = new ArrayList<>();
        for (final Point p : points) {
            // A time rounded down to its millisecond may fall outside the nanosecond range: not expressible.
            if (Math.abs((double) p.timestampMillis()) * 1e6 < 9.2e18) {
                again.writeBytes((p.key() + "=" + Double.longBitsToDouble(p.valueBits()) + " " + p.timestampMillis()
                    + "\n").getBytes(StandardCharsets.UTF_8));
                expected.add(p);
            }
        }
        final Decoded decoded = decode(again.toByteArray(), Precision.MILLISECONDS);
        assertThat(decoded.errors()).isEmpty();
        assertThat(decoded.points()).isEqualTo(expected);
    }

    /** First byte: the precision (of six); the rest is the body. */
    @FuzzTest(maxDuration = "20s")
    void decodeAnyBody(final byte[] data) {
        if (data.length == 0) {
            return;
        }
        decodeAndReencode(Arrays.copyOfRange(data, 1, data.length),
            Precision.values()[(data[0] & 0xff) % Precision.values().length]);
    }

    @Example
    void shouldWriteEveryNumericFieldOfTheAcceptedLines() {
        final Decoded decoded = decode(SEED, Precision.NANOSECONDS);
        assertThat(decoded.errors()).isEmpty();
        assertThat(decoded.points()).hasSize(22);
        assertThat(decoded.points()).contains(new Point("my\\ meas,tag\\ key=tag\\,val\\=x value", 1_700_000_002_000L,
            Double.doubleToRawLongBits(42)), new Point("nots,t=v x", NOW, Double.doubleToRawLongBits(3)));
        decodeAndReencode(SEED, Precision.NANOSECONDS);
    }

    @Example
    void shouldBoundTheKeysOfLongTagsTimesManyFields() {
        // Each field is a series keyed by the line's tags: 1,500 fields of 65 KB of tags would be 97 MB of keys.
        final StringBuilder line = new StringBuilder("m,t=").append("v".repeat(65_000)).append(' ');
        for (int f = 0; f < 1500; f++) {
            line.append(f == 0 ? "" : ",").append('f').append(f).append("=1");
        }
        final Decoded decoded = decode(line.append('\n').toString().getBytes(StandardCharsets.UTF_8),
            Precision.NANOSECONDS);
        assertThat(decoded.points()).isEmpty();
        assertThat(decoded.errors()).singleElement().asString().contains("too many series in one request");
    }

    @Property(tries = 1000, seed = "20261206")
    void shouldDecodeMutatedLines(@ForAll("mutated") final byte[] body, @ForAll final Precision precision) {
        decodeAndReencode(body, precision);
    }

    @Property(tries = 1000, seed = "20261206")
    void shouldDecodeRandomBytes(@ForAll("random") final byte[] body) {
        decodeAndReencode(body, Precision.NANOSECONDS);
    }

    @Property(tries = 1000, seed = "20261206")
    void shouldDecodeRandomLines(@ForAll("lines") final String body, @ForAll final Precision precision) {
        decodeAndReencode(body.getBytes(StandardCharsets.UTF_8), precision);
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        return Mutations.of(SEED);
    }

    @Provide
    Arbitrary<byte[]> random() {
        return Mutations.random();
    }

    /** Lines made of the syntax's characters: names, escapes, quotes, numbers, signs, exponents and suffixes. */
    @Provide
    Arbitrary<String> lines() {
        return Arbitraries.strings().withChars("ab,= \\\"\n\r\t#-+.0123456789eEitTfF").ofMaxLength(80);
    }
}
