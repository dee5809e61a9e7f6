package io.meridian.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request to a route and its answer. {@link #rest()} is the decoded part of the path after the
 * route's prefix (for {@code /v1/files/} and {@code /v1/files/a/b}, {@code a/b}). Answer once, with
 * {@link #json}, {@link #text}, {@link #bytes} or {@link #stream}.
 */
public final class HttpCall {
    /** Largest request body accepted, so that one client cannot exhaust the heap. */
    public static final int MAX_BODY_BYTES = 1 << 20;

    private final HttpExchange exchange;
    private final String rest;
    private final Role granted;
    private boolean answered;

    HttpCall(HttpExchange exchange, String rest, Role granted) {
        this.exchange = exchange;
        this.rest = rest;
        this.granted = granted;
    }

    /** The header in which a client states its user name (see {@link #caller()}). */
    public static final String USER_HEADER = "X-Meridian-User";
    private static final java.util.regex.Pattern USER_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public String method() {
        return exchange.getRequestMethod();
    }

    /** The decoded path after the route prefix; may be empty. */
    public String rest() {
        return rest;
    }

    /** The role the caller's token grants ({@link Role#OPERATOR} when no tokens are configured). */
    public Role granted() {
        return granted;
    }

    /**
     * Who called, for tag commands, staging requests and access events: the role and the client
     * address ({@code operator@127.0.0.1}), preceded by the user name the client states in
     * {@value #USER_HEADER} when it is a plain name ({@code alice via operator@127.0.0.1}; the
     * {@code meridian} CLI sends $USER). The stated name is a label, not an identity: the role is
     * what the token proves.
     */
    public String caller() {
        String who = granted.name().toLowerCase(java.util.Locale.ROOT) + "@" + exchange.getRemoteAddress().getAddress().getHostAddress();
        return header(USER_HEADER).filter(user -> USER_NAME.matcher(user).matches()).map(user -> user + " via " + who).orElse(who);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
    }

    /** Query parameters, decoded; the first value wins. */
    public Map<String, String> queryParameters() {
        Map<String, String> out = new LinkedHashMap<>();
        queryPairs().forEach(pair -> out.putIfAbsent(pair.getKey(), pair.getValue()));
        return out;
    }

    /** Every value of the query parameter {@code name}, decoded, in order ({@code ?tag=a=1&tag=b=2}). */
    public List<String> queryValues(String name) {
        return queryPairs().stream().filter(pair -> pair.getKey().equals(name)).map(Map.Entry::getValue).toList();
    }

    private List<Map.Entry<String, String>> queryPairs() {
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return List.of();
        }
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            pairs.add(Map.entry(key, value));
        }
        return pairs;
    }

    /**
     * The request body, at most {@link #MAX_BODY_BYTES}: a larger one, declared or sent, is a 413
     * (a declared one is refused before any of it is read).
     */
    public byte[] body() throws IOException {
        if (declaredLength() > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] data = in.readNBytes(MAX_BODY_BYTES + 1);
            if (data.length > MAX_BODY_BYTES) {
                throw tooLarge();
            }
            return data;
        }
    }

    private long declaredLength() {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        try {
            return length == null ? -1 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // the JDK server refuses such a request before it gets here
        }
    }

    private static HttpException tooLarge() {
        return new HttpException(413, "request body larger than " + MAX_BODY_BYTES + " bytes; send less");
    }

    /** The body parsed as JSON into {@code type}; a parse error is a 400 naming the problem. */
    public <T> T bodyJson(Class<T> type) throws IOException {
        try {
            return Json.mapper().readValue(body(), type);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw HttpException.badRequest("request body is not valid JSON for this call: " + e.getOriginalMessage());
        }
    }

    public void json(int status, Object body) throws IOException {
        bytes(status, "application/json", Json.mapper().writeValueAsBytes(body));
    }

    public void text(int status, String contentType, String body) throws IOException {
        bytes(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public void bytes(int status, String contentType, byte[] body) throws IOException {
        markAnswered();
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * Starts an answer whose body is written by the caller: {@code length} bytes, or chunked when
     * {@code length} is -1. The caller closes the stream; a write fails once the client disconnects.
     */
    public OutputStream stream(int status, String contentType, long length) throws IOException {
        markAnswered();
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, length < 0 ? 0 : (length == 0 ? -1 : length));
        return exchange.getResponseBody();
    }

    /** Sets a response header; call before answering. */
    public void responseHeader(String name, String value) {
        exchange.getResponseHeaders().set(name, value);
    }

    boolean answered() {
        return answered;
    }

    private void markAnswered() {
        if (answered) {
            throw new IllegalStateException("this call was already answered");
        }
        answered = true;
    }
}
