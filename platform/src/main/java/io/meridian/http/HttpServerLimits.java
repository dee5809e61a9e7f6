package io.meridian.http;

import java.util.Map;

/**
 * Limits of the JDK HTTP server on what a client may send, so that a slow or lying client (a
 * {@code Content-Length} larger than what it sends, headers trickled byte by byte) cannot hold a
 * connection and its handler thread for ever. The JDK reads them from system properties once, when
 * its first server in the process is created: {@link #install()} sets every one the operator has not
 * set already (a {@code -D} on the command line wins), and must run before any JDK {@code HttpServer}
 * of the process (the embedded schema registry's included) is created; {@link HttpApi} calls it when
 * its class loads and {@code meridian}'s main calls it first thing.
 *
 * <p>Answers are not limited: content downloads and push queries may stream for as long as the client
 * reads them. Request bodies are limited separately by {@link HttpCall#MAX_BODY_BYTES}.
 */
public final class HttpServerLimits {
    /** Seconds within which the request line, headers and body must have arrived; then the connection is closed. */
    public static final long MAX_REQUEST_SECONDS = 20;
    /** Header lines per request; more are refused. */
    public static final int MAX_REQUEST_HEADERS = 100;
    /** Bytes of the request line and headers together; more are refused. */
    public static final int MAX_REQUEST_HEADER_BYTES = 64 * 1024;
    /** Open connections per server; a connection beyond them is closed as soon as it is accepted. */
    public static final int MAX_CONNECTIONS = 256;
    /**
     * Bytes of a request body the server reads and discards after answering without reading it (a 413
     * for a body over {@link HttpCall#MAX_BODY_BYTES}, a 415, a 401). Closing a socket with unread input
     * makes the kernel send a reset that can destroy the answer in flight, and the client would see a
     * dropped connection instead of the refusal (and a pooled connection die under its next request).
     * Up to this many bytes, still within {@link #MAX_REQUEST_SECONDS}, the refusal arrives and the
     * connection stays usable; a larger body gets its connection closed. The JDK's default is 64 KiB.
     */
    public static final int MAX_DRAIN_BYTES = 4 * HttpCall.MAX_BODY_BYTES;

    /**
     * The JDK's system property of each limit (JDK 17: {@code sun.net.httpserver.ServerConfig}), and one
     * setting that is not a limit: {@code TCP_NODELAY} on accepted connections, so that a small answer
     * (a count to a peer of the partitioned query tier, a 409) is not held back by Nagle's algorithm
     * waiting for the client's delayed ACK (about 40 ms a call on Linux).
     */
    static final Map<String, String> PROPERTIES = Map.of(
            "sun.net.httpserver.nodelay", "true",
            "sun.net.httpserver.maxReqTime", Long.toString(MAX_REQUEST_SECONDS),
            "sun.net.httpserver.maxReqHeaders", Integer.toString(MAX_REQUEST_HEADERS),
            "sun.net.httpserver.maxReqHeaderSize", Integer.toString(MAX_REQUEST_HEADER_BYTES),
            "jdk.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS),
            "sun.net.httpserver.drainAmount", Integer.toString(MAX_DRAIN_BYTES));

    private HttpServerLimits() {
    }

    /** Sets each limit's system property unless it is set already; idempotent. */
    public static synchronized void install() {
        PROPERTIES.forEach((name, value) -> {
            if (System.getProperty(name) == null) {
                System.setProperty(name, value);
            }
        });
    }
}
