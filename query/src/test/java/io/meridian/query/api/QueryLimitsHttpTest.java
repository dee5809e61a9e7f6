package io.meridian.query.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.config.HttpConfig;
import io.meridian.http.HttpApi;
import io.meridian.http.Role;
import io.meridian.query.sql.QueryEngine;
import io.meridian.query.store.MetadataStore;
import io.meridian.query.testing.Records;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runaway queries over HTTP: they are cut at their limit, the server keeps answering, and too many get 429. */
@Timeout(120)
class QueryLimitsHttpTest {
    private static final String RECURSIVE = "WITH RECURSIVE t(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM t) SELECT count(*) FROM t";
    private static final String CROSS_JOIN = "SELECT count(*) FROM files a, files b, files c";
    private static final String SIMPLE = "SELECT count(*) FROM files";

    private final MetadataStore store = new MetadataStore();
    private final HttpClient client = HttpClient.newHttpClient();
    private HttpApi http;
    private QueryEngine engine;

    @BeforeEach
    void start() throws Exception {
        for (int i = 0; i < 1000; i++) {
            String path = String.format("/datasets/f%04d.bin", i);
            store.putFile(Records.file(path, i, Map.of(), "nas"));
        }
        warmUp();
        engine = new QueryEngine(store, new QueryEngine.Limits(100, Duration.ofSeconds(3), Long.MAX_VALUE, 8, 2));
        http = new HttpApi(new HttpConfig("127.0.0.1", 0, null, null), name -> null);
        QueryRoutes routes = new QueryRoutes(engine, new ReadMetrics(new SimpleMeterRegistry(), store));
        http.route("POST", "/v1/query", Role.READ, routes::query).start();
    }

    /** Plans and compiles queries like the test's once, so that a cold JVM's first planning is not what times out. */
    private void warmUp() {
        QueryEngine warm = new QueryEngine(store, new QueryEngine.Limits(100, Duration.ofSeconds(120), 10_000, 8, 8));
        for (String sql : new String[] {RECURSIVE, CROSS_JOIN, SIMPLE}) {
            try {
                warm.query(sql);
            } catch (RuntimeException stoppedByTheRowBudget) {
                // expected for the runaways
            }
        }
    }

    @AfterEach
    void stop() {
        if (http != null) {
            http.close();
        }
    }

    @Test
    void shouldCutRunawaysStayResponsiveAndRefuseTooManyWith429() throws Exception {
        CompletableFuture<HttpResponse<String>> recursive = queryAsync(RECURSIVE);
        awaitRunning(1);
        long started = System.nanoTime();
        assertThat(get("/health").statusCode()).isEqualTo(200);
        HttpResponse<String> simple = query(SIMPLE);
        assertThat(simple.statusCode()).as(simple.body()).isEqualTo(200);
        assertThat(simple.body()).contains("[[1000]]");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));

        CompletableFuture<HttpResponse<String>> crossJoin = queryAsync(CROSS_JOIN);
        awaitRunning(2);
        HttpResponse<String> refused = query(SIMPLE);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        assertThat(refused.body()).contains("queries of this caller are running");

        for (CompletableFuture<HttpResponse<String>> runaway : java.util.List.of(recursive, crossJoin)) {
            HttpResponse<String> answer = runaway.get();
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.body()).contains("timeout");
        }
        awaitRunning(0);
        assertThat(query(SIMPLE).statusCode()).isEqualTo(200);
    }

    private void awaitRunning(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (engine.running() != count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("running queries: " + engine.running() + ", expected " + count);
            }
            Thread.sleep(10);
        }
    }

    private HttpRequest request(String sql) {
        return HttpRequest.newBuilder(URI.create(http.url() + "/v1/query")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sql\": \"" + sql + "\"}")).build();
    }

    private CompletableFuture<HttpResponse<String>> queryAsync(String sql) {
        return client.sendAsync(request(sql), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> query(String sql) throws Exception {
        return client.send(request(sql), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(http.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
