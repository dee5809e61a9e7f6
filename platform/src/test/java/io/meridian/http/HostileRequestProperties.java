package io.meridian.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.config.HttpConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Whatever method, Host, Origin, Content-Type, Range and body a client sends, the answer is a 2xx or a 4xx with a message. */
class HostileRequestProperties {
    private static HttpApi api;
    private static int port;

    /** A well-formed HTTP/1.1 request made of hostile parts. */
    record Hostile(String method, String path, String host, String origin, String contentType, String range, String body) {
        String head() {
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1");
            if (host != null) {
                head.append("\r\nHost: ").append(host);
            }
            header(head, "Origin", origin);
            header(head, "Content-Type", contentType);
            header(head, "Range", range);
            return head.append("\r\nContent-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).toString();
        }

        private static void header(StringBuilder head, String name, String value) {
            if (value != null) {
                head.append("\r\n").append(name).append(": ").append(value);
            }
        }
    }

    @BeforeContainer
    static void start() throws Exception {
        api = new HttpApi(new HttpConfig("127.0.0.1", 0, null, null), name -> null);
        api.route("GET", "/v1/thing", Role.READ, c -> c.json(200, Map.of("ok", true)));
        api.route("POST", "/v1/json", Role.OPERATOR, c -> c.json(200, c.bodyJson(JsonNode.class)));
        api.route("GET", "/v1/number", Role.READ, c -> c.json(200, Long.parseLong(c.queryParameters().getOrDefault("n", ""))));
        api.route("DELETE", "/v1/items/", Role.OPERATOR, c -> c.json(200, Map.of("deleted", c.rest())));
        api.start();
        port = URI.create(api.url()).getPort();
    }

    @AfterContainer
    static void stop() {
        api.close();
    }

    @Property(tries = 300)
    void shouldAnswerEveryRequestWithA2xxOrA4xxWithAMessage(@ForAll("requests") Hostile request) throws Exception {
        RawHttp.Response response = RawHttp.send(api.url(), request.head(), request.body(), 10_000);
        assertThat(response.status()).as(request + " -> " + response.text()).isBetween(200, 499);
        boolean jdkRefusedTheRequestLine = response.status() == 400 && response.text().contains("Content-Type: text/html");
        if (response.status() >= 400 && !request.method().equals("HEAD") && !jdkRefusedTheRequestLine) {
            assertThat(response.text()).as(request.toString()).contains("\"error\":\"");
        }
    }

    @Provide
    Arbitrary<Hostile> requests() {
        Arbitrary<String> method = Arbitraries.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
        Arbitrary<String> path = Arbitraries.of("/v1/thing", "/v1/json", "/v1/number?n=99999999999999999999",
                "/v1/number?n=-1", "/v1/number?n=abc", "/v1/items/a%2Fb", "/v1/items/%00", "/nope", "/health", "/v1/json?x=%zz");
        Arbitrary<String> host = Arbitraries.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port, "evil.example",
                "127.0.0.1:1", "LOCALHOST", "", "a:b:c").injectNull(0.1);
        Arbitrary<String> origin = Arbitraries.of("http://127.0.0.1:" + port, "https://evil.example", "null", "file://",
                "http://localhost:" + port + "/", "").injectNull(0.5);
        Arbitrary<String> type = Arbitraries.of("application/json", "application/json; charset=utf-8", "text/plain",
                "application/x-www-form-urlencoded", "multipart/form-data", "application/yaml", ";", "APPLICATION/JSON")
                .injectNull(0.3);
        Arbitrary<String> range = Arbitraries.of("bytes=0-99999999999999999999", "bytes=-9223372036854775808", "bytes=5-1",
                "bytes=", "items=1-2", "bytes=0-1,2-3").injectNull(0.7);
        Arbitrary<String> body = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40),
                Arbitraries.of("{}", "[]", "{\"a\":", "null", "1e999999", "\"\\ud800\"", "{\"a\":[[[[[[[[[[]]]]]]]]]]}"));
        return Combinators.combine(method, path, host, origin, type, range, body).as(Hostile::new);
    }
}
