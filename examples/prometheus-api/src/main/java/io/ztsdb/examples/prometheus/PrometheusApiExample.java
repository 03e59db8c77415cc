// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.examples.prometheus;

import io.ztsdb.client.ClientException;
import io.ztsdb.client.InsertResult;
import io.ztsdb.client.TsdbClient;
import io.ztsdb.client.WriteBatch;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a series with the Java client and reads it back through the Prometheus HTTP API of the same server, as
 * Grafana or {@code promtool} would: an instant PromQL query and the series list. The metric is stored as
 * {@code example.shop.orders}; PromQL names it {@code example_shop_orders} (docs/prometheus.md, "Names").
 * <p>
 * {@code java -cp 'target/prometheus-api.jar:target/lib/*' io.ztsdb.examples.prometheus.PrometheusApiExample
 * [host] [tcp-port] [http-port]}: Java 17 or later, no JVM flags. The samples have fixed times, one a second from
 * 2023-11-14T22:13:20Z, so the answers are the same on every run.
 */
public final class PrometheusApiExample {
    private static final long FIRST_MILLIS = 1_700_000_000_000L;
    private static final int POINTS = 10;
    /** The value of an instant vector sample: {@code "value":[<seconds>,"<value>"]}. */
    private static final Pattern SAMPLE_VALUE = Pattern.compile("\"value\":\\[[^,\\]]+,\"([^\"]+)\"\\]");

    private PrometheusApiExample() {
    }

    public static void main(final String[] args) throws IOException, InterruptedException {
        final String host = args.length > 0 ? args[0] : "127.0.0.1";
        final int tcpPort = args.length > 1 ? Integer.parseInt(args[1]) : 9876;
        final int httpPort = args.length > 2 ? Integer.parseInt(args[2]) : 8080;
        try (TsdbClient client = TsdbClient.builder().host(host).port(tcpPort).build()) {
            client.connect();
            final long id = client.registerSeries("example.shop.orders", Map.of("shop", "berlin"));
            final WriteBatch batch = new WriteBatch(POINTS);
            for (int i = 0; i < POINTS; i++) {
                batch.add(id, FIRST_MILLIS + i * 1000L, i + 1); // 1, 2, ... 10 orders a second
            }
            final InsertResult inserted = client.insertBatch(batch);
            System.out.println("inserted " + POINTS + " points: " + inserted.accepted() + " accepted");
        } catch (final ClientException ex) {
            System.out.println("no ztsdb server at " + host + ":" + tcpPort + ": " + ex.getMessage());
            System.exit(1);
        }

        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        final String base = "http://" + host + ":" + httpPort + "/api/v1/";
        final String lastSecond = String.valueOf((FIRST_MILLIS + (POINTS - 1) * 1000L) / 1000);
        final String query = "sum_over_time(example_shop_orders{shop=\"berlin\"}[1m])";
        final String answer = get(http, base + "query?query=" + encode(query) + "&time=" + lastSecond);
        System.out.println("query " + query + ": " + answer);
        final Matcher value = SAMPLE_VALUE.matcher(answer);
        System.out.println("orders in the last minute: " + (value.find() ? value.group(1) : "none"));

        final String series = get(http, base + "series?match[]=" + encode("{shop=\"berlin\"}") + "&start="
            + FIRST_MILLIS / 1000 + "&end=" + lastSecond);
        System.out.println("series: " + series);
    }

    private static String get(final HttpClient http, final String uri) throws IOException, InterruptedException {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(uri))
            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            System.out.println("HTTP " + response.statusCode() + " from " + uri + ": " + response.body());
            System.exit(1);
        }
        return response.body();
    }

    private static String encode(final String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
