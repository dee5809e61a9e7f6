package io.meridian.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.meridian.cli.runtime.EndpointsFile;
import io.meridian.cli.runtime.MeridianHome;
import io.meridian.http.HttpCall;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Talks to the HTTP API of a running {@code meridian up} or {@code serve}; every command that reads
 * or changes what a running Meridian holds goes through it (one JVM start, no Kafka client). Its
 * address comes from {@code --url}, else from the endpoints file of the running {@code up}; a bearer
 * token, when the server wants one, from the environment variable {@value #TOKEN_ENV} (never from the
 * command line, where it would sit in the shell history and the process list).
 *
 * <p>Built on {@link HttpURLConnection} rather than {@code java.net.http.HttpClient}: the latter sets up
 * TLS (the JDK's trust store) for every client, which costs a short-lived command a third of a second
 * even against {@code http://}; here TLS is set up only for an {@code https://} URL.
 */
public final class ApiClient {
    public static final String TOKEN_ENV = "MERIDIAN_TOKEN";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final String baseUrl;
    private final String token;

    /** One answer: its status, its headers (by name, case-insensitive) and its body (the caller closes it). */
    public record Response(int status, Map<String, String> headers, InputStream body) {
        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
        }
    }

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

    /** POSTs a query and returns the answer as a stream (the caller closes its body). */
    public Response query(String sql, String format) throws IOException {
        return send("POST", "/v1/query", JSON.writeValueAsBytes(Map.of("sql", sql, "format", format)), Map.of());
    }

    /** GETs {@code path}, only the bytes {@code range} ("0-1023", "1000-") when not null. */
    public Response get(String path, String range) throws IOException {
        return send("GET", path, null, range == null ? Map.of() : Map.of("Range", "bytes=" + range));
    }

    /** GETs {@code path} and returns its JSON answer; a non-2xx answer throws with the server's message. */
    public JsonNode getJson(String path) throws IOException {
        return json(send("GET", path, null, Map.of()));
    }

    /**
     * Sends {@code method} to {@code path} with {@code body} as JSON (none when null) and returns the
     * JSON answer (a {@code NullNode} for an empty one); a non-2xx answer throws with the server's message.
     */
    public JsonNode sendJson(String method, String path, Object body) throws IOException {
        return json(send(method, path, body == null ? null : JSON.writeValueAsBytes(body), Map.of()));
    }

    /** Sends {@code body} as {@code contentType} (e.g. a YAML file) to {@code path} and returns the JSON answer, as {@link #sendJson}. */
    public JsonNode sendText(String method, String path, String contentType, String body) throws IOException {
        return json(send(method, path, body.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", contentType)));
    }

    private static JsonNode json(Response response) throws IOException {
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

    private Response send(String method, String path, byte[] body, Map<String, String> headers) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(baseUrl + path).toURL().openConnection();
        connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
        connection.setReadTimeout(0); // a push query streams until the user stops it
        connection.setUseCaches(false);
        connection.setRequestMethod(method);
        headers.forEach(connection::setRequestProperty);
        if (token != null && !token.isBlank()) {
            connection.setRequestProperty("Authorization", "Bearer " + token.strip());
        }
        String user = System.getenv("USER");
        if (user == null || user.isBlank()) {
            user = System.getProperty("user.name"); // $USER is unset under cron, systemd and some containers
        }
        if (user != null && !user.isBlank()) {
            connection.setRequestProperty(HttpCall.USER_HEADER, user.strip());
        }
        try {
            if (body != null) {
                if (!headers.containsKey("Content-Type")) {
                    connection.setRequestProperty("Content-Type", "application/json");
                }
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            Map<String, String> answerHeaders = new LinkedHashMap<>();
            connection.getHeaderFields().forEach((name, values) -> {
                if (name != null && !values.isEmpty()) {
                    answerHeaders.put(name, values.get(0));
                }
            });
            return new Response(status, answerHeaders, in == null ? InputStream.nullInputStream() : in);
        } catch (ConnectException e) {
            throw new IllegalStateException("cannot reach the Meridian HTTP API at " + baseUrl
                    + "; is ./meridian up running?", e);
        }
    }

    /** Throws with the server's error message unless the status is 2xx. */
    public static void check(Response response) throws IOException {
        if (response.status() / 100 == 2) {
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
            if (response.status() == 401 || response.status() == 403 && message.contains("token")) {
                message += "; set " + TOKEN_ENV + " to a token of the server";
            }
            throw new IllegalArgumentException(message);
        }
    }

    public static ObjectMapper json() {
        return JSON;
    }
}
