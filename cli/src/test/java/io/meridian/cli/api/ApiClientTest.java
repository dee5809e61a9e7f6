package io.meridian.cli.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;

class ApiClientTest {
    @Test
    void shouldSuggestATokenOnlyWhenTheServerAskedForOne() {
        assertThatThrownBy(() -> ApiClient.check(answer(401, "missing or unknown bearer token; send Authorization: Bearer TOKEN")))
                .hasMessageEndingWith("; set MERIDIAN_TOKEN to a token of the server");
        assertThatThrownBy(() -> ApiClient.check(answer(403, "this call needs the operator token")))
                .hasMessageEndingWith("; set MERIDIAN_TOKEN to a token of the server");
    }

    @Test
    void shouldNotSuggestATokenWhenNoTokenWouldHelp() {
        String symlink = "/datasets/evil: path component 'evil' of key 'evil' in silo nas is a symlink; Meridian never follows symlinks";
        assertThatThrownBy(() -> ApiClient.check(answer(403, symlink))).hasMessage(symlink);
    }

    private static HttpResponse<InputStream> answer(int status, String error) {
        byte[] body = ("{\"error\":\"" + error + "\"}").getBytes(StandardCharsets.UTF_8);
        return new HttpResponse<>() {
            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public HttpRequest request() {
                return HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).build();
            }

            @Override
            public Optional<HttpResponse<InputStream>> previousResponse() {
                return Optional.empty();
            }

            @Override
            public HttpHeaders headers() {
                return HttpHeaders.of(Map.of(), (a, b) -> true);
            }

            @Override
            public InputStream body() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public Optional<SSLSession> sslSession() {
                return Optional.empty();
            }

            @Override
            public URI uri() {
                return request().uri();
            }

            @Override
            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
    }
}
