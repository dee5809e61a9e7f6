package io.meridian.http;

import io.meridian.config.HttpConfig;
import java.util.function.UnaryOperator;

/**
 * The HTTP server's token references, resolved ahead of time: {@code meridian up} calls
 * {@link #check} in its pre-flight so that a missing token is refused before anything starts, by the
 * same resolution {@link HttpApi#start()} uses.
 */
public final class HttpTokens {
    private HttpTokens() {
    }

    /**
     * Resolves {@code http.tokens.readOnly} and {@code http.tokens.operator} as the server will.
     *
     * @throws IllegalArgumentException naming the field, the reference and what to set
     */
    public static void check(HttpConfig config, UnaryOperator<String> env) {
        BearerTokens.resolve(config, env);
    }
}
