package io.meridian.devstack.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.sun.net.httpserver.HttpExchange;
import io.meridian.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;

/** One HTTP request to the registry: its decoded path parameters, query parameters and JSON body. */
final class RegistryRequest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpExchange exchange;
    private final Matcher path;
    private final Map<String, String> query;
    private JsonNode body;

    RegistryRequest(HttpExchange exchange, Matcher path) {
        this.exchange = exchange;
        this.path = path;
        this.query = parseQuery(exchange.getRequestURI().getRawQuery());
    }

    /** The n-th capture group of the route's path pattern, percent-decoded. */
    String pathParam(int group) {
        return decode(path.group(group));
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(query.get(name));
    }

    /** The request body as JSON; a missing node when the body is empty. */
    JsonNode body() {
        if (body == null) {
            body = readBody();
        }
        return body;
    }

    private JsonNode readBody() {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            return bytes.length == 0 ? MissingNode.getInstance() : JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException(400, 400, "Invalid JSON in the request body: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body", e);
        }
    }

    /** A text field of the JSON body, or null when absent. */
    String bodyText(String field) {
        JsonNode node = body().get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "true" : pair.substring(equals + 1);
            params.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }

    private static String decode(String rawPathSegment) {
        // URLDecoder is a form decoder: a literal '+' in a path is a plus sign, not a space.
        return URLDecoder.decode(rawPathSegment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
