package io.meridian.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.config.HttpConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Browsers cannot drive the API from other sites: Content-Type, Host and Origin rules on a real server. */
@Timeout(30)
class RequestGuardTest {
    private static final Map<String, String> ENV = Map.of("OP_TOKEN", "operator-secret");

    private final HttpClient client = HttpClient.newHttpClient();
    private HttpApi api;

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void shouldRefuseFormAndTextBodiesThatABrowserSendsWithoutAsking() throws Exception {
        api = started(null);
        assertThat(post("/v1/thing", "application/x-www-form-urlencoded", "a=b", Map.of()).statusCode()).isEqualTo(415);
        assertThat(post("/v1/thing", "multipart/form-data; boundary=x", "--x--", Map.of()).statusCode()).isEqualTo(415);
        HttpResponse<String> text = post("/v1/thing", "text/plain", "{\"a\": 1}", Map.of());
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(text.body()).contains("application/json");
        assertThat(post("/v1/thing", null, "{\"a\": 1}", Map.of()).statusCode()).isEqualTo(415);
        assertThat(post("/v1/thing", "application/x-www-form-urlencoded", "", Map.of()).statusCode()).isEqualTo(415);
    }

    @Test
    void shouldTakeJsonAndTheTypesARouteDeclares() throws Exception {
        api = started(null);
        api.route("POST", "/v1/policies", Role.OPERATOR, HttpApi.JSON_OR_YAML_BODY, c -> c.json(200, Map.of("ok", true)));
        assertThat(post("/v1/thing", "application/json", "{}", Map.of()).statusCode()).isEqualTo(200);
        assertThat(post("/v1/thing", "Application/JSON; charset=utf-8", "{}", Map.of()).statusCode()).isEqualTo(200);
        assertThat(post("/v1/thing", null, "", Map.of()).statusCode()).isEqualTo(200); // a bodiless POST (drain)
        assertThat(post("/v1/policies", "application/yaml", "policies: []", Map.of()).statusCode()).isEqualTo(200);
        assertThat(post("/v1/thing", "application/yaml", "a: 1", Map.of()).statusCode()).isEqualTo(415);
    }

    @Test
    void shouldRefuseAForeignHostWithoutTokensAsMisdirected() throws Exception {
        api = started(null);
        int port = URI.create(api.url()).getPort();
        RawHttp.Response rebinding = raw("GET /v1/thing HTTP/1.1\r\nHost: attacker.example:" + port);
        assertThat(rebinding.status()).isEqualTo(421);
        assertThat(rebinding.text()).contains("attacker.example");
        assertThat(raw("GET /v1/thing HTTP/1.1\r\nHost: 127.0.0.1:" + (port + 1)).status()).isEqualTo(421);
        assertThat(raw("GET /v1/thing HTTP/1.1\r\nHost: localhost:" + port).status()).isEqualTo(200);
        assertThat(raw("GET /v1/thing HTTP/1.1\r\nHost: [::1]:" + port).status()).isEqualTo(200);
        assertThat(raw("GET /v1/thing HTTP/1.1\r\nHost: 127.0.0.1").status()).isEqualTo(200);
        assertThat(raw("GET /v1/thing HTTP/1.0").status()).isEqualTo(200);
    }

    @Test
    void shouldAcceptAnyHostWhenTokensProtectTheServer() throws Exception {
        api = started("env:OP_TOKEN");
        assertThat(raw("GET /v1/thing HTTP/1.1\r\nHost: meridian.example.org\r\nAuthorization: Bearer operator-secret").status())
                .isEqualTo(200);
    }

    @Test
    void shouldRefuseStateChangesFromAForeignOrigin() throws Exception {
        api = started(null);
        HttpResponse<String> foreign = post("/v1/thing", "application/json", "{}", Map.of("Origin", "https://evil.example"));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("evil.example");
        assertThat(post("/v1/thing", null, "", Map.of("Origin", "null")).statusCode()).isEqualTo(403);
        assertThat(get("/v1/thing", Map.of("Origin", "https://evil.example")).statusCode()).isEqualTo(403);
    }

    @Test
    void shouldServeItsOwnOriginAndClientsWithoutOrigin() throws Exception {
        api = started(null);
        assertThat(post("/v1/thing", "application/json", "{}", Map.of("Origin", api.url())).statusCode()).isEqualTo(200);
        assertThat(get("/v1/thing", Map.of("Origin", api.url())).statusCode()).isEqualTo(200);
        assertThat(post("/v1/thing", "application/json", "{}", Map.of()).statusCode()).isEqualTo(200);
        assertThat(get("/v1/thing", Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldLetTokenHoldersReadFromAnyOriginButNotChangeState() throws Exception {
        api = started("env:OP_TOKEN");
        Map<String, String> foreign = new LinkedHashMap<>(Map.of("Origin", "https://evil.example"));
        foreign.put("Authorization", "Bearer operator-secret");
        assertThat(get("/v1/thing", foreign).statusCode()).isEqualTo(200);
        assertThat(post("/v1/thing", "application/json", "{}", foreign).statusCode()).isEqualTo(403);
    }

    private HttpApi started(String operatorToken) throws Exception {
        HttpApi server = new HttpApi(new HttpConfig("127.0.0.1", 0, null, operatorToken), ENV::get);
        server.route("GET", "/v1/thing", Role.READ, c -> c.json(200, Map.of("ok", true)));
        server.route("POST", "/v1/thing", Role.OPERATOR, c -> c.json(200, Map.of("read", c.body().length)));
        server.start();
        return server;
    }

    private RawHttp.Response raw(String head) throws Exception {
        return RawHttp.send(api.url(), head, "", 10_000);
    }

    private HttpResponse<String> post(String path, String contentType, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.url() + path))
                .POST(body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.url() + path));
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
