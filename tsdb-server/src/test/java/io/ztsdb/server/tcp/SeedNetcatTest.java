// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.tcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ztsdb.server.runtime.ServerRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The seed README's netcat one-liner, through the real {@code nc} binary, read back over HTTP. */
class SeedNetcatTest {
    /** Copied verbatim from the seed README; only the port differs (ephemeral) and -N closes on EOF. */
    private static final String SEED_ONE_LINER = "printf 'ZTSD\\x01\\x01\\x18\\x00\\x00\\x00\\x00\\x00\\x00\\x00"
        + "\\x00\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x94\\x87\\x97\\x00\\x00\\x00\\x00\\x00\\x00"
        + "\\x00\\x00\\x00\\x00Y@' | nc -N localhost ";

    @TempDir
    Path dataDir;
    private ServerRuntime runtime;

    @BeforeEach
    void start() {
        runtime = TestServer.start(dataDir);
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void shouldStoreSeedOneLinerSentWithNetcat() throws Exception {
        assumeThat(Path.of("/bin/nc")).as("netcat (apt-get install netcat-openbsd)").exists();
        final Process nc = new ProcessBuilder("bash", "-c", SEED_ONE_LINER + runtime.tcpPort())
            .redirectErrorStream(true).start();
        assertThat(nc.waitFor(20, TimeUnit.SECONDS)).as("nc finished").isTrue();
        final byte[] answer = nc.getInputStream().readAllBytes();
        assertThat(nc.exitValue()).as(new String(answer)).isZero();
        // ok frame: header with type 0x80 and an 8-byte payload, accepted = 1, rejected = 0.
        assertThat(HexFormat.of().formatHex(answer))
            .isEqualTo("5a54534401800800000000000000000001000000" + "00000000");

        final HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + runtime.httpPort() + "/query?series=1&start=0&end=9999999999999"))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        final JsonNode result = new ObjectMapper().readTree(response.body());
        assertThat(result.get("points")).hasSize(1);
        assertThat(result.get("points").get(0).get("timestamp").asLong()).isEqualTo(2542244864L);
        assertThat(result.get("points").get(0).get("value").asDouble()).isEqualTo(100.0);
    }
}
