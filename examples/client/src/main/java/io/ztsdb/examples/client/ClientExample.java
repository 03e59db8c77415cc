// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.examples.client;

import io.ztsdb.client.ClientException;
import io.ztsdb.client.InsertResult;
import io.ztsdb.client.QueryResult;
import io.ztsdb.client.ServerErrorException;
import io.ztsdb.client.TsdbClient;
import io.ztsdb.client.WriteBatch;
import io.ztsdb.protocol.Aggregation;

import java.util.Map;

/**
 * An application that writes to and reads from a running {@code tsvdb serve} with the Java client: register a named
 * series, insert a batch, stream points (pipelined), query raw and per minute, and handle an error answer from the
 * server, after which the connection stays usable. An unreachable server ends it with a message and exit code 1.
 * <p>
 * {@code java -cp 'target/client.jar:target/lib/*' io.ztsdb.examples.client.ClientExample [host] [port]}: Java 17 or
 * later, no JVM flags. The series carries the Java version as a label, so runs on two JVMs write two series.
 */
public final class ClientExample {
    private static final long MINUTE_MILLIS = 60_000L;
    private static final int BATCH_POINTS = 60;
    private static final int STREAMED_POINTS = 40;

    private ClientExample() {
    }

    public static void main(final String[] args) {
        final String host = args.length > 0 ? args[0] : "127.0.0.1";
        final int port = args.length > 1 ? Integer.parseInt(args[1]) : 9876;
        try (TsdbClient client = TsdbClient.builder().host(host).port(port).build()) {
            client.connect();
            run(client);
        } catch (final ServerErrorException ex) {
            System.out.println("the server refused a request: " + ex.getMessage());
            System.exit(1);
        } catch (final ClientException ex) { // connection refused or lost, timeout
            System.out.println("no ztsdb server at " + host + ":" + port + ": " + ex.getMessage());
            System.exit(1);
        }
    }

    private static void run(final TsdbClient client) {
        final String java = String.valueOf(Runtime.version().feature());
        // The server derives the id from the name and labels: registering again returns the same id.
        final long id = client.registerSeries("example.http.requests", Map.of("app", "client-example", "java", java));
        System.out.println("registered example.http.requests{app=\"client-example\",java=\"" + java + "\"}: id "
            + Long.toUnsignedString(id));

        // One sample a second for 100 s, starting on a whole minute, two minutes ago.
        final long start = (System.currentTimeMillis() / MINUTE_MILLIS - 2) * MINUTE_MILLIS;
        final WriteBatch batch = new WriteBatch(BATCH_POINTS);
        for (int i = 0; i < BATCH_POINTS; i++) {
            batch.add(id, start + i * 1000L, i * 0.5);
        }
        final InsertResult inserted = client.insertBatch(batch); // returns once the server has the points durably
        System.out.println("inserted a batch: " + inserted.accepted() + " accepted, " + inserted.rejected()
            + " rejected");

        for (int i = BATCH_POINTS; i < BATCH_POINTS + STREAMED_POINTS; i++) {
            client.add(id, start + i * 1000L, i * 0.5); // batched and pipelined by the client
        }
        final InsertResult streamed = client.flush();
        System.out.println("streamed points: " + streamed.accepted() + " accepted, " + streamed.rejected()
            + " rejected");

        final QueryResult raw = client.query(id, start, start + 2 * MINUTE_MILLIS);
        double sum = 0;
        for (int i = 0; i < raw.size(); i++) {
            sum += raw.value(i);
        }
        System.out.println("queried " + raw.size() + " points, sum " + sum);

        final QueryResult perMinute = client.query(id, start, start + 2 * MINUTE_MILLIS - 1, MINUTE_MILLIS,
            Aggregation.AVG);
        final StringBuilder averages = new StringBuilder("average per minute:");
        for (int i = 0; i < perMinute.size(); i++) {
            averages.append(' ').append(perMinute.value(i));
        }
        System.out.println(averages);

        try {
            client.query(id, start + MINUTE_MILLIS, start); // ends before it starts
        } catch (final ServerErrorException ex) {
            System.out.println("the server answered " + ex.errorCode() + ": " + ex.serverMessage());
        }
        client.ping(); // the connection survives an error answer
        System.out.println("still connected: " + client.isConnected());
    }
}
