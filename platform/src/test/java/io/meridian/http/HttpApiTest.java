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

    private static HttpApi withRoutes(HttpApi api) throws Exception {
        api.route("GET", "/v1/thing", Role.READ, c -> c.json(200, Map.of("ok", true)));
        api.route("POST", "/v1/thing", Role.OPERATOR, c -> c.json(200, Map.of("done", true)));
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
