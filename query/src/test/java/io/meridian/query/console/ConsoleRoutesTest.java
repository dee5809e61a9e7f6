package io.meridian.query.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.config.HttpConfig;
import io.meridian.http.HttpApi;
import io.meridian.query.store.MetadataStore;
import io.meridian.query.testing.Records;
import io.meridian.schemas.Tier;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The console's files and read routes on a real loopback server without tokens (no Kafka needed). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class ConsoleRoutesTest {
    private final MetadataStore store = new MetadataStore();
    private final HttpClient client = HttpClient.newHttpClient();
    private HttpApi http;

    @BeforeAll
    void start() throws Exception {
        http = new HttpApi(new HttpConfig("127.0.0.1", 0, null, null), name -> null);
        ConsoleRoutes.register(http, store, Clock.systemUTC());
        http.start();
    }

    @AfterAll
    void stop() {
        http.close();
    }

    @Test
    void shouldServeThePageAtTheRootWithItsTypeCachingAndASelfOnlyPolicy() throws Exception {
        HttpResponse<String> page = get("/", Map.of());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'none'").contains("script-src 'self'").doesNotContain("http"));
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(page.body()).contains("console/app.js").doesNotContain("https://");
        String etag = page.headers().firstValue("ETag").orElseThrow();
        assertThat(get("/", Map.of("If-None-Match", etag)).statusCode()).isEqualTo(304);
        assertThat(get("/console/app.js", Map.of()).headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(get("/console/app.css", Map.of()).headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(get("/console/", Map.of()).body()).isEqualTo(page.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/console/../pom.xml", "/console/%2e%2e/%2e%2e/etc/passwd", "/console/..%2fapp.js", "/console/a/app.js",
            "/console/App.js", "/console/nothere.js", "/console/app.js%00.png", "/console/.app.js"})
    void shouldRefuseAnythingButTheConsoleFiles(String path) throws Exception {
        HttpResponse<String> answer = get(path, Map.of());
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).doesNotContain("Meridian console").doesNotContain("root:");
    }

    @Test
    void shouldKeepUnknownPathsUnrouted() throws Exception {
        HttpResponse<String> answer = get("/no/such/page", Map.of());
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).contains("no route for /no/such/page");
    }

    @Test
    void shouldKeepTheFirstPageUnder300KB() {
        assertThat(new ConsoleAssets().firstPageBytes()).isBetween(10_000L, 300_000L);
    }

    @Test
    void shouldTellTheCallerItsRole() throws Exception {
        assertThat(get("/v1/whoami", Map.of()).body()).isEqualTo("{\"role\":\"operator\"}");
    }

    @Test
    void shouldAnnounceAChangeOfTheStoreOnTheEventStream() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(http.url() + "/v1/changes")).build();
        HttpResponse<java.io.InputStream> answer = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
        try (BufferedReader events = new BufferedReader(new InputStreamReader(answer.body(), StandardCharsets.UTF_8))) {
            assertThat(events.readLine()).isEqualTo("event: change");
            String first = events.readLine();
            assertThat(events.readLine()).isEmpty();
            store.putSilo("nas", Records.posixSilo("nas", "/srv/nas", "onprem", Tier.CAPACITY, 1L << 30));
            assertThat(events.readLine()).isEqualTo("event: change");
            String second = events.readLine();
            assertThat(second).startsWith("data: {\"version\":").isNotEqualTo(first);
        }
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.url() + path)).timeout(Duration.ofSeconds(10));
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
