package io.meridian.schemas.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * A JDK HTTP server on 127.0.0.1 and a free port that records every request and answers with whatever
 * the test's responder returns, to replay registry answers to the real client.
 */
public final class FakeRegistryServer implements AutoCloseable {

    /** One received request; header names lower-case, raw (still percent-encoded) path and query. */
    public record Recorded(String method, String path, String query, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** What to answer. */
    public record Answer(int status, String contentType, String body) {
        public static Answer json(int status, String body) {
            return new Answer(status, "application/vnd.schemaregistry.v1+json", body);
        }
    }

    private final HttpServer server;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();

    private FakeRegistryServer(HttpServer server, Function<Recorded, Answer> responder) {
        this.server = server;
        server.createContext("/", exchange -> handle(exchange, responder));
        server.start();
    }

    public static FakeRegistryServer start(Function<Recorded, Answer> responder) throws IOException {
        return new FakeRegistryServer(HttpServer.create(loopback(), 0), responder);
    }

    public static FakeRegistryServer startTls(SSLContext tls, Function<Recorded, Answer> responder) throws IOException {
        HttpsServer https = HttpsServer.create(loopback(), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new FakeRegistryServer(https, responder);
    }

    public String url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange, Function<Recorded, Answer> responder) throws IOException {
        try (exchange) {
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Recorded recorded = new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), headers, body);
            requests.add(recorded);
            Answer answer = responder.apply(recorded);
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress("127.0.0.1", 0);
    }
}
