// SPDX-License-Identifier: Apache-2.0
import java.util.Map;

import io.ztsdb.client.InsertResult;
import io.ztsdb.client.QueryResult;
import io.ztsdb.client.ServerErrorException;
import io.ztsdb.client.TsdbClient;
import io.ztsdb.client.WriteBatch;
import io.ztsdb.protocol.Aggregation;

/**
 * A plain application of tsdb-client, run by ClientOnJava17Test as a single source file on Java 17 with nothing
 * on the class path but the client and protocol jars, and no JVM flags. Prints one line per step; exits non-zero
 * on any mismatch.
 */
public final class ClientProbe {
    private static final long START = 1_700_000_000_000L;

    public static void main(final String[] args) {
        final int port = Integer.parseInt(args[0]);
        try (TsdbClient client = TsdbClient.builder().host("127.0.0.1").port(port).build()) {
            client.connect();
            final long id = client.registerSeries("probe.cpu.usage", Map.of("host", "java17", "core", "0"));
            check(id == client.registerSeries("probe.cpu.usage", Map.of("core", "0", "host", "java17")),
                "registration is stable");
            System.out.println("registered " + Long.toUnsignedString(id));

            final WriteBatch batch = new WriteBatch(100);
            for (int i = 0; i < 100; i++) {
                batch.add(id, START + i * 1000L, i * 0.5);
            }
            final InsertResult sync = client.insertBatch(batch);
            check(sync.accepted() == 100 && sync.rejected() == 0, "insertBatch " + sync);
            for (int i = 100; i < 200; i++) {
                client.add(id, START + i * 1000L, i * 0.5);
            }
            final InsertResult pipelined = client.flush();
            check(pipelined.accepted() == 100, "flush " + pipelined);
            check(client.insert(id, START + 200_000L, Double.NaN).accepted() == 1, "insert");
            System.out.println("inserted 201");

            final QueryResult raw = client.query(id, START, START + 199_000L);
            check(raw.size() == 200, "raw size " + raw.size());
            for (int i = 0; i < 200; i++) {
                check(raw.timestampMillis(i) == START + i * 1000L && raw.value(i) == i * 0.5, "point " + i);
            }
            final QueryResult sums = client.query(id, START, START + 199_999L, 100_000L, Aggregation.SUM);
            check(sums.size() == 2 && sums.value(0) == 2475.0 && sums.value(1) == 7475.0, "aggregated");
            System.out.println("queried 200 points, 2 buckets");

            try {
                client.query(id, START + 1000L, START);
                check(false, "a query that ends before it starts must fail");
            } catch (final ServerErrorException ex) {
                System.out.println("server error " + ex.errorCode() + ": " + ex.serverMessage());
            }
            check(client.ping() > 0 && client.isConnected(), "connection kept after the error");
            System.out.println("java " + Runtime.version().feature() + " done");
        }
    }

    private static void check(final boolean condition, final String what) {
        if (!condition) {
            System.out.println("FAILED: " + what);
            System.exit(1);
        }
    }
}
