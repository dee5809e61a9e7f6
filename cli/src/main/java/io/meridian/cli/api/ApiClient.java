package io.meridian.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.meridian.cli.runtime.EndpointsFile;
import io.meridian.http.HttpCall;
import io.meridian.cli.runtime.MeridianHome;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Talks to the HTTP API of a running {@code meridian up} or {@code serve}; every command that reads
 * or changes what a running Meridian holds goes through it (one JVM start, no Kafka client). Its
 * address comes from {@code --url}, else from the endpoints file of the running {@code up}; a bearer
 * token, when the server wants one,
 * from the environment variable {@value #TOKEN_ENV} (never from the command line, where it would
 * sit in the shell history and the process list).
 */
public final class ApiClient {
    public static final String TOKEN_ENV = "MERIDIAN_TOKEN";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String token;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ApiClient(String baseUrl, String token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
    }

    /** The client for {@code --url}, or for the running {@code up} of this home. */
    public static ApiClient resolve(String url, MeridianHome home) {
        String base = url;
        if (base == null) {
            EndpointsFile running = EndpointsFile.require(home.endpointsFile());
            if (running.httpUrl() == null) {
                throw new IllegalStateException("the running Meridian (pid " + running.pid() + ") has no HTTP API;"
                        + " restart it with a version that runs the query stage, or pass --url");
            }
            base = running.httpUrl();
        }
        return new ApiClient(base, System.getenv(TOKEN_ENV));
    }

    /** POSTs a query and returns the response as a stream (the caller closes it). */
    public HttpResponse<InputStream> query(String sql, String format) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(java.util.Map.of("sql", sql, "format", format));
        return send(request("/v1/query").POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build());
    }

    public HttpResponse<InputStream> get(String path, String range) throws IOException, InterruptedException {
        HttpRequest.Builder builder = request(path).GET();
        if (range != null) {
            builder.header("Range", "bytes=" + range);
        }
        return send(builder.build());
    }

    /** GETs {@code path} and returns its JSON answer; a non-2xx answer throws with the server's message. */
    public JsonNode getJson(String path) throws IOException, InterruptedException {
        return json(request(path).GET().build());
    }

    /**
     * Sends {@code method} to {@code path} with {@code body} as JSON (none when null) and returns the
     * JSON answer (a {@code NullNode} for an empty one); a non-2xx answer throws with the server's message.
     */
    public JsonNode sendJson(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        HttpRequest.Builder builder = request(path).method(method, publisher);
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        return json(builder.build());
    }

    private JsonNode json(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = send(request);
        check(response);
        try (InputStream in = response.body()) {
            byte[] bytes = in.readAllBytes();
            return bytes.length == 0 ? NullNode.getInstance() : JSON.readTree(bytes);
        }
    }

    public static String encodeQuery(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Encodes each segment of a logical path for a URL, keeping the '/' separators. */
    public static String encodePath(String path) {
        return java.util.Arrays.stream(path.split("/", -1))
                .map(segment -> URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(java.util.stream.Collectors.joining("/"));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path));
        String user = System.getenv("USER");
        if (user != null && !user.isBlank()) {
            builder.header(HttpCall.USER_HEADER, user.strip());
        }
        if (token != null && !token.isBlank()) {
            builder.header("Authorization", "Bearer " + token.strip());
        }
        return builder;
    }

    private HttpResponse<InputStream> send(HttpRequest request) throws IOException, InterruptedException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException e) {
            throw new IllegalStateException("cannot reach the Meridian HTTP API at " + baseUrl
                    + "; is ./meridian up running?", e);
        }
    }

    /** Throws with the server's error message unless the status is 2xx. */
    public static void check(HttpResponse<InputStream> response) throws IOException {
        if (response.statusCode() / 100 == 2) {
            return;
        }
        try (InputStream in = response.body()) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String message = text;
            try {
                JsonNode error = JSON.readTree(text);
                message = error.path("error").asText(text);
                if (error.path("line").asInt(0) > 0) {
                    message = message.contains("line " + error.get("line").asInt()) ? message
                            : message + " (line " + error.get("line").asInt() + ", column " + error.get("column").asInt() + ")";
                }
            } catch (IOException notJson) {
                // keep the raw text
            }
            // 403 also refuses what no token allows (a symlink on the read path): only a token refusal gets the hint
            if (response.statusCode() == 401 || response.statusCode() == 403 && message.contains("token")) {
                message += "; set " + TOKEN_ENV + " to a token of the server";
            }
            throw new IllegalArgumentException(message);
        }
    }

    public static ObjectMapper json() {
        return JSON;
    }
}
