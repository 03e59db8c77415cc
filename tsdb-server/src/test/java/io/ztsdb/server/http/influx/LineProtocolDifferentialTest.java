// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.influx;

import com.fasterxml.jackson.databind.JsonNode;
import io.ztsdb.server.TestHttp;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The same line-protocol corpus (escapes, every field type, every precision, bad lines) sent line by line to a real
 * InfluxDB 1.6 and to ztsdb: the same lines accepted and refused, and the same points stored (InfluxDB's series and
 * fields read back with {@code SELECT}, ztsdb's with PromQL, under the {@code measurement_field} naming).
 */
class LineProtocolDifferentialTest {
    /** Precision -> lines. Timestamps are whole milliseconds: ztsdb stores milliseconds. */
    private static final Map<String, List<String>> CORPUS = new TreeMap<>(Map.of(
        "n", List.of(
            "cpu,host=a,region=eu usage=1.5,idle=98i,ok=true 1700000000000000000",
            "cpu,host=b usage=-2.5e3,idle=-7i,ok=F 1700000001000000000",
            "my\\ meas,tag\\ key=tag\\,val\\=x value=42 1700000002000000000",
            "str,host=a msg=\"hello, world\",v=1 1700000006000000000",
            "bools,h=x a=t,b=TRUE,c=False,d=f,e=T,g=true,i=FALSE,j=F 1700000007000000000",
            "esc\\,comma,t=v x=1 1700000008000000000",
            "quote,t=v s=\"with \\\"quotes\\\" and \\\\ backslash\",n=2 1700000009000000000",
            "neg,t=v x=-0.0001,y=-3 1700000010000000000",
            "plus,t=v y=+3 1700000010000000000",
            "big,t=v x=9223372036854775807i,y=-9223372036854775807i 1700000011000000000",
            "exp,t=v x=1E10,y=.5,z=5.,w=1.5e-7 1700000012000000000",
            "unicode,city=Zürich temp=3.5 1700000013000000000",
            "early,t=v x=1 -1000000000",
            "cpu,host=a  usage=2.5  1700000014000000000",
            "# a comment line",
            "cpu,host=a",
            "cpu usage=",
            "cpu usage=abc",
            "cpu,host= usage=1",
            "cpu,=a usage=1",
            "cpu usage=1 notatimestamp",
            "cpu usage=1i2",
            "cpu usage=\"unterminated",
            ",host=a usage=1",
            "cpu usage=1,=2",
            "cpu usage=99999999999999999999i",
            "cpu usage=1 1 2",
            "cpu usage=1 2e9",
            "cpu usage=1..2",
            "cpu usage=-",
            "cpu usage=tru"),
        "u", List.of("cpu,host=c usage=0.25 1700000020000000", "cpu,host=c usage=0.5 1700000021000000"),
        "ms", List.of("mem,host=a used=1024i,free=1.5e9 1700000022000"),
        "s", List.of("temp,sensor=s1 c=21.5,f=70.7 1700000030"),
        "m", List.of("temp,sensor=s2 c=22 28333334"),
        "h", List.of("temp,sensor=s3 c=23 472223")));

    @TempDir
    static Path dir;
    private static ServerRuntime ztsdb;
    private static InfluxdProcess influxd;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(InfluxdProcess.installed(), "the Debian influxdb package is not installed "
            + "(scripts/ensure-toolchain.sh installs it)");
        ztsdb = ServerRuntime.start(new ServerConfig().port(0).webPort(0).bindAddress("127.0.0.1")
            .dataDir(dir.resolve("ztsdb")));
        Files.createDirectories(dir.resolve("influxd"));
        influxd = InfluxdProcess.start(dir.resolve("influxd"), "test");
    }

    @AfterAll
    static void stop() {
        if (influxd != null) {
            influxd.close();
        }
        if (ztsdb != null) {
            ztsdb.close();
        }
    }

    private static String ztsdb(final String path) {
        return "http://127.0.0.1:" + ztsdb.httpPort() + path;
    }

    @Test
    void shouldAcceptAndStoreWhatInfluxdbAcceptsAndStores() throws Exception {
        final List<String> differences = new ArrayList<>();
        for (final Map.Entry<String, List<String>> entry : CORPUS.entrySet()) {
            for (final String line : entry.getValue()) {
                final String path = "/write?db=test&precision=" + entry.getKey();
                final byte[] body = (line + "\n").getBytes(StandardCharsets.UTF_8);
                final HttpResponse<String> expected = TestHttp.post(influxd.url(path), body);
                final HttpResponse<String> actual = TestHttp.post(ztsdb(path), body);
                if (expected.statusCode() != actual.statusCode()) {
                    differences.add(line + ": influxdb " + expected.statusCode() + " " + expected.body() + ", ztsdb "
                        + actual.statusCode() + " " + actual.body());
                }
            }
        }
        assertThat(differences).as("lines answered differently").isEmpty();
        final TreeSet<String> expected = influxPoints();
        assertThat(expected).hasSizeGreaterThan(30);
        assertThat(ztsdbPoints()).isEqualTo(expected);
    }

    @Test
    void shouldWriteTheGoodLinesOfAPartlyBadBodyAndNameTheBadOne() throws Exception {
        final byte[] body = "partial,t=v x=1 1700000040000\npartial,t=v x=oops 1700000041000\n"
            .getBytes(StandardCharsets.UTF_8);
        final HttpResponse<String> expected = TestHttp.post(influxd.url("/write?db=test&precision=ms"), body);
        final HttpResponse<String> actual = TestHttp.post(ztsdb("/write?db=test&precision=ms"), body);
        assertThat(actual.statusCode()).isEqualTo(expected.statusCode()).isEqualTo(400);
        assertThat(TestHttp.json(actual.body()).get("error").asText()).startsWith("partial write: unable to parse "
            + "'partial,t=v x=oops 1700000041000': invalid boolean");
        assertThat(TestHttp.json(expected.body()).get("error").asText()).startsWith("partial write: unable to parse "
            + "'partial,t=v x=oops 1700000041000': invalid boolean");
        final JsonNode written = TestHttp.getJson(ztsdb("/api/v1/query?query=partial_x&time=1700000041"));
        assertThat(written.at("/data/result/0/value/1").asText()).isEqualTo("1");
    }

    @Test
    void shouldAcceptGzipBodiesLikeInfluxdb() throws Exception {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write("zipped,t=v x=7 1700000050\nzipped,t=v x=8 1700000051\n".getBytes(StandardCharsets.UTF_8));
        }
        final HttpResponse<String> expected = TestHttp.post(influxd.url("/write?db=test&precision=s"),
            bytes.toByteArray(), "Content-Encoding", "gzip");
        final HttpResponse<String> actual = TestHttp.post(ztsdb("/write?db=test&precision=s"), bytes.toByteArray(),
            "Content-Encoding", "gzip");
        assertThat(actual.statusCode()).isEqualTo(expected.statusCode()).isEqualTo(204);
        final JsonNode written = TestHttp.getJson(ztsdb("/api/v1/query?query=zipped_x&time=1700000051"));
        assertThat(written.at("/data/result/0/value/1").asText()).isEqualTo("8");
    }

    /**
     * @return every numeric point InfluxDB stored, as {@code name{labels} millis value}; one query per measurement, as
     * a query over several merges fields of the same name and different types.
     */
    private static TreeSet<String> influxPoints() throws Exception {
        final TreeSet<String> points = new TreeSet<>();
        final JsonNode measurements = TestHttp.getJson(influxd.url("/query?db=test&q=SHOW+MEASUREMENTS"));
        for (final JsonNode name : measurements.at("/results/0/series/0/values")) {
            final String measurement = name.get(0).asText();
            final JsonNode answer = TestHttp.getJson(influxd.url("/query?db=test&epoch=ms&q=" + TestHttp.encode(
                "SELECT * FROM \"" + measurement.replace("\\", "\\\\").replace("\"", "\\\"") + "\" GROUP BY *")));
            for (final JsonNode series : answer.at("/results/0/series")) {
                addPoints(points, measurement, series);
            }
        }
        return points;
    }

    private static void addPoints(final TreeSet<String> points, final String measurement, final JsonNode series) {
        final TreeMap<String, String> tags = new TreeMap<>();
        series.path("tags").properties().stream().filter(t -> !t.getValue().asText().isEmpty())
            .forEach(t -> tags.put(promLabel(t.getKey()), t.getValue().asText()));
        final JsonNode columns = series.get("columns");
        for (final JsonNode row : series.get("values")) {
            for (int c = 1; c < columns.size(); c++) {
                final JsonNode value = row.get(c);
                if (value.isNull() || value.isTextual() || tags.containsKey(promLabel(columns.get(c).asText()))) {
                    continue;
                }
                final double number = value.isBoolean() ? (value.asBoolean() ? 1 : 0) : value.asDouble();
                points.add(promMetric(measurement + "_" + columns.get(c).asText()) + tags + " "
                    + row.get(0).asLong() + " " + number);
            }
        }
    }

    /** @return every point ztsdb stored, read through PromQL, as {@link #influxPoints()} writes them. */
    private static TreeSet<String> ztsdbPoints() throws Exception {
        final JsonNode answer = TestHttp.getJson(ztsdb("/api/v1/query?time=1800000000&query=" + TestHttp.encode(
            "{__name__=~\".+\"}[40000d]")));
        final TreeSet<String> points = new TreeSet<>();
        for (final JsonNode series : answer.at("/data/result")) {
            final TreeMap<String, String> labels = new TreeMap<>();
            series.get("metric").properties().forEach(l -> labels.put(l.getKey(), l.getValue().asText()));
            final String name = labels.remove("__name__");
            for (final JsonNode sample : series.get("values")) {
                final long millis = Math.round(sample.get(0).asDouble() * 1000);
                points.add(name + labels + " " + millis + " " + Double.parseDouble(sample.get(1).asText()));
            }
        }
        return points;
    }

    private static String promMetric(final String name) {
        final String mapped = name.replaceAll("[^A-Za-z0-9_:]", "_");
        return Character.isDigit(mapped.charAt(0)) ? "_" + mapped : mapped;
    }

    private static String promLabel(final String name) {
        final String mapped = name.replaceAll("[^A-Za-z0-9_]", "_");
        return Character.isDigit(mapped.charAt(0)) ? "_" + mapped : mapped;
    }
}
