package io.meridian.http;

import com.fasterxml.jackson.core.JacksonException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.meridian.config.HttpConfig;
import io.meridian.stage.Stage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's single HTTP server (JDK {@code HttpServer}); every stage registers its routes on it
 * with {@link #route}. A route is a method and a path prefix: {@code "/v1/query"} matches only that
 * path, {@code "/v1/files/"} (ending in '/') matches everything below it; the longest prefix wins.
 * {@code "/"} alone matches only {@code /} (the web console's page), never every path.
 *
 * <p>Security: listens on 127.0.0.1 by default and refuses to start on any other address unless
 * bearer tokens are configured (read-only and/or operator, from env or file references). With
 * tokens, every route but {@link Role#PUBLIC} ones needs {@code Authorization: Bearer TOKEN}.
 * {@code GET /health} is built in. Routes may be added before or after {@link #start()}. Browsers
 * cannot drive the API from other sites' pages: {@link RequestGuard} checks Host, Origin and the body's
 * Content-Type (421, 403, 415); the JDK server's own request limits are set by {@link HttpServerLimits}.
 *
 * <p>Errors: a route's {@link HttpException} answers its status; an {@link IllegalArgumentException}
 * (a {@link NumberFormatException} included) or a JSON parse error is the client's, 400 with its
 * message; anything else is a 500 with a generic message and a reference, logged with the stack trace
 * and never shown to the client.
 */
public final class HttpApi implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    /** The body type a route takes unless it says otherwise. */
    public static final Set<String> JSON_BODY = Set.of("application/json");
    /** JSON or YAML bodies (policy files). */
    public static final Set<String> JSON_OR_YAML_BODY = Set.of("application/json", "application/yaml",
            "application/x-yaml", "text/yaml", "text/x-yaml");

    static {
        HttpServerLimits.install();
    }

    private record Registered(String method, String prefix, Role role, Set<String> bodyTypes, Route route) {
        boolean matches(String path) {
            if (prefix.equals("/")) {
                return path.equals(prefix);
            }
            return prefix.endsWith("/") ? path.startsWith(prefix) || path.equals(prefix.substring(0, prefix.length() - 1))
                    : path.equals(prefix);
        }
    }

    private final HttpConfig config;
    private final UnaryOperator<String> env;
    private final List<Registered> routes = new CopyOnWriteArrayList<>();
    private volatile HttpServer server;
    private volatile ExecutorService executor;
    private volatile BearerTokens tokens;
    private volatile RequestGuard guard;

    /** A server for the config's {@code http:} section; tokens resolve from {@code env} at start. */
    public HttpApi(HttpConfig config, UnaryOperator<String> env) {
        this.config = config;
        this.env = env;
        route("GET", "/health", Role.PUBLIC, call -> call.json(200, Map.of("status", "UP")));
    }

    public static HttpApi fromConfig(HttpConfig config) {
        return new HttpApi(config, System::getenv);
    }

    /**
     * Resolves {@code http.tokens} as {@link #start()} will, so that a pre-flight refuses a missing token
     * before anything starts.
     *
     * @throws IllegalArgumentException naming the field, the reference and what to set
     */
    public static void checkTokens(HttpConfig config, UnaryOperator<String> env) {
        BearerTokens.resolve(config, env);
    }

    /**
     * Registers a route that takes JSON bodies ({@link #JSON_BODY}); a second route with the same
     * method and prefix replaces the first.
     */
    public HttpApi route(String method, String pathPrefix, Role role, Route route) {
        return route(method, pathPrefix, role, JSON_BODY, route);
    }

    /** Registers a route whose request bodies may have any of {@code bodyTypes} (media types, lower case). */
    public HttpApi route(String method, String pathPrefix, Role role, Set<String> bodyTypes, Route route) {
        if (!pathPrefix.startsWith("/")) {
            throw new IllegalArgumentException("a route prefix starts with '/': " + pathPrefix);
        }
        routes.removeIf(r -> r.method().equals(method) && r.prefix().equals(pathPrefix));
        routes.add(new Registered(method, pathPrefix, role, Set.copyOf(bodyTypes), route));
        return this;
    }

    @Override
    public String name() {
        return "http api";
    }

    @Override
    public synchronized void start() throws IOException {
        BearerTokens resolved = BearerTokens.resolve(config, env);
        if (!config.loopback() && !resolved.configured()) {
            throw new IllegalStateException("http.bind " + config.bind() + " is reachable from other machines but no"
                    + " http.tokens are configured; configure tokens or bind 127.0.0.1");
        }
        tokens = resolved;
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "meridian-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        HttpServer created = HttpServer.create(new InetSocketAddress(config.bind(), config.port()), 64);
        created.createContext("/", this::dispatch);
        created.setExecutor(executor);
        created.start();
        server = created;
        guard = new RequestGuard(resolved.configured(), urlHost(), created.getAddress().getPort());
        LOG.info("HTTP API listening on {} ({})", url(), resolved.configured() ? "bearer tokens required" : "loopback, no tokens");
    }

    /**
     * The {@code Authorization} header for calls to other instances of this process's kind (same
     * config, same tokens), e.g. the partitioned query tier's peers; empty when no tokens are
     * configured. Only after {@link #start()}. Never log it.
     */
    public java.util.Optional<String> peerAuthorization() {
        if (tokens == null) {
            throw new IllegalStateException("the HTTP server is not started");
        }
        return tokens.forPeers();
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:18080}; only after {@link #start()}. */
    public String url() {
        if (server == null) {
            throw new IllegalStateException("the HTTP server is not started");
        }
        return "http://" + urlHost() + ":" + server.getAddress().getPort();
    }

    private String urlHost() {
        String host = config.bind().equals("0.0.0.0") || config.bind().equals("::") ? "127.0.0.1" : config.bind();
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private void dispatch(HttpExchange exchange) {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Optional<HttpException> refused = guard.refuseBeforeRouting(exchange.getRequestMethod(), exchange.getRequestHeaders());
            if (refused.isPresent()) {
                answerError(new HttpCall(exchange, "", Role.PUBLIC), refused.get().status(), refused.get().getMessage());
                return;
            }
            Optional<Registered> match = routes.stream().filter(r -> r.matches(path))
                    .filter(r -> r.method().equals(exchange.getRequestMethod()))
                    .max(Comparator.comparingInt(r -> r.prefix().length()));
            if (match.isEmpty()) {
                boolean otherMethod = routes.stream().anyMatch(r -> r.matches(path));
                HttpCall call = new HttpCall(exchange, "", Role.PUBLIC);
                call.json(otherMethod ? 405 : 404, Map.of("error", (otherMethod ? "method " + exchange.getRequestMethod()
                        + " not allowed on " : "no route for ") + path));
                return;
            }
            handle(exchange, path, match.get());
        } catch (IOException e) {
            LOG.debug("HTTP client went away: {}", e.getMessage());
        }
    }

    private void handle(HttpExchange exchange, String path, Registered route) throws IOException {
        Optional<Role> granted = tokens.roleOf(exchange.getRequestHeaders().getFirst("Authorization"));
        String rest = path.length() > route.prefix().length() ? path.substring(route.prefix().length()) : "";
        HttpCall call = new HttpCall(exchange, rest, granted.orElse(Role.PUBLIC));
        Optional<HttpException> refused = RequestGuard.refuseBody(exchange.getRequestMethod(), exchange.getRequestHeaders(), route.bodyTypes());
        if (refused.isPresent()) {
            answerError(call, refused.get().status(), refused.get().getMessage());
            return;
        }
        if (route.role() != Role.PUBLIC && granted.isEmpty()) {
            call.responseHeader("WWW-Authenticate", "Bearer");
            call.json(401, Map.of("error", "missing or unknown bearer token; send Authorization: Bearer TOKEN"));
            return;
        }
        if (!route.role().allows(call.granted())) {
            call.json(403, Map.of("error", "this call needs the " + route.role().name().toLowerCase() + " token"));
            return;
        }
        try {
            route.route().handle(call);
        } catch (Exception | AssertionError | LinkageError e) {
            if (e instanceof IOException io && !(e instanceof JacksonException)) {
                throw io; // the client went away; a JSON parse error is an IOException too, but the client's
            }
            answerFailure(call, e, exchange.getRequestMethod() + " " + path);
        }
    }

    /** Answers a route's failure: its own status, 400 for the client's mistakes, else a logged 500. */
    private static void answerFailure(HttpCall call, Throwable failure, String request) throws IOException {
        if (failure instanceof HttpException e) {
            answerError(call, e.status(), e.getMessage());
        } else if (failure instanceof IllegalArgumentException || failure instanceof JacksonException) {
            String message = failure instanceof JacksonException json ? "request is not valid JSON: " + json.getOriginalMessage()
                    : failure.getMessage() == null ? "bad request" : failure.getMessage();
            answerError(call, 400, message);
        } else {
            String reference = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
            LOG.error("HTTP {} failed (reference {})", request, reference, failure);
            answerError(call, 500, "internal error (reference " + reference + "); the server log has the details");
        }
    }

    private static void answerError(HttpCall call, int status, String message) throws IOException {
        if (!call.answered()) {
            call.json(status, Map.of("error", message));
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        if (executor != null) {
            executor.shutdownNow(); // interrupts streaming answers (push queries)
            executor = null;
        }
    }
}
