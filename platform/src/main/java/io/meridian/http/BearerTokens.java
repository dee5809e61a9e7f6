package io.meridian.http;

import io.meridian.config.HttpConfig;
import io.meridian.config.SecretRefs;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The resolved bearer tokens of the HTTP server and the role each grants. Compares in constant time
 * so that response timing does not leak a token. Never logs or prints a token.
 */
final class BearerTokens {
    private final byte[] readOnly;
    private final byte[] operator;

    private BearerTokens(byte[] readOnly, byte[] operator) {
        this.readOnly = readOnly;
        this.operator = operator;
    }

    /** Resolves the config's references ({@code ${env:X}}, {@code env:X}, {@code ${file:P}}, {@code file:P}). */
    static BearerTokens resolve(HttpConfig config, UnaryOperator<String> env) {
        SecretRefs refs = new SecretRefs(env);
        byte[] readOnly = config.readOnlyToken().map(ref -> resolve(refs, "http.tokens.readOnly", ref)).orElse(null);
        byte[] operator = config.operatorToken().map(ref -> resolve(refs, "http.tokens.operator", ref)).orElse(null);
        return new BearerTokens(readOnly, operator);
    }

    private static byte[] resolve(SecretRefs refs, String field, String ref) {
        String wrapped = ref.startsWith("${") ? ref : "${" + ref + "}";
        String value = refs.resolve(Map.of(field, wrapped)).get(field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " refers to " + ref + ", which is empty; put a token there");
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The {@code Authorization} header this process sends to its own peers (other instances with the
     * same config): the read-only token, else the operator token; empty when no tokens are configured.
     */
    Optional<String> forPeers() {
        byte[] token = readOnly != null ? readOnly : operator;
        return token == null ? Optional.empty() : Optional.of("Bearer " + new String(token, StandardCharsets.UTF_8));
    }

    boolean configured() {
        return readOnly != null || operator != null;
    }

    /**
     * The role an {@code Authorization} header grants: {@link Role#OPERATOR} for everyone when no
     * tokens are configured, else by token; empty for a missing or unknown token.
     */
    Optional<Role> roleOf(String authorization) {
        if (!configured()) {
            return Optional.of(Role.OPERATOR);
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        byte[] presented = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (operator != null && MessageDigest.isEqual(operator, presented)) {
            return Optional.of(Role.OPERATOR);
        }
        if (readOnly != null && MessageDigest.isEqual(readOnly, presented)) {
            return Optional.of(Role.READ);
        }
        return Optional.empty();
    }
}
