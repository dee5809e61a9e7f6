package io.meridian.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.config.ConfigException;
import io.meridian.config.ConfigLoader;
import io.meridian.config.HttpConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HttpApiTest {
    private static final Map<String, String> ENV = Map.of("RO_TOKEN", "read-secret", "OP_TOKEN", "operator-secret");

    private final HttpClient client = HttpClient.newHttpClient();
    private HttpApi api;

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void shouldRefuseToStartOnANonLoopbackAddressWithoutTokens() {
        api = new HttpApi(new HttpConfig("0.0.0.0", 0, null, null), ENV::get);
        assertThatThrownBy(api::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("tokens");
    }

    @Test
    void shouldRefuseANonLoopbackBindWithoutTokensInTheConfigWithItsLine() {
        String yaml = "http:\n  bind: 0.0.0.0\n  port: 18080\n";
        assertThatThrownBy(() -> ConfigLoader.parse("meridian.yaml", yaml, Path.of(".")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("meridian.yaml:2").hasMessageContaining("http.bind").hasMessageContaining("tokens");
    }

    @Test
    void shouldRefuseInlineTokensInTheConfig() {
        String yaml = "http:\n  tokens:\n    operator: hunter2\n";
        assertThatThrownBy(() -> ConfigLoader.parse("meridian.yaml", yaml, Path.of(".")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http.tokens.operator")
                .hasMessageContaining("${env:NAME}").message().doesNotContain("hunter2");
    }

    @Test
    void shouldReadTheHttpSectionWithTokenReferences() {
        String yaml = "http:\n  bind: 0.0.0.0\n  port: 8080\n  tokens:\n    readOnly: ${env:RO_TOKEN}\n    operator: file:/etc/op\n";
        HttpConfig http = ConfigLoader.parse("meridian.yaml", yaml, Path.of(".")).http();
        assertThat(http).isEqualTo(new HttpConfig("0.0.0.0", 8080, "${env:RO_TOKEN}", "file:/etc/op"));
    }

    @Test
    void shouldLetTheReadOnlyTokenReadButNotOperate() throws Exception {
        api = withRoutes(new HttpApi(new HttpConfig("0.0.0.0", 0, "${env:RO_TOKEN}", "env:OP_TOKEN"), ENV::get));
        assertThat(call("GET", "/v1/thing", "read-secret").statusCode()).isEqualTo(200);
        assertThat(call("POST", "/v1/thing", "read-secret").statusCode()).isEqualTo(403);
        assertThat(call("POST", "/v1/thing", "operator-secret").statusCode()).isEqualTo(200);
        assertThat(call("GET", "/v1/thing", "operator-secret").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseMissingOrUnknownTokensButServeHealth() throws Exception {
        api = withRoutes(new HttpApi(new HttpConfig("127.0.0.1", 0, "${env:RO_TOKEN}", null), ENV::get));
        HttpResponse<String> missing = call("GET", "/v1/thing", null);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(call("GET", "/v1/thing", "read-secretX").statusCode()).isEqualTo(401);
        assertThat(call("GET", "/health", null).body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void shouldRouteByLongestPrefixAndAnswerUnknownPathsAndMethods() throws Exception {
        api = withRoutes(new HttpApi(new HttpConfig("127.0.0.1", 0, null, null), ENV::get));
        api.route("GET", "/v1/files/", Role.READ, c -> c.text(200, "text/plain", "file " + c.rest()));
        assertThat(call("GET", "/v1/files/a/b.bin", null).body()).isEqualTo("file a/b.bin");
        assertThat(call("GET", "/v1/nothing", null).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/v1/thing", null).statusCode()).isEqualTo(405);
    }

    @Test
    void shouldAnswerRouteErrorsAsJson() throws Exception {
        api = withRoutes(new HttpApi(new HttpConfig("127.0.0.1", 0, null, null), ENV::get));
        api.route("GET", "/v1/bad", Role.READ, c -> {
            throw HttpException.badRequest("path must be absolute");
        });
        HttpResponse<String> response = call("GET", "/v1/bad", null);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"error\":\"path must be absolute\"}");
    }

    @Test
    void shouldAnswerTheClientsMistakesAs400WithTheirMessage() throws Exception {
        api = withRoutes(new HttpApi(new HttpConfig("127.0.0.1", 0, null, null), ENV::get));
        api.route("GET", "/v1/arg", Role.READ, c -> {
            throw new IllegalArgumentException("limit must be positive");
        });
        api.route("GET", "/v1/number", Role.READ, c -> c.json(200, Long.parseLong(c.queryParameters().get("n"))));
        api.route("POST", "/v1/json", Role.OPERATOR, c -> c.json(200, Json.mapper().readTree(c.body())));
        HttpResponse<String> arg = call("GET", "/v1/arg", null);
        assertThat(arg.statusCode()).isEqualTo(400);
        assertThat(arg.body()).isEqualTo("{\"error\":\"limit must be positive\"}");
        HttpResponse<String> number = call("GET", "/v1/number?n=99999999999999999999", null);
        assertThat(number.statusCode()).isEqualTo(400);
        assertThat(number.body()).contains("99999999999999999999");
        HttpResponse<String> json = client.send(HttpRequest.newBuilder(URI.create(api.url() + "/v1/json"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"a\": ")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(json.body()).contains("not valid JSON");
    }

    @Test
    void shouldAnswerUnexpectedFailuresAs500WithoutTheirDetails() throws Exception {
        api = withRoutes(new HttpApi(new HttpConfig("127.0.0.1", 0, null, null), ENV::get));
        api.route("GET", "/v1/broken", Role.READ, c -> {
            throw new IllegalStateException("secret internal state at /srv/meridian/db");
        });
        api.route("GET", "/v1/assert", Role.READ, c -> {
            throw new AssertionError("planner invariant");
        });
        for (String path : new String[] {"/v1/broken", "/v1/assert"}) {
            HttpResponse<String> response = call("GET", path, null);
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).contains("internal error").doesNotContain("secret").doesNotContain("/srv")
                    .doesNotContain("planner").doesNotContain("Exception").doesNotContain("Error");
        }
    }

    @Test
    void shouldRefuseADeclaredBodyLargerThanTheLimit() throws Exception {
        api = withRoutes(new HttpApi(new HttpConfig("127.0.0.1", 0, null, null), ENV::get));
        RawHttp.Response response = RawHttp.send(api.url(), "POST /v1/read HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + (HttpCall.MAX_BODY_BYTES + 1), "{}", 10_000);
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.text()).contains("larger than");
    }

    @Test
    void shouldDeliverTheRefusalOfATooLargeBodyAndKeepTheConnectionUsable() throws Exception {
        api = withRoutes(new HttpApi(new HttpConfig("127.0.0.1", 0, null, null), ENV::get));
        HttpClient pooled = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        byte[] twoMiB = ("{\"pad\":\"" + "a".repeat(2 << 20) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> refused = pooled.send(HttpRequest.newBuilder(URI.create(api.url() + "/v1/read"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(twoMiB)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(413);
            assertThat(refused.body()).contains("larger than");
            HttpResponse<String> next = pooled.send(HttpRequest.newBuilder(URI.create(api.url() + "/v1/read"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(next.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldDropARequestWhoseBodyNeverArrivesAfterTheRequestTimeLimit() throws Exception {
        api = withRoutes(new HttpApi(new HttpConfig("127.0.0.1", 0, null, null), ENV::get));
        long limitMillis = Long.getLong("sun.net.httpserver.maxReqTime", HttpServerLimits.MAX_REQUEST_SECONDS) * 1000;
        RawHttp.Response lying = RawHttp.send(api.url(), "POST /v1/read HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: 1000", "{\"only\": \"part\"", (int) limitMillis + 10_000);
        assertThat(lying.status()).isNotEqualTo(200);
        assertThat(lying.millis()).isBetween(limitMillis - 100, limitMillis + 3000);
        RawHttp.Response trickled = RawHttp.sendExactly(api.url(), "GET /v1/thing HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Never-Ends: ",
                (int) limitMillis + 10_000);
        assertThat(trickled.status()).isZero();
        assertThat(trickled.millis()).isLessThan(limitMillis + 3000);
        assertThat(call("GET", "/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldSetTheJdkServerLimitsUnlessTheOperatorDid() {
        HttpServerLimits.install();
        assertThat(System.getProperty("sun.net.httpserver.maxReqHeaders")).isEqualTo("100");
        assertThat(System.getProperty("sun.net.httpserver.maxReqHeaderSize")).isEqualTo("65536");
        assertThat(System.getProperty("sun.net.httpserver.maxReqTime")).isEqualTo("2"); // the pom's -D wins
        assertThat(System.getProperty("sun.net.httpserver.drainAmount")).isEqualTo(Integer.toString(4 << 20));
    }

    @Test
    void shouldRefuseTooManyHeaders() throws Exception {
        api = withRoutes(new HttpApi(new HttpConfig("127.0.0.1", 0, null, null), ENV::get));
        StringBuilder head = new StringBuilder("GET /v1/thing HTTP/1.1\r\nHost: 127.0.0.1");
        for (int i = 0; i <= HttpServerLimits.MAX_REQUEST_HEADERS; i++) {
            head.append("\r\nX-H").append(i).append(": v");
        }
        assertThat(RawHttp.send(api.url(), head.toString(), "", 10_000).status()).isNotEqualTo(200);
        String huge = "GET /v1/thing HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(HttpServerLimits.MAX_REQUEST_HEADER_BYTES);
        assertThat(RawHttp.send(api.url(), huge, "", 10_000).status()).isNotEqualTo(200);
    }

    private static HttpApi withRoutes(HttpApi api) throws Exception {
        api.route("GET", "/v1/thing", Role.READ, c -> c.json(200, Map.of("ok", true)));
        api.route("POST", "/v1/thing", Role.OPERATOR, c -> c.json(200, Map.of("done", true)));
        api.route("POST", "/v1/read", Role.OPERATOR, c -> c.json(200, Map.of("read", c.body().length)));
        api.start();
        return api;
    }

    private HttpResponse<String> call(String method, String path, String token) throws Exception {
        String base = api.url();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
