package io.meridian.devstack.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.meridian.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@link RegistryRoute}s over HTTP with the Schema Registry content type.
 *
 * <p>Every error is answered in Confluent's shape {@code {"error_code":N,"message":"..."}} with the
 * matching HTTP status: the route's own errors, 404/405 for unknown paths and methods, 500/50001 for
 * anything unexpected (logged here, never shown with a stack trace to the client).
 */
final class RegistryHttpHandler implements HttpHandler {
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<RegistryRoute> routes;

    RegistryHttpHandler(List<RegistryRoute> routes) {
        this.routes = List.copyOf(routes);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            int status = 200;
            Object body;
            try {
                body = dispatch(exchange);
            } catch (SchemaRegistryException e) {
                status = e.httpStatus();
                body = error(e.errorCode(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                status = 500;
                body = error(RegistryErrors.STORE_ERROR, "Internal error: " + e.getMessage());
            }
            send(exchange, status, body);
        }
    }

    private Object dispatch(HttpExchange exchange) {
        String path = exchange.getRequestURI().getRawPath();
        boolean pathKnown = false;
        for (RegistryRoute route : routes) {
            Matcher matcher = route.path().matcher(path);
            if (matcher.matches()) {
                pathKnown = true;
                if (route.method().equals(exchange.getRequestMethod())) {
                    return route.action().handle(new RegistryRequest(exchange, matcher));
                }
            }
        }
        throw pathKnown ? new SchemaRegistryException(405, 405, "HTTP 405 Method Not Allowed")
                : new SchemaRegistryException(404, 404, "HTTP 404 Not Found");
    }

    private static Map<String, Object> error(int code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", code);
        body.put("message", message);
        return body;
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
