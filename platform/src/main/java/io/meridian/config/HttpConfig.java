package io.meridian.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The {@code http:} section: where the process's single HTTP server listens and where its bearer
 * tokens come from. Tokens are references ({@code ${env:NAME}}, {@code env:NAME}, {@code ${file:PATH}},
 * {@code file:PATH}), never the secret itself; they are resolved when the server starts.
 *
 * @param bind             address to listen on; loopback unless tokens are configured
 * @param port             TCP port; 0 picks a free one
 * @param readOnlyTokenRef reference to the token that may call read-only routes, or null
 * @param operatorTokenRef reference to the token that may call every route, or null
 */
public record HttpConfig(String bind, int port, String readOnlyTokenRef, String operatorTokenRef) {
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 18080;

    /** Loopback on the default port, no tokens. */
    public static HttpConfig defaults() {
        return new HttpConfig(DEFAULT_BIND, DEFAULT_PORT, null, null);
    }

    public Optional<String> readOnlyToken() {
        return Optional.ofNullable(readOnlyTokenRef);
    }

    public Optional<String> operatorToken() {
        return Optional.ofNullable(operatorTokenRef);
    }

    /** Whether any token is configured. */
    public boolean hasTokens() {
        return readOnlyTokenRef != null || operatorTokenRef != null;
    }

    /** Whether {@code bind} names only this machine (127.0.0.0/8, ::1, localhost). */
    public boolean loopback() {
        return isLoopback(bind);
    }

    /** Whether an address is a loopback address; names that do not resolve count as not loopback. */
    public static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The same settings on another port (tests and {@code up --http-port} use 0 for a free one). */
    public HttpConfig withPort(int newPort) {
        return new HttpConfig(bind, newPort, readOnlyTokenRef, operatorTokenRef);
    }
}
